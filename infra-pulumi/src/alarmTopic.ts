// Where the alarms notify: one SNS topic per region that has alarms (CloudWatch notifies only topics in its own region),
// the configured alarmTopicArn where it is in that region, or a topic the stack creates, encrypted with its own key.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./config";
import type { AlarmContext } from "./alarms";
import { KMS_DELETION_WINDOW_DAYS } from "./retention";

export interface AlarmTopicInputs {
  settings: StackSettings;
  physicalName: string;
  home: string;
  partition: pulumi.Output<string>;
  account: pulumi.Output<string>;
  warn: (message: string) => void;
}

/** One region's alarm topic: its ARN for the alarms, and the topic itself when the stack created it. */
export interface RegionAlarmTopic {
  region: string;
  arn: pulumi.Output<string>;
  created: aws.sns.Topic | undefined;
  /** What every alarm in this region notifies, with the options it is created with. */
  alarms: AlarmContext;
}

/** The alarm topic of `region`: alarmTopicArn if it is in that region, else one created under the logical name `key`. */
export function alarmTopicFor(i: AlarmTopicInputs, region: string, key: string, opts: pulumi.CustomResourceOptions): RegionAlarmTopic {
  const s = i.settings;
  const given = s.alarmTopicArn?.split(":")[3];
  if (s.alarmTopicArn && given === region) {
    const arn = pulumi.output(s.alarmTopicArn);
    return { region, arn, created: undefined, alarms: { actions: [arn], opts } };
  }
  if (s.alarmTopicArn) {
    i.warn(`alarmTopicArn is in ${given}, but alarms in ${region} can only notify a topic there; the stack creates one`
      + (s.alarmEmail ? ` and subscribes ${s.alarmEmail}` : "; subscribe to it (output alarmTopicArns)"));
  }
  // Encrypts the topic's messages at rest (Security Hub SNS.1) with a key CloudWatch may use.
  const topicKey = new aws.kms.Key(`${key}-key`, {
    description: `${i.physicalName}: encrypts alarm notifications`,
    enableKeyRotation: true,
    deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
    // Org mode: EventBridge also publishes to the home topic (members' forwarding alarms, from the central bus).
    policy: pulumi.all([i.partition, i.account]).apply(([p, acct]) => JSON.stringify(alarmTopicKeyPolicy(p, acct, !!s.org && region === i.home))),
  }, opts);
  // Alarm notifications for this region's alarms.
  const topic = new aws.sns.Topic(key, { namePrefix: `${i.physicalName}-alarms-`, kmsMasterKeyId: topicKey.arn }, opts);
  if (s.alarmEmail) {
    // The address from alarmEmail (AWS sends it a confirmation link first).
    new aws.sns.TopicSubscription(`${key}-email`, { topic: topic.arn, protocol: "email", endpoint: s.alarmEmail }, opts);
  }
  return { region, arn: topic.arn, created: topic, alarms: { actions: [topic.arn], opts } };
}

/**
 * Org mode: lets EventBridge publish to the home topic for the central bus rules that relay members' forwarding alarms.
 * A topic of the user's own gets a warning naming the grants it needs instead.
 */
export function allowRulesToPublish(i: AlarmTopicInputs, topic: RegionAlarmTopic, ruleArns: pulumi.Output<string>[]): void {
  if (!topic.created) {
    i.warn(`alarmTopicArn ${i.settings.alarmTopicArn} receives the members' forwarding alarms from EventBridge: its policy must allow `
      + "events.amazonaws.com sns:Publish for the central bus rules member-forwarding-alarm and member-forwarding-ok (aws:SourceArn), "
      + "and its KMS key, if any, kms:GenerateDataKey* and kms:Decrypt to events.amazonaws.com");
    return;
  }
  const created = topic.created;
  // Replaces SNS's default policy: the account and this account's CloudWatch alarms keep publishing, EventBridge joins.
  new aws.sns.TopicPolicy("alarms-policy", {
    arn: created.arn,
    policy: pulumi.all([created.arn, i.partition, i.account, pulumi.all(ruleArns)])
      .apply(([arn, p, acct, rules]) => JSON.stringify(alarmTopicPolicy(arn, p, acct, rules))),
  }, topic.alarms.opts);
}

/**
 * The alarm topic's policy in org mode (the stack replaces SNS's default policy to add EventBridge): the account
 * administers it, CloudWatch alarms of this account publish to it, and EventBridge publishes only for the given rules
 * (the central bus rules that relay members' forwarding alarms).
 */
export function alarmTopicPolicy(topicArn: string, partition: string, account: string, notifyingRuleArns: string[]): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission", "sns:DeleteTopic",
          "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
        Resource: topicArn,
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      },
      {
        Sid: "MemberAlarmRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": notifyingRuleArns } },
      },
    ],
  };
}

/**
 * Policy of the key that encrypts a created alarm topic: the account administers it; CloudWatch, for alarms of this
 * account, may encrypt the messages it publishes (an AWS managed SNS key would refuse CloudWatch).
 */
export function alarmTopicKeyPolicy(partition: string, account: string, eventBridgePublishes = false): object {
  const publisher = (sid: string, service: string) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  });
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      publisher("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com"),
      // Org mode: EventBridge relays members' forwarding alarms from the central bus to the topic.
      ...(eventBridgePublishes ? [publisher("EventBridgeRulesPublish", "events.amazonaws.com")] : []),
    ],
  };
}
