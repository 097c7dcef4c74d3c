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
import { createOrgResources, MEMBER_EVENTS_REGION, memberEventPathEnvironment, orgFunctionStatements } from "./orgStack";
import { auditStatements, describeRulesStatements, hubArn, productArn, PUBLISH_CHANGE_ACTION, trailReadStatements, workQueueStatements } from "./permissions";
import { consumeWorkQueue, createWorkQueues } from "./workQueue";
import { type AwsProviderSettings, providerArgs } from "./providers";
import { deadLetterQueuePolicy, TARGET_RETRY } from "./retry";
import { type AlarmContext, alarmTopicKeyPolicy, alarmTopicPolicy, eventPathAlarm, functionErrorsAlarm, heartbeatAlarm, notAvailableAlarm, orgFailuresAlarm, queueDepthAlarm, ruleFailedInvocationsAlarm } from "./alarms";

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
  /** The aws: settings the stack's own providers honour (profile, assumed roles, default tags); none by default. */
  aws?: AwsProviderSettings;
}

/** Typed arguments of the SecHubRootMfa component. */
export type SecHubRootMfaArgs = StackInputs;

export interface StackOutputs {
  functionName: pulumi.Output<string>;
  functionArn: pulumi.Output<string>;
  ruleArns: Record<string, pulumi.Output<string>>;
  failureQueueUrl: pulumi.Output<string>;
  /** The work queue (re-checks after a device removal IAM does not show yet) and its dead-letter queue. */
  workQueueUrl: pulumi.Output<string>;
  workDeadLetterQueueUrl: pulumi.Output<string>;
  /** Dead-letter queue(s) of the rule targets, by region. */
  deadLetterQueueUrls: Record<string, pulumi.Output<string>>;
  /** SNS topic(s) the alarms notify, by region. */
  alarmTopicArns: Record<string, pulumi.Output<string>>;
  /** Every EventBridge rule the stack created, as the comma-separated ARNs the function checks (and `check --event-rules` takes). */
  eventRules: pulumi.Output<string>;
  findingId: pulumi.Output<string>;
  evaluateCommand: pulumi.Output<string>;
  homeRegion: string;
  globalEventsRegion: string;
  packageSha256: pulumi.Output<string>;
  trailArn: pulumi.Output<string> | undefined;
  trailBucketName: pulumi.Output<string> | undefined;
  /** Org mode: the central bus members forward to, and the member StackSet. */
  centralBusArn: pulumi.Output<string> | undefined;
  memberStackSetName: pulumi.Output<string> | undefined;
  /** Org mode with orgManagementRoleArn: the management account's own member stack. */
  managementAccountStackId: pulumi.Output<string> | undefined;
}

const NAME = "sechubrootmfa";
export const COMPONENT_TYPE = "sechubrootmfa:index:SecHubRootMfa";

/**
 * Single-account mode runs at most one evaluation at a time: two overlapping runs could import an older observation
 * after a newer one. Bursts of events wait in Lambda's asynchronous queue (maxRetryAttempts / maxEventAgeSeconds).
 * Org mode sets no reserved concurrency: a scheduled org run is long and member events must keep flowing; there the
 * function's own ordering check (it never replaces a stored finding whose observation is newer) keeps findings right.
 */
export const SINGLE_ACCOUNT_RESERVED_CONCURRENCY = 1;


/** Tags the product puts on every taggable resource, on top of aws:defaultTags and the `tags` setting. */
export function productTags(stackName: string): Record<string, string> {
  return { product: "SecHubRootMfa", "sechubrootmfa:stack": stackName };
}

/** The pattern rules every mode creates. */
export const PATTERN_RULES: Array<{ key: string; pattern: PatternName; description: string }> = [
  { key: "root-mfa-api-calls", pattern: "rootMfaApiCalls", description: "Root user MFA device and login-profile changes (CloudTrail)" },
  // Root ConsoleLogin events are recorded in us-east-1 whatever region the console opens in: "If you sign in
  // as the root user, CloudTrail records the event in us-east-1." (AWS CloudTrail User Guide, "AWS Management
  // Console sign-in events", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html)
  { key: "root-console-signin", pattern: "rootConsoleSignIn", description: "Successful root user console sign-ins (CloudTrail)" },
];

/** One region the stack puts rules in: its provider, the targets' dead-letter queue and alarm topic. */
interface RegionWiring {
  region: string;
  opts: pulumi.CustomResourceOptions;
  dlq: aws.sqs.Queue;
  /** Rules whose targets may send to this region's dead-letter queue. */
  ruleArns: pulumi.Output<string>[];
  alarms: AlarmContext;
}

/**
 * The whole deployment as one component, so it can be embedded in an existing Pulumi program. Resources keep the
 * logical names they had at the top level of the stack, and each carries an alias to that old URN, so updating an
 * existing stack to the component moves nothing.
 */
export class SecHubRootMfa extends pulumi.ComponentResource implements StackOutputs {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly ruleArns: Record<string, pulumi.Output<string>> = {};
  public readonly failureQueueUrl: pulumi.Output<string>;
  public readonly workQueueUrl: pulumi.Output<string>;
  public readonly workDeadLetterQueueUrl: pulumi.Output<string>;
  public readonly deadLetterQueueUrls: Record<string, pulumi.Output<string>> = {};
  public readonly alarmTopicArns: Record<string, pulumi.Output<string>> = {};
  public readonly eventRules: pulumi.Output<string>;
  public readonly findingId: pulumi.Output<string>;
  public readonly evaluateCommand: pulumi.Output<string>;
  public readonly homeRegion: string;
  public readonly globalEventsRegion: string;
  public readonly packageSha256: pulumi.Output<string>;
  public readonly trailArn: pulumi.Output<string> | undefined;
  public readonly trailBucketName: pulumi.Output<string> | undefined;
  public readonly centralBusArn: pulumi.Output<string> | undefined;
  public readonly memberStackSetName: pulumi.Output<string> | undefined;
  public readonly managementAccountStackId: pulumi.Output<string> | undefined;

  constructor(name: string, inputs: SecHubRootMfaArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(COMPONENT_TYPE, name, {}, {
      ...opts,
      // Every child keeps the URN it had before the component existed (a root-level resource of the same type and name).
      transformations: [(a) => ({ props: a.props, opts: pulumi.mergeOptions(a.opts, { aliases: [pulumi.createUrn(a.name, a.type)] }) }), ...(opts.transformations ?? [])],
    });
    const s = inputs.settings;
    const home = s.homeRegion;
    const globalRegion = globalEventsRegion(home);
    const crossRegion = globalRegion !== home;
    this.homeRegion = home;
    this.globalEventsRegion = globalRegion;
    const physicalName = `${NAME}-${inputs.stackName}`;
    if (physicalName.length > 64) throw new Error(`Stack name "${inputs.stackName}" is too long: function name ${physicalName} exceeds Lambda's 64 characters`);
    const awsSettings = inputs.aws ?? { assumeRoles: [], defaultTags: {} };
    const tags = { ...s.tags, ...productTags(inputs.stackName) };
    const parent = { parent: this };

    // Explicit providers: the home region for the function, and the region where IAM/sign-in events arrive. They carry
    // the honoured aws: settings and the tags (as default tags, so every taggable resource gets them).
    const homeProvider = new aws.Provider("home", providerArgs(home, awsSettings, tags), parent);
    const globalProvider = crossRegion ? new aws.Provider("global-events", providerArgs(globalRegion, awsSettings, tags), parent) : homeProvider;
    const inHome = { provider: homeProvider, parent: this };
    const inGlobal = { provider: globalProvider, parent: this };

    const identity = aws.getCallerIdentityOutput({}, inHome);
    const account = identity.accountId;
    const partition = aws.getPartitionOutput({}, inHome).partition;

    // Publish now (rejects with the exact command on failure) and zip deterministically.
    const request = { mode: s.runtimeMode, arch: s.architecture };
    const pkg = pulumi.output(inputs.builder(request).then((dir) => packageFunction(dir, path.join(inputs.artifactsDir, `${variantName(request)}.zip`))));

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

    // Re-checks after a root MFA device removal IAM does not show yet (workQueue.ts).
    const work = createWorkQueues(s.timeoutSeconds, inHome);

    // The function's identity; only Lambda may assume it.
    const role = new aws.iam.Role("function-role", {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    }, inHome);

    // The function checks that every rule of the stack is enabled, so it is told their ARNs; the rules are declared further
    // down (their targets need the function), so the list is settled once the last rule exists. Neither waits on the
    // other at deploy time: rules do not depend on the function, only their targets do.
    let settleRuleArns!: (arns: pulumi.Output<string[]>) => void;
    const ruleArnList: pulumi.Output<string[]> = pulumi.output(new Promise<pulumi.Output<string[]>>((resolve) => { settleRuleArns = resolve; }));
    this.eventRules = ruleArnList.apply((arns) => arns.join(","));

    const busArn = s.eventBus === "none" ? undefined
      : s.eventBus.startsWith("arn:") ? pulumi.output(s.eventBus)
      : pulumi.interpolate`arn:${partition}:events:${home}:${account}:event-bus/${s.eventBus}`;

    // Least privilege: each statement names the one resource it needs; only the two IAM reads (and X-Ray) need "*".
    const functionPolicy = pulumi.all([partition, account, logGroup.arn, failureQueue.arn, busArn ?? pulumi.output(""), ruleArnList, work.queue.arn]).apply(
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
    const rolePolicy = new aws.iam.RolePolicy("function-policy", { role: role.id, policy: functionPolicy }, inHome);

    // Org mode's environment holds the member roles' external id: encrypt it with a key of our own, not Lambda's default.
    const environmentKey = s.org ? new aws.kms.Key("environment-key", {
      description: `${physicalName}: encrypts the function's environment (the org audit external id)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    }, inHome) : undefined;

    // The checker itself: Native AOT bootstrap on provided.al2023, or managed dotnet10 on arm64.
    const fn = new aws.lambda.Function("function", {
      name: physicalName,
      role: role.arn,
      runtime: s.runtimeMode === "managed" ? "dotnet10" : "provided.al2023",
      handler: s.runtimeMode === "managed" ? "SecHubRootMfa.Function" : "bootstrap",
      architectures: [s.architecture],
      code: pkg.apply((p) => new pulumi.asset.FileArchive(p.zipPath)),
      sourceCodeHash: pkg.apply((p) => p.sha256Base64),
      memorySize: s.memorySizeMb,
      timeout: s.timeoutSeconds,
      reservedConcurrentExecutions: s.org ? undefined : SINGLE_ACCOUNT_RESERVED_CONCURRENCY,
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      tracingConfig: { mode: s.tracing ? "Active" : "PassThrough" },
      kmsKeyArn: environmentKey?.arn,
      environment: {
        variables: {
          SECHUBROOTMFA_HOME_REGION: home,
          SECHUBROOTMFA_LEVEL1_ACCOUNTS: s.level1Accounts.join(","),
          SECHUBROOTMFA_EVENT_BUS: s.eventBus,
          SECHUBROOTMFA_LOG_LEVEL: s.logLevel,
          SECHUBROOTMFA_EVENT_RULES: this.eventRules,
          SECHUBROOTMFA_WORK_QUEUE_URL: work.queue.url,
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
        },
      },
    }, { ...inHome, dependsOn: [rolePolicy, logGroup] });

    // The function consumes its own re-checks once their delay has passed.
    consumeWorkQueue(work.queue, fn.arn, s.org !== undefined, { ...inHome, dependsOn: [rolePolicy] });

    // Bounded retries and age for asynchronous (EventBridge) invocations; give-ups go to the queue.
    new aws.lambda.FunctionEventInvokeConfig("async-invoke", {
      functionName: fn.name,
      maximumRetryAttempts: s.maxRetryAttempts,
      maximumEventAgeInSeconds: s.maxEventAgeSeconds,
      destinationConfig: { onFailure: { destination: failureQueue.arn } },
    }, { ...inHome, dependsOn: [rolePolicy] });

    // ---- Alarms: a topic per region that has alarms (CloudWatch notifies only topics in its own region) ----
    const createdTopics: Record<string, aws.sns.Topic> = {};
    const topicFor = (region: string, key: string, opts: pulumi.CustomResourceOptions): pulumi.Output<string> => {
      if (s.alarmTopicArn && s.alarmTopicArn.split(":")[3] === region) return pulumi.output(s.alarmTopicArn);
      if (s.alarmTopicArn) {
        pulumi.log.warn(`alarmTopicArn is in ${s.alarmTopicArn.split(":")[3]}, but alarms in ${region} can only notify a topic there; the stack creates one`
          + (s.alarmEmail ? ` and subscribes ${s.alarmEmail}` : "; subscribe to it (output alarmTopicArns)"), this);
      }
      // Encrypts the topic's messages at rest (Security Hub SNS.1) with a key CloudWatch may use.
      const topicKey = new aws.kms.Key(`${key}-key`, {
        description: `${physicalName}: encrypts alarm notifications`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // Org mode: EventBridge also publishes to the home topic (members' forwarding alarms, from the central bus).
        policy: pulumi.all([partition, account]).apply(([p, acct]) => JSON.stringify(alarmTopicKeyPolicy(p, acct, !!s.org && region === home))),
      }, opts);
      // Alarm notifications for this region's alarms.
      const topic = new aws.sns.Topic(key, { namePrefix: `${physicalName}-alarms-`, kmsMasterKeyId: topicKey.arn }, opts);
      createdTopics[region] = topic;
      if (s.alarmEmail) {
        // The address from alarmEmail (AWS sends it a confirmation link first).
        new aws.sns.TopicSubscription(`${key}-email`, { topic: topic.arn, protocol: "email", endpoint: s.alarmEmail }, opts);
      }
      return topic.arn;
    };
    const regionWiring = (region: string, suffix: string, opts: pulumi.CustomResourceOptions): RegionWiring => {
      const topic = topicFor(region, `alarms${suffix}`, opts);
      this.alarmTopicArns[region] = topic;
      // Events a rule could not deliver after its retries; encrypted, alarmed, kept 14 days.
      const dlq = new aws.sqs.Queue(`event-dlq${suffix}`, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 }, opts);
      this.deadLetterQueueUrls[region] = dlq.url;
      return { region, opts, dlq, ruleArns: [], alarms: { actions: [topic], opts } };
    };
    const homeWiring = regionWiring(home, "", inHome);
    const globalWiring = crossRegion ? regionWiring(globalRegion, "-global", inGlobal) : homeWiring;

    functionErrorsAlarm(homeWiring.alarms, fn.name);
    queueDepthAlarm(homeWiring.alarms, "failed-invocations", failureQueue.name, "SecHubRootMfa invocations failed after all retries; see the failure queue.");
    queueDepthAlarm(homeWiring.alarms, "work-dlq", work.deadLetterQueue.name,
      "SecHubRootMfa re-checks after a root MFA device removal failed every try; a provisional finding may stand unverified. See the work dead-letter queue and the function's logs.");
    notAvailableAlarm(homeWiring.alarms);
    heartbeatAlarm(homeWiring.alarms, s.heartbeatHours);
    eventPathAlarm(homeWiring.alarms, s.heartbeatHours);
    // Org mode: a member not evaluated or unreachable fails no invocation, so Lambda's Errors never see it.
    if (s.org) orgFailuresAlarm(homeWiring.alarms, s.heartbeatHours);

    /** A target with its retry policy and dead-letter queue; the rule's deliveries are alarmed. */
    const target = (key: string, rule: aws.cloudwatch.EventRule, w: RegionWiring, args: { arn: pulumi.Input<string>; roleArn?: pulumi.Input<string>; busName?: pulumi.Input<string> }, extra: pulumi.CustomResourceOptions = {}): void => {
      new aws.cloudwatch.EventTarget(`${key}-target`, {
        rule: rule.name,
        // A target must name the bus its rule is on; without it EventBridge looks for the rule on the default bus.
        ...(args.busName !== undefined ? { eventBusName: args.busName } : {}),
        arn: args.arn,
        ...(args.roleArn !== undefined ? { roleArn: args.roleArn } : {}),
        retryPolicy: { ...TARGET_RETRY },
        deadLetterConfig: { arn: w.dlq.arn },
      }, { ...w.opts, ...extra });
      w.ruleArns.push(rule.arn);
      ruleFailedInvocationsAlarm(w.alarms, key, rule.name, args.busName);
      this.ruleArns[key] = rule.arn;
    };

    // Lets exactly one rule invoke the function (sourceArn), nothing else.
    const invokeFromRule = (key: string, rule: aws.cloudwatch.EventRule, busName?: pulumi.Input<string>): void => {
      target(key, rule, homeWiring, { arn: fn.arn, busName });
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

    if (!crossRegion) {
      for (const p of PATTERN_RULES) {
        // IAM's global events and root sign-ins arrive here, next to the function: invoke it directly.
        const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inGlobal);
        invokeFromRule(p.key, rule);
      }
    } else {
      const homeBusArn = pulumi.interpolate`arn:${partition}:events:${home}:${account}:event-bus/default`;
      const forwardRules = PATTERN_RULES.map((p) => ({
        p,
        // Catches the events where they arrive and forwards them to the home region (no second function).
        rule: new aws.cloudwatch.EventRule(`${p.key}-forward`, { description: `${p.description}; forwarded to ${home}`, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inGlobal),
      }));
      // Role EventBridge in the global-events region uses to put events on the home region's default bus only, and only
      // for these rules (aws:SourceArn) in this account (aws:SourceAccount).
      const forwarderRole = new aws.iam.Role("forwarder-role", {
        assumeRolePolicy: pulumi.all([account, ...forwardRules.map((f) => f.rule.arn)]).apply(([acct, ...ruleArns]) => JSON.stringify({
          Version: "2012-10-17",
          Statement: [{
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": acct }, ArnEquals: { "aws:SourceArn": ruleArns } },
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
      for (const { p, rule: forward } of forwardRules) {
        target(`${p.key}-forward`, forward, globalWiring, { arn: homeBusArn, roleArn: forwarderRole.arn }, { dependsOn: [forwarderPolicy] });
        // Same pattern on the home default bus: forwarded events keep their source and detail-type.
        const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inHome);
        invokeFromRule(p.key, rule);
      }
    }

    // Central bus rules to the home alarm topic; EventBridge may publish to a topic the stack created, for these rules only.
    const notifyFromRules = (rules: Array<{ key: string; rule: aws.cloudwatch.EventRule }>, busName: pulumi.Input<string>): void => {
      for (const { key, rule } of rules) target(key, rule, homeWiring, { arn: this.alarmTopicArns[home]!, busName });
      const topic = createdTopics[home];
      if (!topic) {
        pulumi.log.warn(`alarmTopicArn ${s.alarmTopicArn} receives the members' forwarding alarms from EventBridge: its policy must allow `
          + "events.amazonaws.com sns:Publish for the central bus rules member-forwarding-alarm and member-forwarding-ok (aws:SourceArn), "
          + "and its KMS key, if any, kms:GenerateDataKey* and kms:Decrypt to events.amazonaws.com", this);
        return;
      }
      // Replaces SNS's default policy: the account and this account's CloudWatch alarms keep publishing, EventBridge joins.
      new aws.sns.TopicPolicy("alarms-policy", {
        arn: topic.arn,
        policy: pulumi.all([topic.arn, partition, account, pulumi.all(rules.map((r) => r.rule.arn))])
          .apply(([arn, p, acct, ruleArns]) => JSON.stringify(alarmTopicPolicy(arn, p, acct, ruleArns))),
      }, inHome);
    };

    const org = s.org ? createOrgResources({
      org: s.org,
      physicalName,
      home,
      partition,
      account,
      functionRoleArn: role.arn,
      patterns: PATTERN_RULES.map((p) => ({ key: p.key, pattern: loadPattern(p.pattern), description: p.description })),
      invokeFromRule,
      notifyFromRules,
      inHome,
      managementProvider: (roleArn) => new aws.Provider("management-us-east-1",
        providerArgs(MEMBER_EVENTS_REGION, awsSettings, tags, [{ roleArn, sessionName: "sechubrootmfa-deploy" }]), parent),
      tags,
      warn: (m) => pulumi.log.warn(m, this),
    }) : undefined;

    // Only EventBridge, and only for this stack's rules in that region, may put messages on a dead-letter queue.
    for (const w of crossRegion ? [homeWiring, globalWiring] : [homeWiring]) {
      const suffix = w === homeWiring ? "" : "-global";
      new aws.sqs.QueuePolicy(`event-dlq${suffix}-policy`, {
        queueUrl: w.dlq.url,
        policy: pulumi.all([w.dlq.arn, pulumi.all(w.ruleArns)]).apply(([queueArn, rules]) => JSON.stringify(deadLetterQueuePolicy(queueArn, rules))),
      }, w.opts);
      queueDepthAlarm(w.alarms, `event-dlq${suffix}`, w.dlq.name, `SecHubRootMfa rules in ${w.region} could not deliver events after all retries; see the dead-letter queue.`);
    }

    // Every rule exists now: the function's environment and policy get the full list.
    settleRuleArns(pulumi.all(Object.values(this.ruleArns)));

    const trail = s.createTrail ? createTrail(physicalName, s.trailBucketExpirationDays, s.trailKms, home, partition, account, inHome) : undefined;

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.failureQueueUrl = failureQueue.url;
    this.workQueueUrl = work.queue.url;
    this.workDeadLetterQueueUrl = work.deadLetterQueue.url;
    this.findingId = pulumi.interpolate`sechubrootmfa/${partition}/${account}/root-user-hardware-mfa`;
    this.evaluateCommand = pulumi.interpolate`aws lambda invoke --function-name ${fn.name} --cli-binary-format raw-in-base64-out --payload '{"action":"evaluate"}' --region ${home} /dev/stdout`;
    this.packageSha256 = pkg.apply((p) => p.sha256Base64);
    this.trailArn = trail?.arn;
    this.trailBucketName = trail?.bucketName;
    this.centralBusArn = org?.centralBusArn;
    this.memberStackSetName = org?.stackSetName;
    this.managementAccountStackId = org?.managementStackId;
    this.registerOutputs({ functionArn: this.functionArn, ruleArns: this.ruleArns, eventRules: this.eventRules, packageSha256: this.packageSha256 });
  }
}

/** Creates the stack's resources as one SecHubRootMfa component named "sechubrootmfa". */
export function createStack(inputs: StackInputs, opts?: pulumi.ComponentResourceOptions): SecHubRootMfa {
  return new SecHubRootMfa(NAME, inputs, opts);
}

/**
 * The trail and its bucket, built so deploying them raises no FAILED Security Hub CSPM control of their own:
 * CloudTrail.1 (multi-region, read and write management events), CloudTrail.2 (SSE-KMS, with trailKms),
 * CloudTrail.4 (log file validation), S3.5 (TLS-only bucket policy), S3.8 (block public access), S3.12 (ACLs
 * disabled), KMS.4 (key rotation). Not configured: CloudTrail.5 (CloudWatch Logs
 * delivery), CloudTrail.7 and S3.9 (server access logging), which need a log destination of the owner's choosing.
 */
export const TRAIL_CONTROLS = {
  satisfied: ["CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "S3.5", "S3.8", "S3.12", "KMS.4"],
  notConfigured: ["CloudTrail.5", "CloudTrail.7", "S3.9"],
} as const;

/** The trail bucket's policy: CloudTrail's ACL check and writes from this trail only; anything over plain HTTP denied. */
export function trailBucketPolicy(bucketArn: string, account: string, trailArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn,
        Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
      { Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `${bucketArn}/AWSLogs/${account}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } } },
      // Security Hub S3.5: requests must use TLS.
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  };
}

/** The trail key's policy: the account administers it; CloudTrail encrypts for this trail only and describes the key. */
export function trailKeyPolicy(partition: string, account: string, trailArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "CloudTrailEncryptsThisTrail", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${account}:trail/*` } } },
      { Sid: "CloudTrailDescribesKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
    ],
  };
}

function createTrail(
  name: string,
  expirationDays: number,
  kms: boolean,
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
  // Encryption at rest with S3-managed keys for anything not written by the trail itself (the trail uses its KMS key).
  new aws.s3.BucketServerSideEncryptionConfiguration("trail-bucket-encryption", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  }, opts);
  // Logs expire so the bucket does not grow forever.
  new aws.s3.BucketLifecycleConfiguration("trail-bucket-lifecycle", {
    bucket: bucket.id,
    rules: [{ id: "expire-trail-logs", status: "Enabled", filter: {}, expiration: { days: expirationDays } }],
  }, opts);
  // Exactly what CloudTrail needs: the ACL check and writes under AWSLogs/<account>/, from this trail only; TLS only.
  const bucketPolicy = new aws.s3.BucketPolicy("trail-bucket-policy", {
    bucket: bucket.id,
    policy: pulumi.all([bucket.arn, account, trailArn]).apply(([b, acct, trail]) => JSON.stringify(trailBucketPolicy(b, acct, trail))),
  }, { ...opts, dependsOn: [publicBlock] });
  // The trail's own key (Security Hub CloudTrail.2), rotated yearly (KMS.4).
  const key = kms ? new aws.kms.Key("trail-key", {
    description: `${name}: encrypts the CloudTrail log files`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.all([partition, account, trailArn]).apply(([p, acct, trail]) => JSON.stringify(trailKeyPolicy(p, acct, trail))),
  }, opts) : undefined;
  // Multi-region trail logging all management events: EventBridge sees IAM and sign-in calls only through a trail.
  const trail = new aws.cloudtrail.Trail("trail", {
    name,
    s3BucketName: bucket.id,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: key?.arn,
    eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
  }, { ...opts, dependsOn: [bucketPolicy] });
  return { arn: trail.arn, bucketName: bucket.bucket };
}
