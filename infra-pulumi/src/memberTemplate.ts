// Org mode, member side: the CloudFormation template every member account gets (by the StackSet, and the management
// account by a plain stack) in us-east-1: the read-only audit role, the rules forwarding its root MFA, login-profile and
// sign-in events to the central bus, their dead-letter queue, and the alarms that tell the administrator when
// forwarding fails.
import { AUDIT_ROLE_NAME, AUDIT_ROLE_PATH } from "./config";
import type { EventPattern } from "./eventPattern";
import { ALARM_SETTINGS } from "./alarms";
import { auditStatements, describeRulesStatements, READ_QUEUE_DEPTH_ACTIONS, trailReadStatements } from "./permissions";
import { QUEUE_RETENTION_SECONDS } from "./retention";
import { deadLetterQueuePolicy, TARGET_RETRY_CFN } from "./retry";

/** Root MFA events are IAM/sign-in events, delivered to EventBridge in us-east-1 in the commercial partition. */
export const MEMBER_EVENTS_REGION = "us-east-1";

/** The role each member's forwarding rules use; the central bus accepts events only from roles of this name. */
export const FORWARDER_ROLE_NAME = "SecHubRootMfaForwarder";

/** Physical name of a member's forwarding rule, so the forwarder role can trust exactly these rules (aws:SourceArn). */
export const memberRuleName = (key: string): string => `sechubrootmfa-${key}-forward`;

/**
 * Physical name of each member's forwarding dead-letter queue, so the checker can find it through the audit role
 * (sqs:GetQueueUrl by name) and read its depth.
 */
export const MEMBER_FORWARD_DLQ_NAME = "sechubrootmfa-forward-dlq";

// Member-side forwarding failures reach the administrator this way: CloudWatch alarms in the member (a rule's
// FailedInvocations, messages in the forwarding dead-letter queue), whose "CloudWatch Alarm State Change" events a member
// rule forwards to the central bus, where rules notify the alarm topic. CloudWatch alarm actions themselves can only
// notify a topic of their own account.

/** The member's alarm on one forwarding rule's FailedInvocations. */
export const memberForwardAlarmName = (key: string): string => `sechubrootmfa-${key}-forward-failed-invocations`;
/** The member's alarm on messages in its forwarding dead-letter queue. */
export const MEMBER_DLQ_ALARM_NAME = "sechubrootmfa-forward-dead-letter-messages";
/** The member rule that forwards those alarms' state changes to the central bus. */
export const MEMBER_ALARM_RULE_NAME = "sechubrootmfa-alarm-state-forward";

/** Every alarm name the member template creates. */
export const memberAlarmNames = (patterns: Array<{ key: string }>): string[] =>
  [...patterns.map((p) => memberForwardAlarmName(p.key)), MEMBER_DLQ_ALARM_NAME];

/** The member rule's pattern: any state change of the member's own forwarding alarms (CloudWatch's documented event). */
export function memberAlarmStatePattern(alarmNames: string[]): EventPattern {
  return { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], detail: { alarmName: alarmNames } };
}

type Patterns = Array<{ key: string; pattern: EventPattern }>;
type CfnArn = { "Fn::Sub": string };

/** The member template (CloudFormation JSON): the audit role and the forwarding rules, deployed in us-east-1. */
export function memberTemplate(patterns: Patterns): object {
  // The member's own forwarding rules (root events, and its forwarding alarms' state changes), by the names the template
  // gives them: the forwarder role trusts them and the dead-letter queue takes their events. The event-path check reads
  // only the root event forwarders: the alarm relay carries no root event, so its state says nothing about that path.
  const arnOf = (name: string): CfnArn => ({ "Fn::Sub": `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${name}` });
  const eventRuleArns = patterns.map((p) => arnOf(memberRuleName(p.key)));
  const ruleArns: CfnArn[] = [...eventRuleArns, arnOf(MEMBER_ALARM_RULE_NAME)];
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "SecHubRootMfa member account: read-only root MFA audit role and root event forwarding (us-east-1).",
    Parameters: {
      FunctionRoleArn: { Type: "String", Description: "The checker function's role in the security tooling account." },
      ExternalId: { Type: "String", NoEcho: true, Description: "External id the audit role requires." },
      CentralBusArn: { Type: "String", Description: "The central event bus in the security tooling account." },
      HomeRegion: { Type: "String", Description: "The Security Hub home region findings are imported into." },
    },
    Resources: {
      AuditRole: auditRole(eventRuleArns),
      // EventBridge needs a role to put events on a bus of another account that trusts the organization.
      // Only this account's forwarding rules (aws:SourceArn) may use it; the central bus trusts only this role name.
      ForwarderRole: forwarderRole(ruleArns),
      ...forwardDeadLetterQueue(ruleArns),
      ...forwardRules(patterns),
      // Every message here is a root MFA or sign-in event the checker never saw.
      ForwardDeadLetterQueueAlarm: alarm(MEMBER_DLQ_ALARM_NAME,
        "SecHubRootMfa: root events this account could not forward to the security tooling account wait in the dead-letter queue.",
        { Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "QueueName"] } }],
          Statistic: "Maximum", Threshold: ALARM_SETTINGS.queueDepth }),
      // The forwarding alarms' state changes go to the central bus like the root events, where rules notify the alarm topic.
      AlarmStateForward: {
        Type: "AWS::Events::Rule",
        Properties: {
          Name: MEMBER_ALARM_RULE_NAME,
          Description: "SecHubRootMfa: forward this account's forwarding alarms to the security tooling account",
          EventPattern: memberAlarmStatePattern(memberAlarmNames(patterns)),
          State: "ENABLED",
          Targets: TO_CENTRAL_BUS,
        },
      },
    },
  };
}

/** The read-only audit role: only the checker's own role, and only with the external id, may assume it. */
function auditRole(ruleArns: CfnArn[]): object {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      RoleName: AUDIT_ROLE_NAME,
      Path: AUDIT_ROLE_PATH,
      MaxSessionDuration: 3600,
      // Only the checker's own role, and only with the external id.
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { AWS: { Ref: "FunctionRoleArn" } },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
        }],
      },
      Policies: [{
        PolicyName: "sechubrootmfa-audit",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            ...auditStatements(
              { "Fn::Sub": "arn:${AWS::Partition}:securityhub:${HomeRegion}:${AWS::AccountId}:product/${AWS::AccountId}/default" },
              { "Fn::Sub": "arn:${AWS::Partition}:securityhub:${HomeRegion}:${AWS::AccountId}:hub/default" },
            ),
            // The event-path check of scheduled runs: the member's trails, its own forwarding rules and their queue only.
            ...trailReadStatements({ "Fn::Sub": "${AWS::Partition}" }),
            ...describeRulesStatements(ruleArns),
            {
              Sid: "ReadForwardDeadLetterQueueDepth",
              Effect: "Allow",
              Action: [...READ_QUEUE_DEPTH_ACTIONS],
              Resource: { "Fn::Sub": `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${MEMBER_FORWARD_DLQ_NAME}` },
            },
          ],
        },
      }],
    },
  };
}

/** The role the forwarding rules put events on the central bus with: trusted by EventBridge for these rules only. */
function forwarderRole(ruleArns: CfnArn[]): object {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      RoleName: FORWARDER_ROLE_NAME,
      Path: AUDIT_ROLE_PATH,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
            ArnEquals: { "aws:SourceArn": ruleArns },
          },
        }],
      },
      Policies: [{
        PolicyName: "sechubrootmfa-forward",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: { Ref: "CentralBusArn" } }],
        },
      }],
    },
  };
}

/** The forwarding rules' dead-letter queue and its policy (only these rules may send to it). */
function forwardDeadLetterQueue(ruleArns: CfnArn[]): Record<string, object> {
  return {
    // Events the forwarding rules could not deliver after their retries (encrypted, kept QUEUE_RETENTION_SECONDS, retention.ts).
    ForwardDeadLetterQueue: {
      Type: "AWS::SQS::Queue",
      Properties: { QueueName: MEMBER_FORWARD_DLQ_NAME, SqsManagedSseEnabled: true, MessageRetentionPeriod: QUEUE_RETENTION_SECONDS },
    },
    ForwardDeadLetterQueuePolicy: {
      Type: "AWS::SQS::QueuePolicy",
      Properties: {
        Queues: [{ Ref: "ForwardDeadLetterQueue" }],
        PolicyDocument: deadLetterQueuePolicy({ "Fn::GetAtt": ["ForwardDeadLetterQueue", "Arn"] }, ruleArns),
      },
    },
  };
}

/** Every forwarding rule's one target: the central bus, through the forwarder role, with retries and the dead-letter queue. */
const TO_CENTRAL_BUS = [{
  Id: "central-bus",
  Arn: { Ref: "CentralBusArn" },
  RoleArn: { "Fn::GetAtt": ["ForwarderRole", "Arn"] },
  RetryPolicy: TARGET_RETRY_CFN,
  DeadLetterConfig: { Arn: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "Arn"] } },
}];

/** One forwarding rule per pattern, each with an alarm on its FailedInvocations. */
function forwardRules(patterns: Patterns): Record<string, object> {
  const resources: Record<string, object> = {};
  for (const p of patterns) {
    const id = p.key.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") + "Forward";
    resources[id] = {
      Type: "AWS::Events::Rule",
      Properties: {
        Name: memberRuleName(p.key),
        Description: `SecHubRootMfa: forward ${p.key} to the security tooling account`,
        EventPattern: p.pattern,
        State: "ENABLED",
        Targets: TO_CENTRAL_BUS,
      },
    };
    // EventBridge could not deliver this rule's events to the central bus (after its retries they are in the queue).
    resources[`${id}FailedInvocationsAlarm`] = alarm(memberForwardAlarmName(p.key),
      `SecHubRootMfa: rule ${memberRuleName(p.key)} could not forward events to the security tooling account.`,
      { Namespace: "AWS/Events", MetricName: "FailedInvocations", Dimensions: [{ Name: "RuleName", Value: memberRuleName(p.key) }],
        Statistic: "Sum", Threshold: ALARM_SETTINGS.ruleFailedInvocations });
  }
  return resources;
}

/** Alarms without actions: their state changes are events, forwarded by AlarmStateForward (an action could not reach another account's topic). */
function alarm(name: string, description: string, metric: object): object {
  return {
    Type: "AWS::CloudWatch::Alarm",
    Properties: {
      AlarmName: name,
      AlarmDescription: description,
      ...metric,
      Period: ALARM_SETTINGS.periodSeconds,
      EvaluationPeriods: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    },
  };
}
