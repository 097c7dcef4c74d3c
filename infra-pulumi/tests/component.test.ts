// The program as a Pulumi component: embeddable, the same URNs as before it existed, tagged, and providers that honour
// the stack's aws: settings.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deploy, provider } from "./harness";
import { awsProviderSettings } from "../src/providers";
import { COMPONENT_TYPE, productTags } from "../src/stack";

const ORG = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01", orgManagementRoleArn: "arn:aws:iam::999988887777:role/OrgDeployer" };

describe("the SecHubRootMfa component", () => {
  it("keeps every resource's old root-level URN as an alias, so moving into the component replaces nothing", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", createTrail: "true", ...ORG });
    assert.ok(d.resources.length > 40);
    for (const r of d.resources.filter((x) => x.type !== COMPONENT_TYPE)) {
      assert.ok(r.aliases.includes(`urn:pulumi:test::sechubrootmfa::${r.type}::${r.name}`), `${r.type} ${r.name}: ${JSON.stringify(r.aliases)}`);
    }
    for (const p of ["home", "global-events", "management-us-east-1"]) {
      assert.deepEqual(provider(p).aliases, [`urn:pulumi:test::sechubrootmfa::pulumi:providers:aws::${p}`]);
    }
  });

  it("is a component with typed outputs that another program can create under its own name", async () => {
    const d = await deploy();
    assert.ok(pulumi.ComponentResource.isInstance(d.outputs as unknown as pulumi.Resource));
    assert.equal(COMPONENT_TYPE, "sechubrootmfa:index:SecHubRootMfa");
    assert.equal(await d.value(d.outputs.functionName), "sechubrootmfa-test");
  });

  it("creates every resource through its own explicit providers, which tag everything taggable with the product's and the configured tags", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", tags: '{"team":"security"}', ...ORG },
      { profile: "audit", assumeRoles: [{ roleArn: "arn:aws:iam::111122223333:role/Deployer" }], defaultTags: { "cost-center": "42" } });
    assert.equal(d.ofType(COMPONENT_TYPE).length, 1);
    for (const r of d.resources.filter((x) => x.type !== COMPONENT_TYPE)) assert.ok(r.provider, `${r.type} ${r.name} uses an explicit provider`);
    const expected = { "cost-center": "42", team: "security", ...productTags("test") };
    for (const name of ["home", "global-events", "management-us-east-1"]) {
      const p = provider(name);
      assert.deepEqual(JSON.parse(p.defaultTags).tags, expected, `${name} tags`);
      assert.equal(p.profile, "audit", `${name} honours aws:profile`);
      assert.equal(JSON.parse(p.assumeRoles)[0].roleArn, "arn:aws:iam::111122223333:role/Deployer", `${name} honours aws:assumeRoles`);
    }
    // The management account is reached through the configured role, after the stack's own role chain.
    assert.deepEqual(JSON.parse(provider("management-us-east-1").assumeRoles).map((r: { roleArn: string }) => r.roleArn),
      ["arn:aws:iam::111122223333:role/Deployer", ORG.orgManagementRoleArn]);
    // CloudFormation does not see provider default tags: the StackSet carries them itself.
    assert.deepEqual(d.one("aws:cloudformation/stackSet:StackSet", "member-stackset").inputs.tags, { team: "security", ...productTags("test") });
  });
});

describe("the stack's aws: settings", () => {
  const from = (values: Record<string, string>) => awsProviderSettings((k) => values[k]);

  it("reads aws:profile, aws:assumeRole, aws:assumeRoles, aws:sharedCredentialsFiles and aws:defaultTags", () => {
    assert.deepEqual(from({
      profile: "audit",
      assumeRole: '{"roleArn":"arn:aws:iam::111122223333:role/A"}',
      assumeRoles: '[{"roleArn":"arn:aws:iam::111122223333:role/B","externalId":"x"}]',
      sharedCredentialsFiles: '["/home/me/.aws/credentials"]',
      defaultTags: '{"tags":{"env":"prod"}}',
    }), {
      profile: "audit",
      sharedCredentialsFiles: ["/home/me/.aws/credentials"],
      assumeRoles: [{ roleArn: "arn:aws:iam::111122223333:role/A" }, { roleArn: "arn:aws:iam::111122223333:role/B", externalId: "x" }],
      defaultTags: { env: "prod" },
    });
    assert.deepEqual(from({}), { assumeRoles: [], defaultTags: {} });
  });

  it("fails naming the aws: key when its value has the wrong shape", () => {
    assert.throws(() => from({ assumeRoles: '{"roleArn":"x"}' }), /aws:assumeRoles: expected a list/);
    assert.throws(() => from({ assumeRole: '{"arn":"x"}' }), /aws:assumeRole: each role needs a roleArn/);
    assert.throws(() => from({ defaultTags: '{"env":"prod"}' }), /aws:defaultTags: expected \{"tags"/);
    assert.throws(() => from({ defaultTags: "env=prod" }), /aws:defaultTags: expected a JSON value/);
  });
});
