// The member template (the StackSet's and the management-account stack's) created for real in moto's CloudFormation,
// then the audit role, the forwarder role and the forwarding rules read back through IAM and EventBridge, and the
// forwarding alarms (which moto's CloudFormation skips) created in moto's CloudWatch from the template's properties.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { deploy } from "./harness";
import { startMoto, type Moto } from "./moto";
import { AUDIT_ROLE_NAME, AUDIT_ROLE_PATH } from "../src/config";
import { FORWARDER_ROLE_NAME, MEMBER_ALARM_RULE_NAME, MEMBER_DLQ_ALARM_NAME, memberAlarmNames, memberAlarmStatePattern, memberForwardAlarmName, memberRuleName } from "../src/memberTemplate";
import { ALARM_SETTINGS } from "../src/alarms";
import { loadPattern, PATTERN_RULES } from "../src/patternRules";
import { TARGET_RETRY } from "../src/retry";

const ORG = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01", orgManagementRoleArn: "arn:aws:iam::999988887777:role/OrgDeployer" };
const REGION = "us-east-1";

/** A policy document as moto returns it: JSON, or (for inline policies made by CloudFormation) Python's dict repr. */
function policyDocument(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    // Our documents hold no quotes or booleans inside values, so the repr maps to JSON by its quotes alone.
    return JSON.parse(raw.replace(/'/g, '"'));
  }
}

/**
 * moto's CloudWatch DescribeAlarms over its query protocol (no CloudWatch client in this package): each alarm's name,
 * namespace, metric, statistic, threshold, period and dimensions.
 */
async function describeAlarms(region: string): Promise<Array<Record<string, any>>> {
  const xml = await cloudWatch(region, { Action: "DescribeAlarms" });
  const field = (block: string, name: string) => block.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
  // Each metric alarm is a <member> that starts with its AlarmName (dimensions are nested members without one).
  return xml.split("<member><AlarmName>").slice(1)
    .map((rest) => `<AlarmName>${rest}`)
    .map((block) => ({
      name: field(block, "AlarmName"),
      namespace: field(block, "Namespace"),
      metric: field(block, "MetricName"),
      statistic: field(block, "Statistic"),
      threshold: Number(field(block, "Threshold")),
      period: Number(field(block, "Period")),
      dimensions: Object.fromEntries([...block.matchAll(/<Name>([^<]*)<\/Name>\s*<Value>([^<]*)<\/Value>/g)].map((d) => [d[1], d[2]])),
      actions: /<AlarmActions>\s*<member>/.test(block),
    }));
}

/** One CloudWatch query-protocol call to moto; returns the XML body (a non-200 answer fails the test). */
async function cloudWatch(region: string, params: Record<string, string>): Promise<string> {
  const r = await fetch(`${moto.endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/monitoring/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body: new URLSearchParams({ Version: "2010-08-01", ...params }).toString(),
  });
  const xml = await r.text();
  assert.equal(r.status, 200, xml);
  return xml;
}

/** The AWS::CloudWatch::Alarm properties AWS documents (CloudFormation template reference, AWS::CloudWatch::Alarm). */
const ALARM_PROPERTIES = new Set(["ActionsEnabled", "AlarmActions", "AlarmDescription", "AlarmName", "ComparisonOperator", "DatapointsToAlarm",
  "Dimensions", "EvaluateLowSampleCountPercentile", "EvaluationPeriods", "ExtendedStatistic", "InsufficientDataActions", "MetricName", "Metrics",
  "Namespace", "OKActions", "Period", "Statistic", "Tags", "Threshold", "ThresholdMetricId", "TreatMissingData", "Unit"]);

let moto: Moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

describe("the member template in CloudFormation", () => {
  it("creates the audit role, the forwarder role and the forwarding rules the StackSet and the management stack deploy", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const stackSet = d.one("aws:cloudformation/stackSet:StackSet", "member-stackset").inputs;
    const management = d.one("aws:cloudformation/stack:Stack", "management-account-member").inputs;
    assert.equal(management.templateBody, stackSet.templateBody, "one template for both");
    const cfn = new CloudFormationClient(moto.client(REGION));
    const params = stackSet.parameters as Record<string, string>;
    await cfn.send(new CreateStackCommand({
      StackName: "sechubrootmfa-member",
      TemplateBody: stackSet.templateBody,
      Capabilities: stackSet.capabilities,
      Parameters: Object.entries(params).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    }));
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: "sechubrootmfa-member" }))).Stacks!;
    assert.equal(stack!.StackStatus, "CREATE_COMPLETE", stack!.StackStatusReason);
    const created = (await cfn.send(new ListStackResourcesCommand({ StackName: "sechubrootmfa-member" }))).StackResourceSummaries!;
    const byId = Object.fromEntries(created.map((r) => [r.LogicalResourceId!, r]));

    // The audit role: its name, path, trust (only the function's role, with the external id) and the audit grants.
    const iam = new IAMClient(moto.client(REGION));
    const audit = (await iam.send(new GetRoleCommand({ RoleName: AUDIT_ROLE_NAME }))).Role!;
    assert.equal(audit.Path, AUDIT_ROLE_PATH);
    const trust = policyDocument(decodeURIComponent(audit.AssumeRolePolicyDocument!));
    assert.deepEqual(trust.Statement[0].Principal, { AWS: params.FunctionRoleArn });
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": params.ExternalId } });
    const rawPolicy = decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: AUDIT_ROLE_NAME, PolicyName: "sechubrootmfa-audit" }))).PolicyDocument!);
    const auditPolicy = policyDocument(rawPolicy);
    assert.deepEqual(auditPolicy.Statement.map((s: any) => s.Resource), [
      "*",
      `arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default`,
      `arn:aws:securityhub:eu-west-1:123456789012:hub/default`,
      "*",
      "arn:aws:cloudtrail:*:*:trail/*",
      PATTERN_RULES.map((p) => `arn:aws:events:${REGION}:123456789012:rule/${memberRuleName(p.key)}`),
      `arn:aws:sqs:${REGION}:123456789012:sechubrootmfa-forward-dlq`,
    ], "Fn::Sub resolved to the member's own account, its events region and the home region");

    // The forwarder role: trusted by EventBridge for this account's two rules only.
    const forwarder = (await iam.send(new GetRoleCommand({ RoleName: FORWARDER_ROLE_NAME }))).Role!;
    const fTrust = policyDocument(decodeURIComponent(forwarder.AssumeRolePolicyDocument!));
    assert.deepEqual(fTrust.Statement[0].Condition.ArnEquals["aws:SourceArn"],
      [...PATTERN_RULES.map((p) => memberRuleName(p.key)), MEMBER_ALARM_RULE_NAME].map((n) => `arn:aws:events:${REGION}:123456789012:rule/${n}`));

    // The forwarding rules: the shared patterns, forwarding to the central bus with the forwarder role, retries and DLQ.
    const eb = new EventBridgeClient(moto.client(REGION));
    for (const p of PATTERN_RULES) {
      const rule = await eb.send(new DescribeRuleCommand({ Name: memberRuleName(p.key) }));
      assert.deepEqual(JSON.parse(rule.EventPattern!), loadPattern(p.pattern));
      assert.equal(rule.State, "ENABLED");
      const [target, ...more] = (await eb.send(new ListTargetsByRuleCommand({ Rule: memberRuleName(p.key) }))).Targets!;
      assert.equal(more.length, 0);
      assert.equal(target!.Arn, params.CentralBusArn);
      assert.equal(target!.RoleArn, forwarder.Arn);
      assert.equal(target!.RetryPolicy?.MaximumRetryAttempts, TARGET_RETRY.maximumRetryAttempts);
      assert.match(target!.DeadLetterConfig?.Arn ?? "", /^arn:aws:sqs:us-east-1:123456789012:/);
    }
    assert.ok(byId.ForwardDeadLetterQueue, "the dead-letter queue is created");

    // Member-side forwarding failures: an alarm per forwarding rule's FailedInvocations and one on the dead-letter
    // queue, without actions (a topic of another account is out of their reach); their state changes are forwarded.
    // moto's CloudFormation skips AWS::CloudWatch::Alarm (it creates no alarm and still says CREATE_COMPLETE), so each
    // alarm resource is checked against the documented property names and created with PutMetricAlarm, whose parameters
    // share those names, with the stack's own queue name where the template asks for it.
    const queueName = byId.ForwardDeadLetterQueue!.PhysicalResourceId!.split("/").at(-1)!;
    const template = JSON.parse(stackSet.templateBody);
    const alarmResources = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === "AWS::CloudWatch::Alarm");
    assert.equal(alarmResources.length, PATTERN_RULES.length + 1);
    for (const { Properties: props } of alarmResources) {
      for (const key of Object.keys(props)) assert.ok(ALARM_PROPERTIES.has(key), `${key} is an AWS::CloudWatch::Alarm property`);
      const params: Record<string, string> = { Action: "PutMetricAlarm" };
      for (const [key, value] of Object.entries(props)) {
        if (key === "Dimensions") {
          (value as Array<{ Name: string; Value: unknown }>).forEach((d, i) => {
            params[`Dimensions.member.${i + 1}.Name`] = d.Name;
            params[`Dimensions.member.${i + 1}.Value`] = typeof d.Value === "string" ? d.Value
              : (assert.deepEqual(d.Value, { "Fn::GetAtt": ["ForwardDeadLetterQueue", "QueueName"] }), queueName);
          });
        } else {
          params[key] = String(value);
        }
      }
      await cloudWatch(REGION, params);
    }
    const alarms = Object.fromEntries((await describeAlarms(REGION)).map((a) => [a.name, a]));
    for (const p of PATTERN_RULES) {
      const a = alarms[memberForwardAlarmName(p.key)];
      assert.ok(a, `alarm ${memberForwardAlarmName(p.key)} exists: ${JSON.stringify(Object.keys(alarms))}`);
      assert.deepEqual([a.namespace, a.metric, a.statistic, a.threshold, a.period, a.dimensions],
        ["AWS/Events", "FailedInvocations", "Sum", ALARM_SETTINGS.ruleFailedInvocations, ALARM_SETTINGS.periodSeconds, { RuleName: memberRuleName(p.key) }]);
      assert.equal(a.actions, false);
    }
    const dlqAlarm = alarms[MEMBER_DLQ_ALARM_NAME];
    assert.deepEqual([dlqAlarm?.namespace, dlqAlarm?.metric, dlqAlarm?.statistic, dlqAlarm?.threshold, dlqAlarm?.dimensions],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", ALARM_SETTINGS.queueDepth, { QueueName: queueName }]);
    const alarmRule = await eb.send(new DescribeRuleCommand({ Name: MEMBER_ALARM_RULE_NAME }));
    assert.deepEqual(JSON.parse(alarmRule.EventPattern!), memberAlarmStatePattern(memberAlarmNames(PATTERN_RULES)));
    assert.equal(alarmRule.State, "ENABLED");
    const [alarmTarget] = (await eb.send(new ListTargetsByRuleCommand({ Rule: MEMBER_ALARM_RULE_NAME }))).Targets!;
    assert.deepEqual([alarmTarget!.Arn, alarmTarget!.RoleArn], [params.CentralBusArn, forwarder.Arn]);
    assert.match(alarmTarget!.DeadLetterConfig?.Arn ?? "", /^arn:aws:sqs:us-east-1:123456789012:/);
    process.stdout.write(`# moto CloudFormation: member stack CREATE_COMPLETE with ${created.length} resources (${created.map((r) => r.LogicalResourceId || "(unnamed)").join(", ")})\n`);
  });
});
