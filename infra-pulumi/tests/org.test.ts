// Org mode, through Pulumi mocks: central bus limited to the organization, the function's org grants, and the member
// StackSet's template parsed resource by resource and its policies action by action.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ACCOUNT, asList, deploy, grants, provider, statements, type Deployed } from "./harness";
import { ConfigError } from "../src/config";
import { settingsWith } from "./harness";
import { ALARM_SETTINGS } from "../src/alarms";
import { MEMBER_ALARM_RULE_NAME, MEMBER_DLQ_ALARM_NAME, memberAlarmNames } from "../src/memberTemplate";

const ORG = {
  orgMode: "true",
  orgId: "o-a1b2c3d4e5",
  orgTargetOuIds: "ou-ab12-cdef3456,r-ab12",
  orgExternalId: "sechubrootmfa-ext-0001",
};
const FN = "aws:lambda/function:Function";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const PERMISSION = "aws:lambda/permission:Permission";
const STACKSET = "aws:cloudformation/stackSet:StackSet";
const PATTERNS = path.join(__dirname, "..", "event-patterns");
const patternFile = (file: string) => JSON.parse(fs.readFileSync(path.join(PATTERNS, file), "utf8"));

const functionGrants = (d: Deployed) => grants(d.one(ROLE_POLICY, "function-policy").inputs.policy as string);
const template = (d: Deployed) => JSON.parse(d.one(STACKSET, "member-stackset").inputs.templateBody as string);

describe("org mode", () => {
  it("creates nothing of org mode by default", async () => {
    const d = await deploy();
    assert.equal(d.ofType(STACKSET).length, 0);
    assert.equal(d.ofType("aws:cloudwatch/eventBus:EventBus").length, 0);
    assert.equal(d.outputs.centralBusArn, undefined);
  });

  it("gives an org run 512 MB and the full 900 s by default, since it evaluates every account in one invocation", async () => {
    const fn = (await deploy(ORG)).one(FN, "function").inputs;
    assert.equal(fn.memorySize, 512);
    assert.equal(fn.timeout, 900);
  });

  it("opens the central bus to PutEvents only from the members' forwarder roles, in the organization", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const bus = d.one("aws:cloudwatch/eventBus:EventBus", "central-bus");
    assert.equal(bus.region, "eu-west-1");
    const [stmt, ...rest] = statements(d.one("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "central-bus-policy").inputs.policy);
    assert.equal(rest.length, 0);
    assert.deepEqual(asList(stmt!.Action), ["events:PutEvents"]);
    assert.equal(stmt!.Principal, "*");
    assert.deepEqual(stmt!.Condition, {
      StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/sechubrootmfa/SecHubRootMfaForwarder" },
    });
    assert.equal(stmt!.Resource, `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/sechubrootmfa-test-central`);
  });

  it("invokes the function from rules on the central bus with the same patterns as the members' rules", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const api = d.one(RULE, "root-mfa-api-calls-central");
    const signin = d.one(RULE, "root-console-signin-central");
    assert.equal(api.inputs.eventBusName, "sechubrootmfa-test-central");
    assert.deepEqual(JSON.parse(api.inputs.eventPattern), patternFile("root-mfa-api-calls.json"));
    assert.deepEqual(JSON.parse(signin.inputs.eventPattern), patternFile("root-console-signin.json"));
    // A target must name its rule's bus, or EventBridge looks for the rule on the default bus and PutTargets fails.
    for (const key of ["root-mfa-api-calls-central", "root-console-signin-central"]) {
      assert.equal(d.one("aws:cloudwatch/eventTarget:EventTarget", `${key}-target`).inputs.eventBusName, "sechubrootmfa-test-central", key);
    }
    const perm = d.one(PERMISSION, "root-mfa-api-calls-central-invoke").inputs;
    assert.equal(perm.sourceArn, `arn:aws:events:eu-west-1:${ACCOUNT}:rule/sechubrootmfa-test-central/${api.name}-1234567`);
  });

  it("grants the function exactly ListAccounts, AssumeRole on the audit role path, its own reachability findings and no own IAM access", async () => {
    const g = functionGrants(await deploy({ homeRegion: "eu-west-1", ...ORG }));
    const byAction = (a: string) => g.filter((x) => x.action === a).map((x) => x.resource);
    assert.deepEqual(byAction("organizations:ListAccounts"), ["*"]);
    assert.deepEqual(byAction("sts:AssumeRole"), ["arn:aws:iam::*:role/sechubrootmfa/SecHubRootMfaAudit"]);
    const assume = statements((await deploy({ homeRegion: "eu-west-1", ...ORG })).one(ROLE_POLICY, "function-policy").inputs.policy)
      .find((s) => s.Action === "sts:AssumeRole")!;
    assert.deepEqual(assume.Condition, { StringEquals: { "aws:ResourceOrgID": "o-a1b2c3d4e5" } }, "only roles in this organization");
    assert.deepEqual(byAction("sts:AssumeRoot"), []);
    for (const a of ["iam:GetAccountSummary", "iam:ListVirtualMFADevices"]) {
      assert.deepEqual(byAction(a), [], `${a} belongs to the member role`);
    }
    // Member reachability findings: only into its own default product, only read from its own hub, in the home region.
    assert.deepEqual(byAction("securityhub:BatchImportFindings"), [`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`]);
    assert.deepEqual(byAction("securityhub:GetFindings"), [`arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`]);
  });

  it("grants sts:AssumeRoot only with the IAMAuditRootUserCredentials task policy when the inventory is on", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG, orgRootInventory: "true" });
    const stmt = statements(d.one(ROLE_POLICY, "function-policy").inputs.policy).find((s) => asList(s.Action).includes("sts:AssumeRoot"))!;
    assert.deepEqual(asList(stmt.Action), ["sts:AssumeRoot"]);
    assert.deepEqual(stmt.Condition, {
      StringEquals: { "sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "aws:ResourceOrgID": ORG.orgId },
    });
  });

  it("hands the function its org-mode environment", async () => {
    const env = (await deploy({ homeRegion: "eu-west-1", ...ORG, orgAccounts: "111111111111,222222222222", orgConcurrency: "32", orgRootInventory: "true", mfaPolicy: "at-least-one-hardware" }))
      .one(FN, "function").inputs.environment.variables;
    assert.equal(env.SECHUBROOTMFA_MODE, "org");
    assert.equal(env.SECHUBROOTMFA_AUDIT_EXTERNAL_ID, "sechubrootmfa-ext-0001");
    assert.equal(env.SECHUBROOTMFA_ORG_ACCOUNTS, "111111111111,222222222222");
    // What each member's event-path check reads through its audit role: the template's rule and queue names.
    assert.equal(env.SECHUBROOTMFA_MEMBER_FORWARD_RULES, "sechubrootmfa-root-mfa-api-calls-forward,sechubrootmfa-root-console-signin-forward");
    assert.equal(env.SECHUBROOTMFA_MEMBER_FORWARD_DLQ, "sechubrootmfa-forward-dlq");
    assert.match(env.SECHUBROOTMFA_EVENT_RULES, /rule\/sechubrootmfa-test-central\/root-mfa-api-calls-central-1234567/);
    // The central rules that relay members' forwarding alarms carry no root event: a disabled one is not a blind path.
    assert.doesNotMatch(env.SECHUBROOTMFA_EVENT_RULES, /member-forwarding-(alarm|ok)/);
    assert.equal(env.SECHUBROOTMFA_ORG_CONCURRENCY, "32");
    assert.equal(env.SECHUBROOTMFA_ROOT_INVENTORY, "true");
    assert.equal(env.SECHUBROOTMFA_MFA_POLICY, "at-least-one-hardware");
  });

  it("keeps the external id a secret in Pulumi's state and encrypts the function's environment with its own rotated key", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const fn = d.one(FN, "function");
    assert.ok(fn.secretPaths.some((p) => "environment.variables.SECHUBROOTMFA_AUDIT_EXTERNAL_ID".startsWith(p)), `secret paths: ${fn.secretPaths}`);
    const key = d.one("aws:kms/key:Key", "environment-key");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(fn.inputs.kmsKeyArn, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/environment-key-0000`);
    const ss = d.one(STACKSET, "member-stackset");
    assert.ok(ss.secretPaths.some((p) => "parameters.ExternalId".startsWith(p)), `stack set secret paths: ${ss.secretPaths}`);
    // Single-account mode has no secret in its environment and needs no key of its own.
    assert.deepEqual((await deploy({ homeRegion: "eu-west-1" })).ofType("aws:kms/key:Key").filter((k) => k.name === "environment-key"), []);
  });

  it("deploys the member StackSet service-managed, auto-deployed to the OUs, in us-east-1 only", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const recorded = d.one(STACKSET, "member-stackset");
    const ss = recorded.inputs;
    assert.equal(ss.permissionModel, "SERVICE_MANAGED");
    assert.deepEqual(ss.autoDeployment, { enabled: true, retainStacksOnAccountRemoval: false });
    assert.equal(ss.callAs, "DELEGATED_ADMIN");
    assert.deepEqual(ss.capabilities, ["CAPABILITY_NAMED_IAM"]);
    // The parameters travel as a Pulumi secret because they carry the external id.
    assert.deepEqual(recorded.secretPaths, ["parameters"]);
    const params = ss.parameters;
    assert.equal(params.ExternalId, "sechubrootmfa-ext-0001");
    assert.equal(params.FunctionRoleArn, `arn:aws:iam::${ACCOUNT}:role/function-role-1234567`);
    assert.equal(params.CentralBusArn, `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/sechubrootmfa-test-central`);
    assert.equal(params.HomeRegion, "eu-west-1");
    const instances = d.ofType("aws:cloudformation/stackSetInstance:StackSetInstance");
    assert.equal(instances.length, 1);
    assert.equal(instances[0]!.inputs.region, "us-east-1");
    assert.deepEqual(instances[0]!.inputs.deploymentTargets.organizationalUnitIds, ["ou-ab12-cdef3456", "r-ab12"]);
  });

  it("gives members an audit role trusted only by the function's role with the external id, and read-only grants", async () => {
    const t = template(await deploy({ homeRegion: "eu-west-1", ...ORG }));
    const role = t.Resources.AuditRole.Properties;
    assert.equal(role.RoleName, "SecHubRootMfaAudit");
    assert.equal(role.Path, "/sechubrootmfa/");
    const [trust, ...more] = role.AssumeRolePolicyDocument.Statement;
    assert.equal(more.length, 0);
    assert.deepEqual(trust.Principal, { AWS: { Ref: "FunctionRoleArn" } });
    assert.equal(trust.Action, "sts:AssumeRole");
    assert.deepEqual(trust.Condition, { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } });
    assert.equal(t.Parameters.ExternalId.NoEcho, true);

    const policy = role.Policies[0].PolicyDocument.Statement as Array<{ Effect: string; Action: string | string[]; Resource: unknown }>;
    const pairs = policy.flatMap((s) => asList(s.Action).map((action) => ({ action, resource: JSON.stringify(s.Resource), effect: s.Effect })));
    assert.deepEqual(pairs.map((p) => p.action).sort(), [
      "cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus", "events:DescribeRule",
      "iam:GetAccountSummary", "iam:ListVirtualMFADevices", "securityhub:BatchImportFindings", "securityhub:GetFindings",
      "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
    ]);
    // The event-path check reads only this member's own forwarding rules and their dead-letter queue.
    assert.equal(pairs.find((p) => p.action === "events:DescribeRule")!.resource, JSON.stringify(
      ["root-mfa-api-calls-forward", "root-console-signin-forward"].map((k) => ({ "Fn::Sub": `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/sechubrootmfa-${k}` }))));
    assert.equal(pairs.find((p) => p.action === "sqs:GetQueueAttributes")!.resource,
      JSON.stringify({ "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:sechubrootmfa-forward-dlq" }));
    assert.equal(t.Resources.ForwardDeadLetterQueue.Properties.QueueName, "sechubrootmfa-forward-dlq", "found by name through the audit role");
    assert.ok(pairs.every((p) => p.effect === "Allow"));
    assert.equal(pairs.find((p) => p.action === "securityhub:BatchImportFindings")!.resource,
      JSON.stringify({ "Fn::Sub": "arn:${AWS::Partition}:securityhub:${HomeRegion}:${AWS::AccountId}:product/${AWS::AccountId}/default" }));
    assert.equal(pairs.find((p) => p.action === "securityhub:GetFindings")!.resource,
      JSON.stringify({ "Fn::Sub": "arn:${AWS::Partition}:securityhub:${HomeRegion}:${AWS::AccountId}:hub/default" }));
  });

  it("forwards members' root MFA, login-profile and sign-in events to the central bus through a role limited to PutEvents on it", async () => {
    const t = template(await deploy({ homeRegion: "eu-west-1", ...ORG }));
    const allRules = Object.values(t.Resources as Record<string, { Type: string; Properties: any }>).filter((r) => r.Type === "AWS::Events::Rule");
    const rules = allRules.filter((r) => r.Properties.Name !== MEMBER_ALARM_RULE_NAME);
    assert.deepEqual(rules.map((r) => r.Properties.EventPattern), [patternFile("root-mfa-api-calls.json"), patternFile("root-console-signin.json")]);
    assert.deepEqual(rules.map((r) => r.Properties.Name), ["sechubrootmfa-root-mfa-api-calls-forward", "sechubrootmfa-root-console-signin-forward"]);
    for (const r of rules) {
      assert.deepEqual(r.Properties.Targets, [{
        Id: "central-bus",
        Arn: { Ref: "CentralBusArn" },
        RoleArn: { "Fn::GetAtt": ["ForwarderRole", "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 24, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "Arn"] } },
      }]);
    }
    assert.equal(t.Resources.ForwardDeadLetterQueue.Properties.SqsManagedSseEnabled, true);
    const forward = t.Resources.ForwarderRole.Properties;
    assert.equal(forward.RoleName, "SecHubRootMfaForwarder");
    assert.deepEqual(forward.AssumeRolePolicyDocument.Statement[0].Principal, { Service: "events.amazonaws.com" });
    // EventBridge may use the role only for this account's forwarding rules (root events, and the forwarding alarms).
    assert.deepEqual(forward.AssumeRolePolicyDocument.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      ArnEquals: { "aws:SourceArn": allRules.map((r) => ({ "Fn::Sub": `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${r.Properties.Name}` })) },
    });
    const [put, ...rest] = forward.Policies[0].PolicyDocument.Statement;
    assert.equal(rest.length, 0);
    assert.deepEqual([put.Action, put.Resource], ["events:PutEvents", { Ref: "CentralBusArn" }]);
  });

  it("alarms in each member on its forwarding rules' FailedInvocations and its dead-letter queue, and forwards those alarms' state changes", async () => {
    const t = template(await deploy({ homeRegion: "eu-west-1", ...ORG }));
    const alarms = Object.values(t.Resources as Record<string, { Type: string; Properties: any }>).filter((r) => r.Type === "AWS::CloudWatch::Alarm");
    const byName = Object.fromEntries(alarms.map((a) => [a.Properties.AlarmName, a.Properties]));
    for (const key of ["root-mfa-api-calls", "root-console-signin"]) {
      const a = byName[`sechubrootmfa-${key}-forward-failed-invocations`];
      assert.deepEqual([a.Namespace, a.MetricName, a.Dimensions, a.Statistic, a.Threshold, a.ComparisonOperator, a.TreatMissingData],
        ["AWS/Events", "FailedInvocations", [{ Name: "RuleName", Value: `sechubrootmfa-${key}-forward` }], "Sum", ALARM_SETTINGS.ruleFailedInvocations,
          "GreaterThanOrEqualToThreshold", "notBreaching"]);
    }
    const dlq = byName[MEMBER_DLQ_ALARM_NAME];
    assert.deepEqual([dlq.Namespace, dlq.MetricName, dlq.Dimensions, dlq.Statistic, dlq.Threshold],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", [{ Name: "QueueName", Value: { "Fn::GetAtt": ["ForwardDeadLetterQueue", "QueueName"] } }], "Maximum",
        ALARM_SETTINGS.queueDepth]);
    assert.equal(alarms.length, 3);
    // Alarm actions could only reach a topic of the member's own account: none; the state changes travel as events.
    assert.ok(alarms.every((a) => a.Properties.AlarmActions === undefined && a.Properties.OKActions === undefined));
    const forward = t.Resources.AlarmStateForward.Properties;
    assert.equal(forward.Name, MEMBER_ALARM_RULE_NAME);
    assert.deepEqual(forward.EventPattern, {
      source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], detail: { alarmName: Object.keys(byName) },
    });
    assert.deepEqual(forward.Targets, t.Resources.RootMfaApiCallsForward.Properties.Targets, "same central bus, role, retries and dead-letter queue");
  });

  it("notifies the alarm topic from central bus rules when a member's forwarding alarm enters ALARM or returns to OK, and alarms on org Failures", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const topic = await d.value(d.outputs.alarmTopicArns["eu-west-1"]!);
    const names = memberAlarmNames([{ key: "root-mfa-api-calls" }, { key: "root-console-signin" }]);
    for (const [key, detail] of [
      ["member-forwarding-alarm", { alarmName: names, state: { value: ["ALARM"] } }],
      ["member-forwarding-ok", { alarmName: names, state: { value: ["OK"] }, previousState: { value: ["ALARM"] } }],
    ] as const) {
      const rule = d.one(RULE, key);
      assert.equal(rule.inputs.eventBusName, "sechubrootmfa-test-central");
      assert.deepEqual(JSON.parse(rule.inputs.eventPattern), { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], detail });
      const target = d.one("aws:cloudwatch/eventTarget:EventTarget", `${key}-target`).inputs;
      assert.deepEqual([target.arn, target.eventBusName], [topic, "sechubrootmfa-test-central"]);
      d.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${key}-failed-invocations`);
    }
    const [, , events] = statements(d.one("aws:sns/topicPolicy:TopicPolicy", "alarms-policy").inputs.policy);
    assert.deepEqual([events!.Principal, events!.Action, events!.Resource], [{ Service: "events.amazonaws.com" }, "sns:Publish", topic]);
    assert.deepEqual(events!.Condition, { ArnEquals: { "aws:SourceArn": ["member-forwarding-alarm", "member-forwarding-ok"].map((r) => `arn:aws:events:eu-west-1:${ACCOUNT}:rule/sechubrootmfa-test-central/${r}-1234567`) } });
    const failures = d.one("aws:cloudwatch/metricAlarm:MetricAlarm", "org-failures").inputs;
    assert.deepEqual([failures.namespace, failures.metricName, failures.dimensions, failures.statistic, failures.datapointsToAlarm, failures.threshold],
      ["SecHubRootMfa", "Failures", { Status: "ERROR" }, "Sum", 1, ALARM_SETTINGS.orgFailures]);
    assert.deepEqual(failures.alarmActions, [topic]);
    // Single-account mode has neither: its failures fail the invocation (Lambda Errors) and it has no central bus.
    const single = await deploy({ homeRegion: "eu-west-1" });
    assert.equal(single.ofType("aws:sns/topicPolicy:TopicPolicy").length, 0);
    assert.equal(single.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name === "org-failures").length, 0);
  });

  it("gives the management account the members' audit role and forwarding rules through the configured role", async () => {
    const managementRole = "arn:aws:iam::999988887777:role/OrgDeployer";
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG, orgManagementRoleArn: managementRole });
    const stack = d.one("aws:cloudformation/stack:Stack", "management-account-member");
    const stackSet = d.one(STACKSET, "member-stackset").inputs;
    // Exactly the members' template and parameters, in us-east-1 where IAM and sign-in events arrive.
    assert.equal(stack.inputs.templateBody, stackSet.templateBody);
    assert.deepEqual(stack.inputs.parameters, stackSet.parameters);
    assert.deepEqual(stack.inputs.capabilities, ["CAPABILITY_NAMED_IAM"]);
    assert.equal(stack.region, "us-east-1");
    // Provider configuration reaches the engine JSON-encoded.
    assert.deepEqual(JSON.parse(provider(stack.provider!).assumeRoles), [{ roleArn: managementRole, sessionName: "sechubrootmfa-deploy" }]);
    assert.equal(await d.value(d.outputs.managementAccountStackId!), "sechubrootmfa-test-member");
  });

  it("deploys nothing into the management account unless a role to reach it is configured", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    assert.equal(d.ofType("aws:cloudformation/stack:Stack").length, 0);
    assert.equal(d.outputs.managementAccountStackId, undefined);
  });

  it("refuses an orgManagementRoleArn that is not an aws-partition IAM role ARN", () => {
    for (const bad of ["999988887777", "arn:aws:iam::999988887777:user/admin", "arn:aws:iam::99998888:role/OrgDeployer",
      "arn:aws-us-gov:iam::999988887777:role/OrgDeployer"]) {
      assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgManagementRoleArn: bad }),
        (e: Error) => e instanceof ConfigError && e.message.includes("orgManagementRoleArn") && e.message.includes(bad));
    }
    assert.equal(settingsWith({ homeRegion: "eu-west-1", ...ORG, orgManagementRoleArn: "arn:aws:iam::999988887777:role/ops/OrgDeployer" })
      .org!.managementRoleArn, "arn:aws:iam::999988887777:role/ops/OrgDeployer");
  });

  it("refuses mfaPolicy at-least-one-hardware unless org mode reads root's device inventory, as the function would at init", () => {
    for (const config of [{ homeRegion: "eu-west-1" }, { homeRegion: "eu-west-1", ...ORG }]) {
      assert.throws(() => settingsWith({ ...config, mfaPolicy: "at-least-one-hardware" }),
        (e: Error) => e instanceof ConfigError && e.message.includes("mfaPolicy") && e.message.includes("orgRootInventory=true"));
    }
    assert.equal(settingsWith({ homeRegion: "eu-west-1", ...ORG, orgRootInventory: "true", mfaPolicy: "at-least-one-hardware" }).mfaPolicy,
      "at-least-one-hardware");
  });

  it("refuses org mode without an organization id, OUs or external id, naming the key", () => {
    assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgId: "" }), (e: Error) => e instanceof ConfigError && e.message.includes("sechubrootmfa:orgId"));
    assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgTargetOuIds: "" }), /orgTargetOuIds/);
    assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgTargetOuIds: "ou-bad" }), /not an OU id/);
    assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgExternalId: "" }), /orgExternalId/);
    assert.throws(() => settingsWith({ homeRegion: "eu-west-1", ...ORG, orgStackSetCallAs: "ADMIN" }), /orgStackSetCallAs/);
  });
});
