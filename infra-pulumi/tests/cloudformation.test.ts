// The member template (the StackSet's and the management-account stack's) created for real in moto's CloudFormation,
// then the audit role, the forwarder role and the forwarding rules read back through IAM and EventBridge.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { deploy } from "./harness";
import { startMoto, type Moto } from "./moto";
import { AUDIT_ROLE_NAME, AUDIT_ROLE_PATH } from "../src/config";
import { FORWARDER_ROLE_NAME, memberRuleName } from "../src/orgStack";
import { loadPattern, PATTERN_RULES } from "../src/stack";
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
      PATTERN_RULES.map((p) => `arn:aws:events:${REGION}:123456789012:rule/${memberRuleName(p.key)}`));

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
    process.stdout.write(`# moto CloudFormation: member stack CREATE_COMPLETE with ${created.length} resources (${created.map((r) => r.LogicalResourceId || "(unnamed)").join(", ")})\n`);
  });
});
