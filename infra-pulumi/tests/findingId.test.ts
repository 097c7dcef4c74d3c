// The finding id template has one home, contracts/finding-id.json: the stack output is built from it, and the C#
// ControlIdentity.FindingId is held to it by tests/SecHubRootMfa.Core.Tests/Findings/FindingIdTemplateTests.cs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ACCOUNT, deploy } from "./harness";
import { FINDING_ID_FILE, findingIdOf, loadFindingIdTemplate } from "../src/findingId";

describe("the finding id", () => {
  it("output findingId is contracts/finding-id.json's template filled with the stack's partition and account", async () => {
    const template = (JSON.parse(fs.readFileSync(FINDING_ID_FILE, "utf8")) as { template: string }).template;
    const d = await deploy();
    assert.equal(await d.value(d.outputs.findingId), template.replace("{partition}", "aws").replace("{accountId}", ACCOUNT));
    assert.equal(await d.value(d.outputs.findingId), `sechubrootmfa/aws/${ACCOUNT}/root-user-hardware-mfa`);
  });

  it("is filled for every partition, each placeholder once", () => {
    const template = "x/{partition}/{accountId}/y";
    assert.equal(findingIdOf("aws-cn", "111122223333", template), "x/aws-cn/111122223333/y");
    assert.equal(findingIdOf("aws-us-gov", "444455556666", template), "x/aws-us-gov/444455556666/y");
  });

  it("refuses a template file that lost a placeholder, repeats one, names an unknown one or is not the documented shape", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finding-id-"));
    const file = (content: unknown) => {
      const f = path.join(dir, `t${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(f, JSON.stringify(content));
      return f;
    };
    assert.throws(() => loadFindingIdTemplate(file({ template: "sechubrootmfa/{partition}/root-user-hardware-mfa" })), /\{accountId\} exactly once/);
    assert.throws(() => loadFindingIdTemplate(file({ template: "{partition}/{partition}/{accountId}" })), /\{partition\} exactly once/);
    assert.throws(() => loadFindingIdTemplate(file({ template: "{partition}/{accountId}/{region}" })), /unknown placeholder \{region\}/);
    assert.throws(() => loadFindingIdTemplate(file({ id: "{partition}/{accountId}" })), /expected an object with a string "template"/);
    assert.equal(loadFindingIdTemplate(), "sechubrootmfa/{partition}/{accountId}/root-user-hardware-mfa");
  });
});
