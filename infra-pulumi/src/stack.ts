// Everything one stack creates. Pure wiring: settings, the built package and the account facts come in as
// arguments, so tests drive it with pulumi.runtime.setMocks and a fixture package, offline.
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./config";
import { globalEventsRegion } from "./config";
import { type FunctionBuilder, packageFunction, variantName } from "./build";
import { type EventPattern, validatePattern } from "./eventPattern";
import { createOrgResources, orgFunctionStatements } from "./orgStack";

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

export interface StackInputs {
  settings: StackSettings;
  /** Publishes (or locates) the package; see build.ts. */
  builder: FunctionBuilder;
  /** Where the deterministic zip is written. */
  artifactsDir: string;
  /** Used in physical names (function, log group, trail) so stacks in one account do not collide. */
  stackName: string;
}

export interface StackOutputs {
  functionName: pulumi.Output<string>;
  functionArn: pulumi.Output<string>;
  ruleArns: Record<string, pulumi.Output<string>>;
  failureQueueUrl: pulumi.Output<string>;
  findingId: pulumi.Output<string>;
  evaluateCommand: pulumi.Output<string>;
  homeRegion: string;
  globalEventsRegion: string;
  packageSha256: string;
  trailArn: pulumi.Output<string> | undefined;
  trailBucketName: pulumi.Output<string> | undefined;
  /** Org mode: the central bus members forward to, and the member StackSet. */
  centralBusArn: pulumi.Output<string> | undefined;
  memberStackSetName: pulumi.Output<string> | undefined;
  /** Org mode with orgManagementRoleArn: the management account's own member stack. */
  managementAccountStackId: pulumi.Output<string> | undefined;
}

const NAME = "sechubrootmfa";

export function createStack(inputs: StackInputs): StackOutputs {
  const s = inputs.settings;
  const home = s.homeRegion;
  const globalRegion = globalEventsRegion(home);
  const crossRegion = globalRegion !== home;
  const physicalName = `${NAME}-${inputs.stackName}`;
  if (physicalName.length > 64) throw new Error(`Stack name "${inputs.stackName}" is too long: function name ${physicalName} exceeds Lambda's 64 characters`);

  // Explicit providers: the home region for the function, and the region where IAM/sign-in events arrive.
  const homeProvider = new aws.Provider("home", { region: home as aws.Region });
  const globalProvider = crossRegion ? new aws.Provider("global-events", { region: globalRegion as aws.Region }) : homeProvider;
  const inHome = { provider: homeProvider };
  const inGlobal = { provider: globalProvider };

  const identity = aws.getCallerIdentityOutput({}, inHome);
  const account = identity.accountId;
  const partition = aws.getPartitionOutput({}, inHome).partition;

  // Publish now (throws with the exact command on failure) and zip deterministically.
  const request = { mode: s.runtimeMode, arch: s.architecture };
  const packageDir = inputs.builder(request);
  const pkg = packageFunction(packageDir, path.join(inputs.artifactsDir, `${variantName(request)}.zip`));

  // Log group made by us, not by Lambda on first run, so retention applies and the role can be scoped to it.
  const logGroup = new aws.cloudwatch.LogGroup("function-logs", {
    name: `/aws/lambda/${physicalName}`,
    retentionInDays: s.logRetentionDays,
  }, inHome);

  // Where failed asynchronous invocations land after retries, encrypted at rest with SQS-managed keys.
  const failureQueue = new aws.sqs.Queue("failed-invocations", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: 1209600,
  }, inHome);

  // The function's identity; only Lambda may assume it.
  const role = new aws.iam.Role("function-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  }, inHome);

  const busArn = s.eventBus === "none" ? undefined
    : s.eventBus.startsWith("arn:") ? pulumi.output(s.eventBus)
    : pulumi.interpolate`arn:${partition}:events:${home}:${account}:event-bus/${s.eventBus}`;

  // Least privilege: each statement names the one resource it needs; only the two IAM reads (and X-Ray) need "*".
  const functionPolicy = pulumi.all([partition, account, logGroup.arn, failureQueue.arn, busArn ?? pulumi.output("")]).apply(
    ([p, acct, logArn, queueArn, bus]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        // Org mode reads and imports only through the member roles; the single-account stack does both itself.
        ...(s.org ? orgFunctionStatements(s.org, p) : [
          { Sid: "ReadRootMfaState", Effect: "Allow", Action: ["iam:GetAccountSummary", "iam:ListVirtualMFADevices"], Resource: "*" },
          { Sid: "ImportOwnFinding", Effect: "Allow", Action: "securityhub:BatchImportFindings", Resource: `arn:${p}:securityhub:${home}:${acct}:product/${acct}/default` },
          { Sid: "ReadOwnFinding", Effect: "Allow", Action: "securityhub:GetFindings", Resource: `arn:${p}:securityhub:${home}:${acct}:hub/default` },
        ]),
        ...(bus ? [{ Sid: "PublishComplianceChange", Effect: "Allow", Action: "events:PutEvents", Resource: bus }] : []),
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logArn}:*` },
        { Sid: "SendFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn },
        ...(s.tracing ? [{ Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }] : []),
      ],
    }),
  );
  const rolePolicy = new aws.iam.RolePolicy("function-policy", { role: role.id, policy: functionPolicy }, inHome);

  // The checker itself: Native AOT bootstrap on provided.al2023, or managed dotnet10 on arm64.
  const fn = new aws.lambda.Function("function", {
    name: physicalName,
    role: role.arn,
    runtime: s.runtimeMode === "managed" ? "dotnet10" : "provided.al2023",
    handler: s.runtimeMode === "managed" ? "SecHubRootMfa.Function" : "bootstrap",
    architectures: [s.architecture],
    code: new pulumi.asset.FileArchive(pkg.zipPath),
    sourceCodeHash: pkg.sha256Base64,
    memorySize: s.memorySizeMb,
    timeout: s.timeoutSeconds,
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    tracingConfig: { mode: s.tracing ? "Active" : "PassThrough" },
    environment: {
      variables: {
        SECHUBROOTMFA_HOME_REGION: home,
        SECHUBROOTMFA_LEVEL1_ACCOUNTS: s.level1Accounts.join(","),
        SECHUBROOTMFA_EVENT_BUS: s.eventBus,
        SECHUBROOTMFA_LOG_LEVEL: s.logLevel,
        ...(s.mfaPolicy !== "strict" ? { SECHUBROOTMFA_MFA_POLICY: s.mfaPolicy } : {}),
        ...(s.org ? {
          SECHUBROOTMFA_MODE: "org",
          SECHUBROOTMFA_AUDIT_EXTERNAL_ID: s.org.externalId,
          SECHUBROOTMFA_ORG_ACCOUNTS: s.org.accounts.join(","),
          SECHUBROOTMFA_ORG_CONCURRENCY: String(s.org.concurrency),
          SECHUBROOTMFA_ROOT_INVENTORY: String(s.org.rootInventory),
        } : {}),
      },
    },
  }, { ...inHome, dependsOn: [rolePolicy, logGroup] });

  // Bounded retries and age for asynchronous (EventBridge) invocations; give-ups go to the queue.
  new aws.lambda.FunctionEventInvokeConfig("async-invoke", {
    functionName: fn.name,
    maximumRetryAttempts: s.maxRetryAttempts,
    maximumEventAgeInSeconds: s.maxEventAgeSeconds,
    destinationConfig: { onFailure: { destination: failureQueue.arn } },
  }, { ...inHome, dependsOn: [rolePolicy] });

  const alarmActions = s.alarmTopicArn ? [s.alarmTopicArn] : [];
  // Any function error in 5 minutes is worth a look: the function runs rarely, so errors are not noise.
  new aws.cloudwatch.MetricAlarm("function-errors", {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmDescription: "SecHubRootMfa function reported errors; the root MFA finding may be stale.",
    alarmActions,
    okActions: alarmActions,
  }, inHome);
  // A message in the failure queue means an evaluation was dropped after all retries.
  new aws.cloudwatch.MetricAlarm("failed-invocations", {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: failureQueue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmDescription: "SecHubRootMfa invocations failed after all retries; see the failure queue.",
    alarmActions,
    okActions: alarmActions,
  }, inHome);

  const ruleArns: Record<string, pulumi.Output<string>> = {};

  // Lets exactly one rule invoke the function (sourceArn), nothing else.
  const invokeFromRule = (key: string, rule: aws.cloudwatch.EventRule): void => {
    new aws.cloudwatch.EventTarget(`${key}-target`, { rule: rule.name, arn: fn.arn }, inHome);
    new aws.lambda.Permission(`${key}-invoke`, {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
      sourceAccount: account,
    }, inHome);
  };

  // Periodic evaluation catches anything the event rules missed (e.g. a trail that was off for a while).
  const schedule = new aws.cloudwatch.EventRule("schedule", {
    description: "SecHubRootMfa periodic evaluation",
    scheduleExpression: s.schedule,
  }, inHome);
  invokeFromRule("schedule", schedule);
  ruleArns["schedule"] = schedule.arn;

  const patterns: Array<{ key: string; pattern: PatternName; description: string }> = [
    { key: "root-mfa-api-calls", pattern: "rootMfaApiCalls", description: "Root user MFA device and login-profile changes (CloudTrail)" },
    // Root ConsoleLogin events are recorded in us-east-1 whatever region the console opens in: "If you sign in
    // as the root user, CloudTrail records the event in us-east-1." (AWS CloudTrail User Guide, "AWS Management
    // Console sign-in events", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html)
    { key: "root-console-signin", pattern: "rootConsoleSignIn", description: "Successful root user console sign-ins (CloudTrail)" },
  ];

  if (!crossRegion) {
    for (const p of patterns) {
      // IAM's global events and root sign-ins arrive here, next to the function: invoke it directly.
      const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inGlobal);
      invokeFromRule(p.key, rule);
      ruleArns[p.key] = rule.arn;
    }
  } else {
    const homeBusArn = pulumi.interpolate`arn:${partition}:events:${home}:${account}:event-bus/default`;
    // Role EventBridge in the global-events region uses to put events on the home region's default bus only.
    const forwarderRole = new aws.iam.Role("forwarder-role", {
      assumeRolePolicy: account.apply((acct) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": acct } },
        }],
      })),
    }, inHome);
    const forwarderPolicy = new aws.iam.RolePolicy("forwarder-policy", {
      role: forwarderRole.id,
      policy: homeBusArn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "ForwardToHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: arn }],
      })),
    }, inHome);
    for (const p of patterns) {
      const pattern = JSON.stringify(loadPattern(p.pattern));
      // Catches the events where they arrive and forwards them to the home region (no second function).
      const forward = new aws.cloudwatch.EventRule(`${p.key}-forward`, { description: `${p.description}; forwarded to ${home}`, eventPattern: pattern }, inGlobal);
      new aws.cloudwatch.EventTarget(`${p.key}-forward-target`, { rule: forward.name, arn: homeBusArn, roleArn: forwarderRole.arn }, { ...inGlobal, dependsOn: [forwarderPolicy] });
      ruleArns[`${p.key}-forward`] = forward.arn;
      // Same pattern on the home default bus: forwarded events keep their source and detail-type.
      const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: pattern }, inHome);
      invokeFromRule(p.key, rule);
      ruleArns[p.key] = rule.arn;
    }
  }

  const org = s.org ? createOrgResources({
    org: s.org,
    physicalName,
    home,
    partition,
    account,
    functionRoleArn: role.arn,
    patterns: patterns.map((p) => ({ key: p.key, pattern: loadPattern(p.pattern), description: p.description })),
    invokeFromRule,
    inHome,
  }) : undefined;
  if (org) Object.assign(ruleArns, org.ruleArns);

  const trail = s.createTrail ? createTrail(physicalName, s.trailBucketExpirationDays, home, partition, account, inHome) : undefined;

  return {
    functionName: fn.name,
    functionArn: fn.arn,
    ruleArns,
    failureQueueUrl: failureQueue.url,
    findingId: pulumi.interpolate`sechubrootmfa/${partition}/${account}/root-user-hardware-mfa`,
    evaluateCommand: pulumi.interpolate`aws lambda invoke --function-name ${fn.name} --cli-binary-format raw-in-base64-out --payload '{"action":"evaluate"}' --region ${home} /dev/stdout`,
    homeRegion: home,
    globalEventsRegion: globalRegion,
    packageSha256: pkg.sha256Base64,
    trailArn: trail?.arn,
    trailBucketName: trail?.bucketName,
    centralBusArn: org?.centralBusArn,
    memberStackSetName: org?.stackSetName,
    managementAccountStackId: org?.managementStackId,
  };
}

function createTrail(
  name: string,
  expirationDays: number,
  home: string,
  partition: pulumi.Output<string>,
  account: pulumi.Output<string>,
  opts: pulumi.CustomResourceOptions,
): { arn: pulumi.Output<string>; bucketName: pulumi.Output<string> } {
  const trailArn = pulumi.interpolate`arn:${partition}:cloudtrail:${home}:${account}:trail/${name}`;
  // Holds the trail's log files; private, encrypted, owner-enforced, expiring.
  const bucket = new aws.s3.Bucket("trail-bucket", { bucketPrefix: `${name}-trail-`, forceDestroy: false }, opts);
  // No public access, whatever ACL or policy is added later.
  const publicBlock = new aws.s3.BucketPublicAccessBlock("trail-bucket-public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  }, opts);
  // Objects are always the bucket owner's; ACLs are disabled.
  new aws.s3.BucketOwnershipControls("trail-bucket-ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  // Encryption at rest with S3-managed keys (CloudTrail needs no extra key policy for SSE-S3).
  new aws.s3.BucketServerSideEncryptionConfiguration("trail-bucket-encryption", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  }, opts);
  // Logs expire so the bucket does not grow forever.
  new aws.s3.BucketLifecycleConfiguration("trail-bucket-lifecycle", {
    bucket: bucket.id,
    rules: [{ id: "expire-trail-logs", status: "Enabled", filter: {}, expiration: { days: expirationDays } }],
  }, opts);
  // Exactly what CloudTrail needs: the ACL check and writes under AWSLogs/<account>/, from this trail only.
  const bucketPolicy = new aws.s3.BucketPolicy("trail-bucket-policy", {
    bucket: bucket.id,
    policy: pulumi.all([bucket.arn, account, trailArn]).apply(([b, acct, trail]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: b,
          Condition: { StringEquals: { "aws:SourceArn": trail } } },
        { Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `${b}/AWSLogs/${acct}/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail } } },
      ],
    })),
  }, { ...opts, dependsOn: [publicBlock] });
  // Multi-region trail logging all management events: EventBridge sees IAM and sign-in calls only through a trail.
  const trail = new aws.cloudtrail.Trail("trail", {
    name,
    s3BucketName: bucket.id,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
  }, { ...opts, dependsOn: [bucketPolicy] });
  return { arn: trail.arn, bucketName: bucket.bucket };
}
