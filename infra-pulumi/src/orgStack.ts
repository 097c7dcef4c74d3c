// Org mode, administrator side: what the delegated administrator account adds so one function covers the organization,
// all on AWS's own machinery: a central event bus open only to the organization, rules on it, and a service-managed
// StackSet that gives every member account (in the chosen OUs, including accounts that join later) the member template
// (memberTemplate.ts). Also the function's extra grants and environment in org mode.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_ROLE_NAME, AUDIT_ROLE_PATH, type OrgSettings } from "./config";
import type { EventPattern } from "./eventPattern";
import {
  FORWARDER_ROLE_NAME, MEMBER_EVENTS_REGION, MEMBER_FORWARD_DLQ_NAME, memberAlarmNames, memberRuleName, memberTemplate,
} from "./memberTemplate";
import { ASSUME_AUDIT_ROLE_ACTION, ASSUME_ROOT_ACTION, hubArn, IMPORT_FINDING_ACTION, LIST_ACCOUNTS_ACTION, productArn, READ_FINDING_ACTION } from "./permissions";

/**
 * The function's environment that tells it what to check in each member's event path (scheduled runs): the root event
 * forwarding rules. The alarm relay rule is left out: disabled, it silences forwarding alarms, not root events.
 */
export function memberEventPathEnvironment(patternKeys: string[]): Record<string, string> {
  return {
    SECHUBROOTMFA_MEMBER_FORWARD_RULES: patternKeys.map(memberRuleName).join(","),
    SECHUBROOTMFA_MEMBER_FORWARD_DLQ: MEMBER_FORWARD_DLQ_NAME,
  };
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

/** The central bus, its rules, the member StackSet and (with orgManagementRoleArn) the management account's stack. */
export function createOrgResources(i: OrgInputs): OrgOutputs {
  const bus = createCentralBus(i);
  const ruleArns = invokeFromCentralRules(i, bus);
  relayMemberAlarms(i, bus);
  const member = deployMemberTemplate(i, bus);
  return { centralBusArn: bus.arn, ruleArns, stackSetName: member.stackSetName, managementStackId: member.managementStackId };
}

/** The central bus in the home region, open only to the members' forwarder roles. */
function createCentralBus(i: OrgInputs): aws.cloudwatch.EventBus {
  // The central bus in the home region: members' us-east-1 rules put their root events here.
  const bus = new aws.cloudwatch.EventBus("central-bus", { name: `${i.physicalName}-central` }, i.inHome);
  // Only the members' forwarder roles (by path and name), and only from accounts of this organization.
  new aws.cloudwatch.EventBusPolicy("central-bus-policy", {
    eventBusName: bus.name,
    policy: pulumi.all([bus.arn, i.partition]).apply(([arn, p]) => JSON.stringify(centralBusPolicy(arn, p, i.org.organizationId))),
  }, i.inHome);
  return bus;
}

/** The root MFA and sign-in patterns on the central bus, invoking the function. */
function invokeFromCentralRules(i: OrgInputs, bus: aws.cloudwatch.EventBus): Record<string, pulumi.Output<string>> {
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
  return ruleArns;
}

/** Members' forwarding alarms, relayed by their AlarmStateForward rule: entering ALARM, and back to OK, to the alarm topic. */
function relayMemberAlarms(i: OrgInputs, bus: aws.cloudwatch.EventBus): void {
  const alarmPatterns = centralAlarmPatterns(memberAlarmNames(i.patterns));
  i.notifyFromRules([
    { key: "member-forwarding-alarm", pattern: alarmPatterns.raised, description: "A member account's root event forwarding alarm entered ALARM" },
    { key: "member-forwarding-ok", pattern: alarmPatterns.cleared, description: "A member account's root event forwarding alarm is OK again" },
  ].map((a) => ({
    key: a.key,
    // One central rule per alarm transition, on the central bus where the members' alarm rule forwards.
    rule: new aws.cloudwatch.EventRule(a.key, { description: a.description, eventBusName: bus.name, eventPattern: JSON.stringify(a.pattern) }, i.inHome),
  })), bus.name);
}

/** The member template to every member in the target OUs (StackSet), and to the management account when a role reaches it. */
function deployMemberTemplate(i: OrgInputs, bus: aws.cloudwatch.EventBus): { stackSetName: pulumi.Output<string>; managementStackId: pulumi.Output<string> | undefined } {
  const templateBody = JSON.stringify(memberTemplate(i.patterns));
  const parameters = {
    FunctionRoleArn: i.functionRoleArn,
    ExternalId: pulumi.secret(i.org.externalId),
    CentralBusArn: bus.arn,
    HomeRegion: i.home,
  };
  // Service-managed: every account in the OUs gets the template, accounts that join later included.
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
  // In us-east-1 only, where the members' root events reach EventBridge.
  new aws.cloudformation.StackSetInstance("member-stackset-us-east-1", {
    stackSetName: stackSet.name,
    callAs: i.org.stackSetCallAs,
    region: MEMBER_EVENTS_REGION,
    deploymentTargets: { organizationalUnitIds: i.org.targetOuIds },
  }, i.inHome);

  if (!i.org.managementRoleArn) {
    i.warn("Org mode: the management account gets no audit role (service-managed StackSets never deploy there), "
      + "so its root user is not checked. Set orgManagementRoleArn to a role the deployer can assume in it.");
    return { stackSetName: stackSet.name, managementStackId: undefined };
  }
  // Service-managed StackSets never deploy to the management account, whose root matters most: give it the same
  // template as a plain stack, through a role the deployer assumes there.
  const management = i.managementProvider(i.org.managementRoleArn);
  const managementStack = new aws.cloudformation.Stack("management-account-member", {
    name: `${i.physicalName}-member`,
    capabilities: ["CAPABILITY_NAMED_IAM"],
    templateBody,
    parameters,
  }, { provider: management, parent: i.inHome.parent });
  return { stackSetName: stackSet.name, managementStackId: managementStack.id };
}
