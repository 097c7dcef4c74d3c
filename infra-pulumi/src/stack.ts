// Everything one stack creates, as one component that reads as a table of contents: each part is built by its own
// module, under the component, with the logical names it always had. Pure wiring: settings, the built package and the
// account facts come in as arguments, so tests drive it with pulumi.runtime.setMocks and a fixture package, offline.
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./config";
import { globalEventsRegion } from "./config";
import { type FunctionBuilder, packageFunction, variantName } from "./build";
import { createOrgResources } from "./orgStack";
import { MEMBER_EVENTS_REGION } from "./memberTemplate";
import { type AwsProviderSettings, providerArgs } from "./providers";
import { checkerAlarms } from "./alarms";
import { type AlarmTopicInputs, alarmTopicFor, allowRulesToPublish } from "./alarmTopic";
import { createCheckerFunction } from "./checkerFunction";
import { findingIdOf } from "./findingId";
import { loadPattern, PATTERN_RULES } from "./patternRules";
import { createTrail } from "./trail";
import { ruleArnsSettledLater, Triggers } from "./triggers";

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

/** Tags the product puts on every taggable resource, on top of aws:defaultTags and the `tags` setting. */
export function productTags(stackName: string): Record<string, string> {
  return { product: "SecHubRootMfa", "sechubrootmfa:stack": stackName };
}

/**
 * The whole deployment as one component, so it can be embedded in an existing Pulumi program. Resources keep the
 * logical names they had at the top level of the stack, and each carries an alias to that old URN, so updating an
 * existing stack to the component moves nothing.
 */
export class SecHubRootMfa extends pulumi.ComponentResource implements StackOutputs {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly ruleArns: Record<string, pulumi.Output<string>>;
  public readonly failureQueueUrl: pulumi.Output<string>;
  public readonly workQueueUrl: pulumi.Output<string>;
  public readonly workDeadLetterQueueUrl: pulumi.Output<string>;
  public readonly deadLetterQueueUrls: Record<string, pulumi.Output<string>>;
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
    this.homeRegion = home;
    this.globalEventsRegion = globalRegion;
    const physicalName = `${NAME}-${inputs.stackName}`;
    if (physicalName.length > 64) throw new Error(`Stack name "${inputs.stackName}" is too long: function name ${physicalName} exceeds Lambda's 64 characters`);
    const awsSettings = inputs.aws ?? { assumeRoles: [], defaultTags: {} };
    const tags = { ...s.tags, ...productTags(inputs.stackName) };
    const warn = (message: string): void => { void pulumi.log.warn(message, this); };

    // Explicit providers: the home region for the function, and the region where IAM/sign-in events arrive. They carry
    // the honoured aws: settings and the tags (as default tags, so every taggable resource gets them).
    const homeProvider = new aws.Provider("home", providerArgs(home, awsSettings, tags), { parent: this });
    const globalProvider = globalRegion !== home ? new aws.Provider("global-events", providerArgs(globalRegion, awsSettings, tags), { parent: this }) : homeProvider;
    const inHome = { provider: homeProvider, parent: this };
    const inGlobal = { provider: globalProvider, parent: this };
    const account = aws.getCallerIdentityOutput({}, inHome).accountId;
    const partition = aws.getPartitionOutput({}, inHome).partition;

    // Publish now (rejects with the exact command on failure) and zip deterministically.
    const request = { mode: s.runtimeMode, arch: s.architecture };
    const pkg = pulumi.output(inputs.builder(request).then((dir) => packageFunction(dir, path.join(inputs.artifactsDir, `${variantName(request)}.zip`))));

    // The function is told every rule's ARN, but the rules' targets need the function: the list settles at the end.
    const eventRuleArns = ruleArnsSettledLater();
    this.eventRules = eventRuleArns.arns.apply((arns) => arns.join(","));
    const checker = createCheckerFunction({ settings: s, physicalName, home, partition, account, pkg, eventRuleArns: eventRuleArns.arns, eventRules: this.eventRules, opts: inHome });

    // Alarms notify a topic in their own region; the checker's own alarms are all in the home region.
    const topics: AlarmTopicInputs = { settings: s, physicalName, home, partition, account, warn };
    const homeTopic = alarmTopicFor(topics, home, "alarms", inHome);
    const globalTopic = globalRegion !== home ? alarmTopicFor(topics, globalRegion, "alarms-global", inGlobal) : homeTopic;
    for (const t of [homeTopic, globalTopic]) this.alarmTopicArns[t.region] = t.arn;
    checkerAlarms(homeTopic.alarms, {
      functionName: checker.fn.name, failureQueueName: checker.failureQueue.name, workDeadLetterQueueName: checker.work.deadLetterQueue.name,
      heartbeatHours: s.heartbeatHours, orgMode: s.org !== undefined,
    });

    const triggers = new Triggers({ settings: s, home, globalRegion, partition, account, fn: checker.fn, homeTopic, globalTopic, inHome, inGlobal });
    triggers.createCheckRules();
    const org = s.org ? createOrgResources({
      org: s.org,
      physicalName,
      home,
      partition,
      account,
      functionRoleArn: checker.role.arn,
      patterns: PATTERN_RULES.map((p) => ({ key: p.key, pattern: loadPattern(p.pattern), description: p.description })),
      invokeFromRule: triggers.invokeFromRule,
      notifyFromRules: (rules, busName) => {
        triggers.notifyTopic(rules, busName);
        allowRulesToPublish(topics, homeTopic, rules.map((r) => r.rule.arn));
      },
      inHome,
      managementProvider: (roleArn) => new aws.Provider("management-us-east-1",
        providerArgs(MEMBER_EVENTS_REGION, awsSettings, tags, [{ roleArn, sessionName: "sechubrootmfa-deploy" }]), { parent: this }),
      tags,
      warn,
    }) : undefined;
    triggers.guardDeadLetterQueues();
    // Every rule exists now: the function's environment and policy get every rule root events pass through.
    eventRuleArns.settle(triggers.eventPathRuleArns());

    const trail = s.createTrail
      ? createTrail({ name: physicalName, expirationDays: s.trailBucketExpirationDays, kms: s.trailKms, home, partition, account, opts: inHome })
      : undefined;

    this.ruleArns = triggers.ruleArns;
    this.deadLetterQueueUrls = triggers.deadLetterQueueUrls;
    this.functionName = checker.fn.name;
    this.functionArn = checker.fn.arn;
    this.failureQueueUrl = checker.failureQueue.url;
    this.workQueueUrl = checker.work.queue.url;
    this.workDeadLetterQueueUrl = checker.work.deadLetterQueue.url;
    this.findingId = pulumi.all([partition, account]).apply(([p, acct]) => findingIdOf(p, acct));
    this.evaluateCommand = pulumi.interpolate`aws lambda invoke --function-name ${checker.fn.name} --cli-binary-format raw-in-base64-out --payload '{"action":"evaluate"}' --region ${home} /dev/stdout`;
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
