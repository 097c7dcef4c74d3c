// SecHubRootMfa: deploys the root hardware-MFA checker (CIS "hardware MFA for root", Security Hub IAM.6).
// A thin caller of the SecHubRootMfa component (src/stack.ts, which composes one module per concern): configuration in,
// the component, its outputs out.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings } from "./src/config";
import { prebuiltBuilder, scriptBuilder } from "./src/build";
import { awsProviderSettings } from "./src/providers";
import { createStack } from "./src/stack";

// ---- Configuration (every key is declared with type, default and description in ../Pulumi.yaml) ----
const config = new pulumi.Config("sechubrootmfa");
const settings = parseSettings((key) => config.get(key));
const awsConfig = new pulumi.Config("aws");
const repoRoot = path.resolve(__dirname, "..");
const builder = settings.functionPackageDir
  ? prebuiltBuilder(path.resolve(repoRoot, settings.functionPackageDir))
  : scriptBuilder(repoRoot, (message) => { void pulumi.log.info(message); });
if (settings.functionPackageDir) {
  pulumi.log.warn(`Deploying the already-published package in ${settings.functionPackageDir}; it is not rebuilt, so keep it current.`);
}

// ---- Resources ----
const stack = createStack({
  settings,
  builder,
  artifactsDir: path.join(repoRoot, "artifacts", "function"),
  stackName: pulumi.getStack(),
  aws: awsProviderSettings((key) => awsConfig.get(key)),
});

// ---- Outputs ----
export const functionName = stack.functionName;
export const functionArn = stack.functionArn;
export const ruleArns = stack.ruleArns;
export const eventRules = stack.eventRules;
export const failureQueueUrl = stack.failureQueueUrl;
export const workQueueUrl = stack.workQueueUrl;
export const workDeadLetterQueueUrl = stack.workDeadLetterQueueUrl;
export const deadLetterQueueUrls = stack.deadLetterQueueUrls;
export const alarmTopicArns = stack.alarmTopicArns;
export const findingId = stack.findingId;
export const evaluateCommand = stack.evaluateCommand;
export const homeRegion = stack.homeRegion;
export const globalEventsRegion = stack.globalEventsRegion;
export const packageSha256 = stack.packageSha256;
export const trailArn = stack.trailArn;
export const trailBucketName = stack.trailBucketName;
export const centralBusArn = stack.centralBusArn;
export const memberStackSetName = stack.memberStackSetName;
export const managementAccountStackId = stack.managementAccountStackId;
