// Org mode: what the delegated administrator account adds so one function covers the organization, all on AWS's own
// machinery: a central event bus open only to the organization, and a service-managed StackSet that gives every
// member account (in the chosen OUs, including accounts that join later) the read-only audit role and the us-east-1
// rules forwarding its root MFA, login-profile and sign-in events to that bus.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_ROLE_NAME, AUDIT_ROLE_PATH, type OrgSettings } from "./config";
import type { EventPattern } from "./eventPattern";
import { ALARM_SETTINGS } from "./alarms";
import {
  ASSUME_AUDIT_ROLE_ACTION, ASSUME_ROOT_ACTION, auditStatements, describeRulesStatements, hubArn, IMPORT_FINDING_ACTION, LIST_ACCOUNTS_ACTION, productArn,
  READ_FINDING_ACTION, READ_QUEUE_DEPTH_ACTIONS, trailReadStatements,
} from "./permissions";
import { deadLetterQueuePolicy, TARGET_RETRY_CFN } from "./retry";

/** The role each member's forwarding rules use; the central bus accepts events only from roles of this name. */
export const FORWARDER_ROLE_NAME = "SecHubRootMfaForwarder";

/** Physical name of a member's forwarding rule, so the forwarder role can trust exactly these rules (aws:SourceArn). */
export const memberRuleName = (key: string): string => `sechubrootmfa-${key}-forward`;

/**
 * Physical name of each member's forwarding dead-letter queue, so the checker can find it through the audit role
 * (sqs:GetQueueUrl by name) and read its depth.
 */
export const MEMBER_FORWARD_DLQ_NAME = "sechubrootmfa-forward-dlq";

/**
 * The function's environment that tells it what to check in each member's event path (scheduled runs): the event
 * forwarding rules and the rule that forwards their alarms, since with either disabled the administrator hears nothing.
 */
export function memberEventPathEnvironment(patternKeys: string[]): Record<string, string> {
  return {
    SECHUBROOTMFA_MEMBER_FORWARD_RULES: [...patternKeys.map(memberRuleName), MEMBER_ALARM_RULE_NAME].join(","),
    SECHUBROOTMFA_MEMBER_FORWARD_DLQ: MEMBER_FORWARD_DLQ_NAME,
  };
}

/** Root MFA events are IAM/sign-in events, delivered to EventBridge in us-east-1 in the commercial partition. */
export const MEMBER_EVENTS_REGION = "us-east-1";

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

/**
 * The central rules' patterns: a forwarding alarm entering ALARM, and one returning to OK from ALARM (not the
 * INSUFFICIENT_DATA to OK of every new alarm, which would notify once per member at rollout).
 */
export function centralAlarmPatterns(alarmNames: string[]): { raised: EventPattern; cleared: EventPattern } {
  const base = { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"] };
  return {
    raised: { ...base, detail: { alarmName: alarmNames, state: { value: ["ALARM"] } } },
    cleared: { ...base, detail: { alarmName: alarmNames, state: { value: ["OK"] }, previousState: { value: ["ALARM"] } } },
  };
}

export interface OrgInputs {
  org: OrgSettings;
  physicalName: string;
  home: string;
  partition: pulumi.Output<string>;
  account: pulumi.Output<string>;
  functionRoleArn: pulumi.Output<string>;
  patterns: Array<{ key: string; pattern: EventPattern; description: string }>;
  /** Wires a rule to the function (target with retries and dead-letter queue + invoke permission limited to the rule). */
  invokeFromRule: (key: string, rule: aws.cloudwatch.EventRule, busName?: pulumi.Input<string>) => void;
  /** Wires a rule on the central bus to the home region's alarm topic (target with retries and dead-letter queue). */
  notifyFromRules: (rules: Array<{ key: string; rule: aws.cloudwatch.EventRule }>, busName: pulumi.Input<string>) => void;
  inHome: pulumi.CustomResourceOptions;
  /** The provider that deploys into the management account through this role (us-east-1). */
  managementProvider: (roleArn: string) => aws.Provider;
  /** Tags for the StackSet and the management stack (CloudFormation passes them on to what the template creates). */
  tags: Record<string, string>;
  warn: (message: string) => void;
}

export interface OrgOutputs {
  centralBusArn: pulumi.Output<string>;
  ruleArns: Record<string, pulumi.Output<string>>;
  stackSetName: pulumi.Output<string>;
  /** The management account's own member stack, when orgManagementRoleArn is set. */
  managementStackId: pulumi.Output<string> | undefined;
}

/**
 * The function's extra grants in org mode, as policy statements. Its own Security Hub (`home`, `account`) only for the
 * member reachability findings: import into its default product and read from its hub, nothing else.
 */
export function orgFunctionStatements(org: OrgSettings, partition: string, home: string, account: string): object[] {
  return [
    { Sid: "ImportOwnReachabilityFindings", Effect: "Allow", Action: IMPORT_FINDING_ACTION, Resource: productArn(partition, home, account) },
    { Sid: "ReadOwnReachabilityFindings", Effect: "Allow", Action: READ_FINDING_ACTION, Resource: hubArn(partition, home, account) },
    { Sid: "ListOrganizationAccounts", Effect: "Allow", Action: LIST_ACCOUNTS_ACTION, Resource: "*" },
    {
      Sid: "AssumeMemberAuditRole",
      Effect: "Allow",
      Action: ASSUME_AUDIT_ROLE_ACTION,
      Resource: `arn:${partition}:iam::*:role${AUDIT_ROLE_PATH}${AUDIT_ROLE_NAME}`,
      // Only roles of accounts in this organization, never a same-named role elsewhere.
      Condition: { StringEquals: { "aws:ResourceOrgID": org.organizationId } },
    },
    ...(org.rootInventory ? [{
      Sid: "AuditRootUserCredentials",
      Effect: "Allow",
      Action: ASSUME_ROOT_ACTION,
      Resource: "*",
      // Only the audit task policy (reading root's credential metadata, nothing else root could do), and only on
      // accounts of this organization.
      Condition: {
        StringEquals: {
          "sts:TaskPolicyArn": `arn:${partition}:iam::aws:policy/root-task/IAMAuditRootUserCredentials`,
          "aws:ResourceOrgID": org.organizationId,
        },
      },
    }] : []),
  ];
}

/** The member template (CloudFormation JSON): the audit role and the forwarding rules, deployed in us-east-1. */
export function memberTemplate(patterns: Array<{ key: string; pattern: EventPattern }>): object {
  // The member's own forwarding rules (root events, and its forwarding alarms' state changes), by the names the template
  // gives them.
  const ruleArns = [...patterns.map((p) => memberRuleName(p.key)), MEMBER_ALARM_RULE_NAME]
    .map((name) => ({ "Fn::Sub": `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${name}` }));
  const resources: Record<string, object> = {
    AuditRole: {
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
    },
    // EventBridge needs a role to put events on a bus of another account that trusts the organization.
    // Only this account's forwarding rules (aws:SourceArn) may use it; the central bus trusts only this role name.
    ForwarderRole: {
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
    },
  };
  // Events the forwarding rules could not deliver after their retries (encrypted, kept 14 days).
  resources.ForwardDeadLetterQueue = {
    Type: "AWS::SQS::Queue",
    Properties: { QueueName: MEMBER_FORWARD_DLQ_NAME, SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
  };
  resources.ForwardDeadLetterQueuePolicy = {
    Type: "AWS::SQS::QueuePolicy",
    Properties: {
      Queues: [{ Ref: "ForwardDeadLetterQueue" }],
      PolicyDocument: deadLetterQueuePolicy({ "Fn::GetAtt": ["ForwardDeadLetterQueue", "Arn"] }, ruleArns),
    },
  };
  const toCentralBus = [{
    Id: "central-bus",
    Arn: { Ref: "CentralBusArn" },
    RoleArn: { "Fn::GetAtt": ["ForwarderRole", "Arn"] },
    RetryPolicy: TARGET_RETRY_CFN,
    DeadLetterConfig: { Arn: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "Arn"] } },
  }];
  // Alarms without actions: their state changes are events, forwarded below (an action could not reach another account's topic).
  const alarm = (name: string, description: string, metric: object) => ({
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
  });
  for (const p of patterns) {
    const id = p.key.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") + "Forward";
    resources[id] = {
      Type: "AWS::Events::Rule",
      Properties: {
        Name: memberRuleName(p.key),
        Description: `SecHubRootMfa: forward ${p.key} to the security tooling account`,
        EventPattern: p.pattern,
        State: "ENABLED",
        Targets: toCentralBus,
      },
    };
    // EventBridge could not deliver this rule's events to the central bus (after its retries they are in the queue).
    resources[`${id}FailedInvocationsAlarm`] = alarm(memberForwardAlarmName(p.key),
      `SecHubRootMfa: rule ${memberRuleName(p.key)} could not forward events to the security tooling account.`,
      { Namespace: "AWS/Events", MetricName: "FailedInvocations", Dimensions: [{ Name: "RuleName", Value: memberRuleName(p.key) }],
        Statistic: "Sum", Threshold: ALARM_SETTINGS.ruleFailedInvocations });
  }
  // Every message here is a root MFA or sign-in event the checker never saw.
  resources.ForwardDeadLetterQueueAlarm = alarm(MEMBER_DLQ_ALARM_NAME,
    "SecHubRootMfa: root events this account could not forward to the security tooling account wait in the dead-letter queue.",
    { Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "QueueName"] } }],
      Statistic: "Maximum", Threshold: ALARM_SETTINGS.queueDepth });
  // The forwarding alarms' state changes go to the central bus like the root events, where rules notify the alarm topic.
  resources.AlarmStateForward = {
    Type: "AWS::Events::Rule",
    Properties: {
      Name: MEMBER_ALARM_RULE_NAME,
      Description: "SecHubRootMfa: forward this account's forwarding alarms to the security tooling account",
      EventPattern: memberAlarmStatePattern(memberAlarmNames(patterns)),
      State: "ENABLED",
      Targets: toCentralBus,
    },
  };
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "SecHubRootMfa member account: read-only root MFA audit role and root event forwarding (us-east-1).",
    Parameters: {
      FunctionRoleArn: { Type: "String", Description: "The checker function's role in the security tooling account." },
      ExternalId: { Type: "String", NoEcho: true, Description: "External id the audit role requires." },
      CentralBusArn: { Type: "String", Description: "The central event bus in the security tooling account." },
      HomeRegion: { Type: "String", Description: "The Security Hub home region findings are imported into." },
    },
    Resources: resources,
  };
}

/** The central bus policy: PutEvents only by the members' forwarder roles, only from accounts of the organization. */
export function centralBusPolicy(busArn: string, partition: string, organizationId: string): object {
  return {
    Version: "2012-10-17",
    Statement: [{
      Sid: "OrganizationForwardersPutEvents",
      Effect: "Allow",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: busArn,
      Condition: {
        StringEquals: { "aws:PrincipalOrgID": organizationId },
        ArnLike: { "aws:PrincipalArn": `arn:${partition}:iam::*:role${AUDIT_ROLE_PATH}${FORWARDER_ROLE_NAME}` },
      },
    }],
  };
}

export function createOrgResources(i: OrgInputs): OrgOutputs {
  // The central bus in the home region: members' us-east-1 rules put their root events here.
  const bus = new aws.cloudwatch.EventBus("central-bus", { name: `${i.physicalName}-central` }, i.inHome);
  // Only the members' forwarder roles (by path and name), and only from accounts of this organization.
  new aws.cloudwatch.EventBusPolicy("central-bus-policy", {
    eventBusName: bus.name,
    policy: pulumi.all([bus.arn, i.partition]).apply(([arn, p]) => JSON.stringify(centralBusPolicy(arn, p, i.org.organizationId))),
  }, i.inHome);

  const ruleArns: Record<string, pulumi.Output<string>> = {};
  for (const p of i.patterns) {
    // Same patterns as the members' rules: forwarded events keep their account, source and detail-type.
    const rule = new aws.cloudwatch.EventRule(`${p.key}-central`, {
      description: `${p.description}, from member accounts`,
      eventBusName: bus.name,
      eventPattern: JSON.stringify(p.pattern),
    }, i.inHome);
    i.invokeFromRule(`${p.key}-central`, rule, bus.name);
    ruleArns[`${p.key}-central`] = rule.arn;
  }

  // Members' forwarding alarms, relayed by their AlarmStateForward rule: entering ALARM, and back to OK.
  const alarmPatterns = centralAlarmPatterns(memberAlarmNames(i.patterns));
  i.notifyFromRules([
    { key: "member-forwarding-alarm", pattern: alarmPatterns.raised, description: "A member account's root event forwarding alarm entered ALARM" },
    { key: "member-forwarding-ok", pattern: alarmPatterns.cleared, description: "A member account's root event forwarding alarm is OK again" },
  ].map((a) => ({
    key: a.key,
    rule: new aws.cloudwatch.EventRule(a.key, { description: a.description, eventBusName: bus.name, eventPattern: JSON.stringify(a.pattern) }, i.inHome),
  })), bus.name);

  const templateBody = JSON.stringify(memberTemplate(i.patterns));
  const parameters = {
    FunctionRoleArn: i.functionRoleArn,
    ExternalId: pulumi.secret(i.org.externalId),
    CentralBusArn: bus.arn,
    HomeRegion: i.home,
  };
  const stackSet = new aws.cloudformation.StackSet("member-stackset", {
    name: `${i.physicalName}-member`,
    description: "SecHubRootMfa member audit role and root event forwarding",
    permissionModel: "SERVICE_MANAGED",
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    callAs: i.org.stackSetCallAs,
    capabilities: ["CAPABILITY_NAMED_IAM"],
    templateBody,
    parameters,
    operationPreferences: { maxConcurrentPercentage: 25, failureTolerancePercentage: 10, regionConcurrencyType: "PARALLEL" },
    // StackSets do not get the provider's default tags on what they create in members: pass them explicitly.
    tags: i.tags,
  }, i.inHome);
  new aws.cloudformation.StackSetInstance("member-stackset-us-east-1", {
    stackSetName: stackSet.name,
    callAs: i.org.stackSetCallAs,
    region: MEMBER_EVENTS_REGION,
    deploymentTargets: { organizationalUnitIds: i.org.targetOuIds },
  }, i.inHome);

  let managementStackId: pulumi.Output<string> | undefined;
  if (i.org.managementRoleArn) {
    // Service-managed StackSets never deploy to the management account, whose root matters most: give it the same
    // template as a plain stack, through a role the deployer assumes there.
    const management = i.managementProvider(i.org.managementRoleArn);
    const managementStack = new aws.cloudformation.Stack("management-account-member", {
      name: `${i.physicalName}-member`,
      capabilities: ["CAPABILITY_NAMED_IAM"],
      templateBody,
      parameters,
    }, { provider: management, parent: i.inHome.parent });
    managementStackId = managementStack.id;
  } else {
    i.warn("Org mode: the management account gets no audit role (service-managed StackSets never deploy there), "
      + "so its root user is not checked. Set orgManagementRoleArn to a role the deployer can assume in it.");
  }

  return { centralBusArn: bus.arn, ruleArns, stackSetName: stackSet.name, managementStackId };
}
