// The function's IAM actions, written once: the single-account stack grants them to the function's own role, org
// mode grants the same audit statements to each member's audit role (CloudFormation), so the two cannot drift.

/** Reading root's MFA state: these IAM actions take no resource, so they are granted on "*". */
export const READ_ROOT_MFA_ACTIONS = ["iam:GetAccountSummary", "iam:ListVirtualMFADevices"] as const;
/** Importing the account's own finding into its default product. */
export const IMPORT_FINDING_ACTION = "securityhub:BatchImportFindings";
/** Reading the stored finding back (the function's ordering and change checks). */
export const READ_FINDING_ACTION = "securityhub:GetFindings";
/** Publishing "Root MFA Compliance Changed" events. */
export const PUBLISH_CHANGE_ACTION = "events:PutEvents";
/** Org mode: listing the organization's accounts, and reading each member through its audit role. */
export const LIST_ACCOUNTS_ACTION = "organizations:ListAccounts";
export const ASSUME_AUDIT_ROLE_ACTION = "sts:AssumeRole";
export const ASSUME_ROOT_ACTION = "sts:AssumeRoot";
/** Queuing a re-check on the work queue (the function, after a device removal IAM does not show yet). */
export const SCHEDULE_RECHECK_ACTION = "sqs:SendMessage";
/** What the SQS event source mapping does with the function's role to deliver the work queue's messages. */
export const CONSUME_WORK_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"] as const;

/** The function's grants on its work queue: send re-checks to it, and let the event source mapping consume it. Nothing else. */
export function workQueueStatements(queueArn: PolicyResource): object[] {
  return [
    { Sid: "ScheduleRecheck", Effect: "Allow", Action: SCHEDULE_RECHECK_ACTION, Resource: queueArn },
    { Sid: "ConsumeWorkQueue", Effect: "Allow", Action: [...CONSUME_WORK_ACTIONS], Resource: queueArn },
  ];
}

/** How a resource is spelled: a plain ARN, or a CloudFormation expression (Fn::Sub) in the member template. */
export type PolicyResource = string | { "Fn::Sub": string };

/**
 * The statements that let one account's checker read root's MFA state and import/read its own finding. `product` and
 * `hub` are that account's default Security Hub product and hub in the home region.
 */
export function auditStatements(product: PolicyResource, hub: PolicyResource): object[] {
  return [
    { Sid: "ReadRootMfaState", Effect: "Allow", Action: [...READ_ROOT_MFA_ACTIONS], Resource: "*" },
    { Sid: "ImportOwnFinding", Effect: "Allow", Action: IMPORT_FINDING_ACTION, Resource: product },
    { Sid: "ReadOwnFinding", Effect: "Allow", Action: READ_FINDING_ACTION, Resource: hub },
  ];
}

/** The account's default product ARN (BatchImportFindings' resource). */
export const productArn = (partition: string, region: string, account: string): string =>
  `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
/** The account's hub ARN (GetFindings' resource). */
export const hubArn = (partition: string, region: string, account: string): string =>
  `arn:${partition}:securityhub:${region}:${account}:hub/default`;

/** Event-path check: listing the trails of the events region (DescribeTrails takes no resource). */
export const LIST_TRAILS_ACTION = "cloudtrail:DescribeTrails";
/** Event-path check: whether a trail logs and which events it records (its own or, for an organization trail, the management account's). */
export const READ_TRAIL_ACTIONS = ["cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"] as const;
/** Event-path check: whether a rule of ours is enabled. */
export const DESCRIBE_RULE_ACTION = "events:DescribeRule";
/** Event-path check in org mode: the depth of a member's forwarding dead-letter queue. */
export const READ_QUEUE_DEPTH_ACTIONS = ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"] as const;

/**
 * The statements that let the event-path check read the trails of an account, as seen from `partition`'s events
 * region: shadow and organization trails carry other regions' and the management account's ARNs, so any trail.
 */
export function trailReadStatements(partition: PolicyResource): object[] {
  const trails = typeof partition === "string" ? `arn:${partition}:cloudtrail:*:*:trail/*` : { "Fn::Sub": "arn:${AWS::Partition}:cloudtrail:*:*:trail/*" };
  return [
    { Sid: "ListTrails", Effect: "Allow", Action: LIST_TRAILS_ACTION, Resource: "*" },
    { Sid: "ReadTrailStatusAndSelectors", Effect: "Allow", Action: [...READ_TRAIL_ACTIONS], Resource: trails },
  ];
}

/** DescribeRule on exactly the deployment's own rules (none: no statement). */
export function describeRulesStatements(ruleArns: PolicyResource[]): object[] {
  return ruleArns.length === 0 ? [] : [{ Sid: "DescribeOwnRules", Effect: "Allow", Action: DESCRIBE_RULE_ACTION, Resource: ruleArns }];
}
