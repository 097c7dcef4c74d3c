// The partitions have one home, contracts/partitions.json: the stack places its rules by it, and the C# tests hold
// AwsPartition to the same file (tests/SecHubRootMfa.Core.Tests/Evaluation/PartitionContractTests.cs).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { globalEventsRegion } from "../src/config";
import { loadPartitions, partitionOf } from "../src/partitions";

function fileWith(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "partitions-"));
  const file = path.join(dir, "partitions.json");
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("partitions come from contracts/partitions.json", () => {
  it("places the rules in each partition's global events region, the region every entry of the file names", () => {
    for (const p of loadPartitions()) {
      const region = p.regionPrefix === "" ? "eu-west-1" : `${p.regionPrefix}north-1`;
      assert.equal(partitionOf(region).name, p.name, region);
      assert.equal(globalEventsRegion(region), p.globalEventsRegion, region);
    }
  });

  it("reads a changed file: a different events region is where the rules go", () => {
    const file = fileWith({ partitions: [{ name: "aws", regionPrefix: "", globalEventsRegion: "us-west-2" }] });
    assert.equal(partitionOf("eu-west-1", loadPartitions(file)).globalEventsRegion, "us-west-2");
  });

  it("refuses a file that is not the documented shape, naming the file", () => {
    const noDefault = fileWith({ partitions: [{ name: "aws-cn", regionPrefix: "cn-", globalEventsRegion: "cn-north-1" }] });
    assert.throws(() => loadPartitions(noDefault), /the last partition must be the default/);
    const missing = fileWith({ partitions: [{ name: "aws", regionPrefix: "" }] });
    assert.throws(() => loadPartitions(missing), /partitions\[0\]\.globalEventsRegion must be a string/);
    assert.throws(() => loadPartitions(fileWith({})), /non-empty "partitions" array/);
  });
});
