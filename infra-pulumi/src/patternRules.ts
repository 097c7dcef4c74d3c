// The rules every mode creates from infra-pulumi/event-patterns/, the files the C# function embeds and its tests read,
// so the function's own filter cannot drift from the rules.
import * as fs from "node:fs";
import * as path from "node:path";
import { type EventPattern, validatePattern } from "./eventPattern";

export const EVENT_PATTERN_DIR = path.resolve(__dirname, "..", "event-patterns");
/** Rule pattern files, shared with the C# function's tests so its own filter cannot drift from the rules. */
export const PATTERN_FILES = { rootMfaApiCalls: "root-mfa-api-calls.json", rootConsoleSignIn: "root-console-signin.json" } as const;
export type PatternName = keyof typeof PATTERN_FILES;

/** Loads and validates one rule pattern from infra-pulumi/event-patterns/. */
export function loadPattern(name: PatternName): EventPattern {
  const file = path.join(EVENT_PATTERN_DIR, PATTERN_FILES[name]);
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  validatePattern(parsed);
  return parsed;
}

/** The pattern rules every mode creates. */
export const PATTERN_RULES: Array<{ key: string; pattern: PatternName; description: string }> = [
  { key: "root-mfa-api-calls", pattern: "rootMfaApiCalls", description: "Root user MFA device and login-profile changes (CloudTrail)" },
  // Root ConsoleLogin events are recorded in us-east-1 whatever region the console opens in: "If you sign in
  // as the root user, CloudTrail records the event in us-east-1." (AWS CloudTrail User Guide, "AWS Management
  // Console sign-in events", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html)
  { key: "root-console-signin", pattern: "rootConsoleSignIn", description: "Successful root user console sign-ins (CloudTrail)" },
];
