// The partitions, their region prefixes and their global events regions have one home, infra-pulumi/contracts/partitions.json,
// read here to place the rules and by the C# tests, which hold AwsPartition to it
// (tests/SecHubRootMfa.Core.Tests/Evaluation/PartitionContractTests.cs).
import * as fs from "node:fs";
import * as path from "node:path";

export const PARTITIONS_FILE = path.resolve(__dirname, "..", "contracts", "partitions.json");

/** One partition: its name in ARNs, the prefix of its region names, where IAM and root sign-in events arrive. */
export interface PartitionEntry {
  readonly name: string;
  readonly regionPrefix: string;
  readonly globalEventsRegion: string;
}

/** Reads and checks the file; throws naming the file when it is not the documented shape. */
export function loadPartitions(file: string = PARTITIONS_FILE): readonly PartitionEntry[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const list = typeof parsed === "object" && parsed !== null ? (parsed as { partitions?: unknown }).partitions : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${file}: expected an object with a non-empty "partitions" array`);
  const entries = list.map((e: unknown, i: number): PartitionEntry => {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    for (const key of ["name", "regionPrefix", "globalEventsRegion"]) {
      if (typeof o[key] !== "string") throw new Error(`${file}: partitions[${i}].${key} must be a string`);
    }
    return { name: o.name as string, regionPrefix: o.regionPrefix as string, globalEventsRegion: o.globalEventsRegion as string };
  });
  if (entries[entries.length - 1]!.regionPrefix !== "") throw new Error(`${file}: the last partition must be the default, with regionPrefix ""`);
  return entries;
}

/** The partition a region belongs to: the first entry whose prefix starts the region name. */
export function partitionOf(region: string, partitions: readonly PartitionEntry[] = loadPartitions()): PartitionEntry {
  return partitions.find((p) => region.startsWith(p.regionPrefix))!;
}
