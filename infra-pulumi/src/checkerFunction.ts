// The checker function and what it owns: its role and least-privilege policy, its log group, its failure queue and work
// queues, the key of its environment (org mode), the environment itself, and how Lambda retries its asynchronous events.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./config";
import type { FunctionPackage } from "./build";
import { memberEventPathEnvironment, orgFunctionStatements } from "./orgStack";
import { PATTERN_RULES } from "./patternRules";
import { auditStatements, describeRulesStatements, hubArn, productArn, PUBLISH_CHANGE_ACTION, trailReadStatements, workQueueStatements } from "./permissions";
import { KMS_DELETION_WINDOW_DAYS, QUEUE_RETENTION_SECONDS } from "./retention";
import { consumeWorkQueue, createWorkQueues, type WorkQueues } from "./workQueue";

/**
 * Single-account mode runs at most one evaluation at a time: two overlapping runs could import an older observation
 * after a newer one. Bursts of events wait in Lambda's asynchronous queue (maxRetryAttempts / maxEventAgeSeconds).
 * Org mode sets no reserved concurrency: a scheduled org run is long and member events must keep flowing; there the
 * function's own ordering check (it never replaces a stored finding whose observation is newer) keeps findings right.
 */
export const SINGLE_ACCOUNT_RESERVED_CONCURRENCY = 1;

export interface CheckerFunctionInputs {
  settings: StackSettings;
  /** The function's and its log group's physical name. */
  physicalName: string;
  home: string;
  partition: pulumi.Output<string>;
  account: pulumi.Output<string>;
  pkg: pulumi.Output<FunctionPackage>;
  /** Every EventBridge rule of the stack, for the function's event-path check (settled once the last rule exists). */
  eventRuleArns: pulumi.Output<string[]>;
  /** The same rules as comma-separated ARNs (SECHUBROOTMFA_EVENT_RULES). */
  eventRules: pulumi.Output<string>;
  /** In the home region, under the component. */
  opts: pulumi.CustomResourceOptions;
}

export interface CheckerFunction {
  fn: aws.lambda.Function;
  role: aws.iam.Role;
  failureQueue: aws.sqs.Queue;
  work: WorkQueues;
}

/** The function with its role, policy, log group, queues and asynchronous invoke settings. */
export function createCheckerFunction(i: CheckerFunctionInputs): CheckerFunction {
  const { settings: s, opts } = i;
  // Log group made by us, not by Lambda on first run, so retention applies and the role can be scoped to it.
  const logGroup = new aws.cloudwatch.LogGroup("function-logs", {
    name: `/aws/lambda/${i.physicalName}`,
    retentionInDays: s.logRetentionDays,
  }, opts);

  // Where failed asynchronous invocations land after retries, encrypted at rest with SQS-managed keys.
  const failureQueue = new aws.sqs.Queue("failed-invocations", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
  }, opts);

  // Re-checks after a root MFA device removal IAM does not show yet (workQueue.ts).
  const work = createWorkQueues(s.timeoutSeconds, opts);

  // The function's identity; only Lambda may assume it.
  const role = new aws.iam.Role("function-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  }, opts);
  // Least privilege: each statement names the one resource it needs.
  const rolePolicy = new aws.iam.RolePolicy("function-policy", {
    role: role.id,
    policy: functionPolicy(i, logGroup.arn, failureQueue.arn, work.queue.arn),
  }, opts);

  // Org mode's environment holds the member roles' external id: encrypt it with a key of our own, not Lambda's default.
  const environmentKey = s.org ? new aws.kms.Key("environment-key", {
    description: `${i.physicalName}: encrypts the function's environment (the org audit external id)`,
    enableKeyRotation: true,
    deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
  }, opts) : undefined;

  // The checker itself: Native AOT bootstrap on provided.al2023, or managed dotnet10 on arm64.
  const fn = new aws.lambda.Function("function", {
    name: i.physicalName,
    role: role.arn,
    runtime: s.runtimeMode === "managed" ? "dotnet10" : "provided.al2023",
    handler: s.runtimeMode === "managed" ? "SecHubRootMfa.Function" : "bootstrap",
    architectures: [s.architecture],
    code: i.pkg.apply((p) => new pulumi.asset.FileArchive(p.zipPath)),
    sourceCodeHash: i.pkg.apply((p) => p.sha256Base64),
    memorySize: s.memorySizeMb,
    timeout: s.timeoutSeconds,
    reservedConcurrentExecutions: s.org ? undefined : SINGLE_ACCOUNT_RESERVED_CONCURRENCY,
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    tracingConfig: { mode: s.tracing ? "Active" : "PassThrough" },
    kmsKeyArn: environmentKey?.arn,
    environment: { variables: functionEnvironment(s, i.home, i.eventRules, work.queue.url) },
  }, { ...opts, dependsOn: [rolePolicy, logGroup] });

  // The function consumes its own re-checks once their delay has passed.
  consumeWorkQueue(work.queue, fn.arn, s.org !== undefined, { ...opts, dependsOn: [rolePolicy] });

  // Bounded retries and age for asynchronous (EventBridge) invocations; give-ups go to the queue.
  new aws.lambda.FunctionEventInvokeConfig("async-invoke", {
    functionName: fn.name,
    maximumRetryAttempts: s.maxRetryAttempts,
    maximumEventAgeInSeconds: s.maxEventAgeSeconds,
    destinationConfig: { onFailure: { destination: failureQueue.arn } },
  }, { ...opts, dependsOn: [rolePolicy] });

  return { fn, role, failureQueue, work };
}

/** The configured bus's ARN for "Root MFA Compliance Changed" events (none with eventBus=none). */
function eventBusArn(s: StackSettings, partition: pulumi.Output<string>, home: string, account: pulumi.Output<string>): pulumi.Output<string> | undefined {
  if (s.eventBus === "none") return undefined;
  if (s.eventBus.startsWith("arn:")) return pulumi.output(s.eventBus);
  return pulumi.interpolate`arn:${partition}:events:${home}:${account}:event-bus/${s.eventBus}`;
}

/** The function's only policy: each statement names the one resource it needs; only the two IAM reads (and X-Ray) need "*". */
function functionPolicy(i: CheckerFunctionInputs, logGroupArn: pulumi.Output<string>, failureQueueArn: pulumi.Output<string>, workQueueArn: pulumi.Output<string>): pulumi.Output<string> {
  const { settings: s, home } = i;
  const busArn = eventBusArn(s, i.partition, home, i.account);
  return pulumi.all([i.partition, i.account, logGroupArn, failureQueueArn, busArn ?? pulumi.output(""), i.eventRuleArns, workQueueArn]).apply(
    ([p, acct, logArn, queueArn, bus, ruleArns, workArn]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        // Org mode reads and imports only through the member roles; the single-account stack does both itself.
        ...(s.org ? orgFunctionStatements(s.org, p, home, acct) : auditStatements(productArn(p, home, acct), hubArn(p, home, acct))),
        // The scheduled event-path check: the stack's own rules, and (single account) the account's trails. In org
        // mode each member's trails, forwarding rules and queue are read through its audit role instead.
        ...describeRulesStatements(ruleArns),
        ...(s.org ? [] : trailReadStatements(p)),
        ...(bus ? [{ Sid: "PublishComplianceChange", Effect: "Allow", Action: PUBLISH_CHANGE_ACTION, Resource: bus }] : []),
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logArn}:*` },
        { Sid: "SendFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn },
        ...workQueueStatements(workArn),
        ...(s.tracing ? [{ Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }] : []),
      ],
    }),
  );
}

/** The function's environment: the contract with the C# function (infra-pulumi/README.md, "Function environment"). */
function functionEnvironment(s: StackSettings, home: string, eventRules: pulumi.Output<string>, workQueueUrl: pulumi.Output<string>): Record<string, pulumi.Input<string>> {
  return {
    SECHUBROOTMFA_HOME_REGION: home,
    SECHUBROOTMFA_LEVEL1_ACCOUNTS: s.level1Accounts.join(","),
    SECHUBROOTMFA_EVENT_BUS: s.eventBus,
    SECHUBROOTMFA_LOG_LEVEL: s.logLevel,
    SECHUBROOTMFA_EVENT_RULES: eventRules,
    SECHUBROOTMFA_WORK_QUEUE_URL: workQueueUrl,
    ...(s.mfaPolicy !== "strict" ? { SECHUBROOTMFA_MFA_POLICY: s.mfaPolicy } : {}),
    ...(s.org ? {
      SECHUBROOTMFA_MODE: "org",
      // A secret in Pulumi's state, and KMS-encrypted in Lambda.
      SECHUBROOTMFA_AUDIT_EXTERNAL_ID: pulumi.secret(s.org.externalId),
      SECHUBROOTMFA_ORG_ACCOUNTS: s.org.accounts.join(","),
      SECHUBROOTMFA_ORG_CONCURRENCY: String(s.org.concurrency),
      SECHUBROOTMFA_ROOT_INVENTORY: String(s.org.rootInventory),
      ...memberEventPathEnvironment(PATTERN_RULES.map((p) => p.key)),
    } : {}),
  };
}
