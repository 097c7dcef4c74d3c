// What starts an evaluation: the schedule, the root MFA and sign-in rules (forwarded from the global-events region when
// the home region differs), each target with bounded retries and a dead-letter queue per region, and each rule's
// permission to invoke the function. Org mode adds its central bus rules through invokeFromRule and notifyTopic.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./config";
import type { RegionAlarmTopic } from "./alarmTopic";
import { queueDepthAlarm, ruleFailedInvocationsAlarm } from "./alarms";
import { loadPattern, PATTERN_RULES } from "./patternRules";
import { QUEUE_RETENTION_SECONDS } from "./retention";
import { deadLetterQueuePolicy, TARGET_RETRY } from "./retry";

export interface TriggerInputs {
  settings: StackSettings;
  home: string;
  /** Where IAM's global events and root sign-ins reach EventBridge (config.ts globalEventsRegion). */
  globalRegion: string;
  partition: pulumi.Output<string>;
  account: pulumi.Output<string>;
  fn: aws.lambda.Function;
  /** The alarm topics of the home and the global-events region (the same one when they are one region). */
  homeTopic: RegionAlarmTopic;
  globalTopic: RegionAlarmTopic;
  inHome: pulumi.CustomResourceOptions;
  inGlobal: pulumi.CustomResourceOptions;
}

/** One region the stack puts rules in: its provider, the targets' dead-letter queue and alarm topic. */
interface RegionWiring {
  suffix: string;
  topic: RegionAlarmTopic;
  dlq: aws.sqs.Queue;
  /** Rules whose targets may send to this region's dead-letter queue. */
  ruleArns: pulumi.Output<string>[];
}

/** A rule target: the function, the home bus (forwarding) or the alarm topic. */
interface TargetArgs {
  arn: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  /** The custom bus the rule is on. */
  busName?: pulumi.Input<string>;
}

/**
 * The function's ARN list of every rule of the stack, settled once the last rule exists: the function's environment and
 * policy need it, while the rules' targets need the function. Neither waits on the other at deploy time: rules do not
 * depend on the function, only their targets do.
 */
export function ruleArnsSettledLater(): { arns: pulumi.Output<string[]>; settle: (arns: pulumi.Output<string>[]) => void } {
  let settle!: (arns: pulumi.Output<string[]>) => void;
  const arns = pulumi.output(new Promise<pulumi.Output<string[]>>((resolve) => { settle = resolve; }));
  return { arns, settle: (list) => settle(pulumi.all(list)) };
}

/** The stack's rules and their delivery; each rule's ARN is in ruleArns under its key. */
export class Triggers {
  public readonly ruleArns: Record<string, pulumi.Output<string>> = {};
  private readonly relayKeys = new Set<string>();
  /** Dead-letter queue(s) of the rule targets, by region. */
  public readonly deadLetterQueueUrls: Record<string, pulumi.Output<string>> = {};
  private readonly home: RegionWiring;
  private readonly global: RegionWiring;

  constructor(private readonly i: TriggerInputs) {
    this.home = this.regionWiring(i.home, "", i.homeTopic, i.inHome);
    this.global = i.globalRegion !== i.home ? this.regionWiring(i.globalRegion, "-global", i.globalTopic, i.inGlobal) : this.home;
  }

  /** The schedule and the root MFA and sign-in rules, invoking the function directly or through forwarding. */
  public createCheckRules(): void {
    const { settings: s, inHome, inGlobal } = this.i;
    // Periodic evaluation catches anything the event rules missed (e.g. a trail that was off for a while).
    const schedule = new aws.cloudwatch.EventRule("schedule", {
      description: "SecHubRootMfa periodic evaluation",
      scheduleExpression: s.schedule,
    }, inHome);
    this.invokeFromRule("schedule", schedule);

    if (this.global === this.home) {
      for (const p of PATTERN_RULES) {
        // IAM's global events and root sign-ins arrive here, next to the function: invoke it directly.
        const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inGlobal);
        this.invokeFromRule(p.key, rule);
      }
    } else {
      this.forwardToHome();
    }
  }

  /** Wires a rule to the function: a target with retries and a dead-letter queue, and an invoke permission for this rule only. */
  public readonly invokeFromRule = (key: string, rule: aws.cloudwatch.EventRule, busName?: pulumi.Input<string>): void => {
    this.target(key, rule, this.home, { arn: this.i.fn.arn, busName });
    // Lets exactly one rule invoke the function (sourceArn), nothing else.
    new aws.lambda.Permission(`${key}-invoke`, {
      action: "lambda:InvokeFunction",
      function: this.i.fn.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
      sourceAccount: this.i.account,
    }, this.i.inHome);
  };

  /** Wires rules on a custom bus to the home region's alarm topic (targets with retries and the dead-letter queue). */
  public notifyTopic(rules: Array<{ key: string; rule: aws.cloudwatch.EventRule }>, busName: pulumi.Input<string>): void {
    for (const { key, rule } of rules) {
      this.target(key, rule, this.home, { arn: this.home.topic.arn, busName });
      this.relayKeys.add(key);
    }
  }

  /** The rules root events pass through (not the alarm relays): what the function's event-path check reads. */
  public eventPathRuleArns(): pulumi.Output<string>[] {
    return Object.entries(this.ruleArns).filter(([key]) => !this.relayKeys.has(key)).map(([, arn]) => arn);
  }

  /** Once every rule exists: each dead-letter queue accepts only this stack's rules, and is alarmed. */
  public guardDeadLetterQueues(): void {
    for (const w of this.global === this.home ? [this.home] : [this.home, this.global]) {
      // Only EventBridge, and only for this stack's rules in that region, may put messages on a dead-letter queue.
      new aws.sqs.QueuePolicy(`event-dlq${w.suffix}-policy`, {
        queueUrl: w.dlq.url,
        policy: pulumi.all([w.dlq.arn, pulumi.all(w.ruleArns)]).apply(([queueArn, rules]) => JSON.stringify(deadLetterQueuePolicy(queueArn, rules))),
      }, w.topic.alarms.opts);
      queueDepthAlarm(w.topic.alarms, `event-dlq${w.suffix}`, w.dlq.name,
        `SecHubRootMfa rules in ${w.topic.region} could not deliver events after all retries; see the dead-letter queue.`);
    }
  }

  private regionWiring(region: string, suffix: string, topic: RegionAlarmTopic, opts: pulumi.CustomResourceOptions): RegionWiring {
    // Events a rule could not deliver after its retries; encrypted, alarmed, kept QUEUE_RETENTION_SECONDS (retention.ts).
    const dlq = new aws.sqs.Queue(`event-dlq${suffix}`, { sqsManagedSseEnabled: true, messageRetentionSeconds: QUEUE_RETENTION_SECONDS }, opts);
    this.deadLetterQueueUrls[region] = dlq.url;
    return { suffix, topic, dlq, ruleArns: [] };
  }

  /** A target with its retry policy and dead-letter queue; the rule's deliveries are alarmed. */
  private target(key: string, rule: aws.cloudwatch.EventRule, w: RegionWiring, args: TargetArgs, extra: pulumi.CustomResourceOptions = {}): void {
    new aws.cloudwatch.EventTarget(`${key}-target`, {
      rule: rule.name,
      // A target must name the bus its rule is on; without it EventBridge looks for the rule on the default bus.
      ...(args.busName !== undefined ? { eventBusName: args.busName } : {}),
      arn: args.arn,
      ...(args.roleArn !== undefined ? { roleArn: args.roleArn } : {}),
      retryPolicy: { ...TARGET_RETRY },
      deadLetterConfig: { arn: w.dlq.arn },
    }, { ...w.topic.alarms.opts, ...extra });
    w.ruleArns.push(rule.arn);
    ruleFailedInvocationsAlarm(w.topic.alarms, key, rule.name, args.busName);
    this.ruleArns[key] = rule.arn;
  }

  /** Rules in the global-events region forward to the home default bus, where the same patterns invoke the function. */
  private forwardToHome(): void {
    const { partition, account, home, inHome, inGlobal } = this.i;
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
    // Lets the forwarder put events on the home default bus, nothing else.
    const forwarderPolicy = new aws.iam.RolePolicy("forwarder-policy", {
      role: forwarderRole.id,
      policy: homeBusArn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "ForwardToHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: arn }],
      })),
    }, inHome);
    for (const { p, rule: forward } of forwardRules) {
      this.target(`${p.key}-forward`, forward, this.global, { arn: homeBusArn, roleArn: forwarderRole.arn }, { dependsOn: [forwarderPolicy] });
      // Same pattern on the home default bus: forwarded events keep their source and detail-type.
      const rule = new aws.cloudwatch.EventRule(p.key, { description: p.description, eventPattern: JSON.stringify(loadPattern(p.pattern)) }, inHome);
      this.invokeFromRule(p.key, rule);
    }
  }
}
