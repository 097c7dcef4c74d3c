// The shared sample events (tests/SecHubRootMfa.Function.Tests/Events/) and the rule each must trigger: one table for
// the TS matcher's tests and EventBridge's (moto) own, and the same verdicts the C# router gives (near-misses ignored).
import * as fs from "node:fs";
import * as path from "node:path";
import type { PatternName } from "../src/patternRules";

export const EVENTS_DIR = path.join(__dirname, "..", "..", "tests", "SecHubRootMfa.Function.Tests", "Events");
export const readEvent = (file: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, file), "utf8"));
export const sampleFiles = (): string[] => fs.readdirSync(EVENTS_DIR).filter((f) => f.endsWith(".json")).sort();

/** Which rule each sample must trigger; "none" means no rule (near-misses, and the schedule's own event). */
export const EXPECTED: Record<string, PatternName | "none"> = {
  "cloudtrail-EnableMFADevice-root.json": "rootMfaApiCalls",
  "cloudtrail-DeactivateMFADevice-root.json": "rootMfaApiCalls",
  "cloudtrail-CreateVirtualMFADevice-root.json": "rootMfaApiCalls",
  "cloudtrail-DeleteVirtualMFADevice-root.json": "rootMfaApiCalls",
  "cloudtrail-ResyncMFADevice-root.json": "rootMfaApiCalls",
  "cloudtrail-UpdateLoginProfile-root.json": "rootMfaApiCalls",
  "cloudtrail-CreateLoginProfile-root-assumeroot.json": "rootMfaApiCalls",
  "cloudtrail-DeleteLoginProfile-root-assumeroot.json": "rootMfaApiCalls",
  "cloudtrail-DeactivateMFADevice-root-assumeroot.json": "rootMfaApiCalls",
  "signin-root-mfa-virtual.json": "rootConsoleSignIn",
  "signin-root-mfa-fido.json": "rootConsoleSignIn",
  "signin-root-nomfa.json": "rootConsoleSignIn",
  "scheduled-event.json": "none",
  "nearmiss-EnableMFADevice-iamuser.json": "none",
  "nearmiss-EnableMFADevice-root-failed.json": "none",
  "nearmiss-ListMFADevices-root.json": "none",
  "nearmiss-signin-iamuser.json": "none",
  "nearmiss-signin-root-failed.json": "none",
  "nearmiss-otherservice-s3-CreateBucket-root.json": "none",
  // Verbatim AWS samples (Events/README.md names their pages).
  "signin-root-nomfa-awsdocs.json": "rootConsoleSignIn",
  "signin-root-mfa-awsdocs.json": "rootConsoleSignIn",
  "cloudtrail-EnableMFADevice-root-awsdocs.json": "rootMfaApiCalls",
  "scheduled-event-awsdocs.json": "none",
  "nearmiss-signin-root-failed-awsdocs.json": "none",
  "nearmiss-signin-root-PasswordUpdated-awsdocs.json": "none",
  "nearmiss-signin-iamuser-mfa-awsdocs.json": "none",
  "nearmiss-signin-iamuser-failed-awsdocs.json": "none",
  "nearmiss-signin-iamuser-CheckMfa-awsdocs.json": "none",
};
export const RULES: PatternName[] = ["rootMfaApiCalls", "rootConsoleSignIn"];
