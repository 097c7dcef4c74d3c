// What an existing stack holds, as Pulumi compares it on an update: every resource's URN (its parent chain, type and
// name), its provider, its aliases and its inputs. A resource whose URN changes is deleted and created again; one whose
// inputs change is updated or replaced. tests/fixtures/resources/ keeps this snapshot of the program for each layout,
// and tests/resources.test.ts holds the program to it.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Deployed } from "./harness";

export const RESOURCE_FIXTURE_DIR = path.join(__dirname, "fixtures", "resources");

const ORG = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" };

/** The layouts an existing stack can have, with every optional part switched on in at least one of them. */
export const LAYOUTS: Record<string, Record<string, string>> = {
  "single-account": {},
  "single-account-all-options": {
    createTrail: "true", trailKms: "true", alarmEmail: "secops@example.com", tracing: "true", eventBus: "security",
    level1Accounts: "444455556666", tags: '{"team":"security"}',
  },
  "cross-region": { homeRegion: "eu-west-1", createTrail: "true", alarmEmail: "secops@example.com" },
  "cross-region-own-topic": { homeRegion: "eu-west-1", alarmTopicArn: "arn:aws:sns:eu-west-1:111122223333:secops" },
  "org": { homeRegion: "eu-west-1", createTrail: "true", alarmEmail: "secops@example.com", ...ORG, orgRootInventory: "true",
    orgManagementRoleArn: "arn:aws:iam::999988887777:role/OrgDeployer" },
  "org-us-east-1-own-topic": { ...ORG, alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:secops" },
};

export interface SnapshotEntry {
  urn: string;
  provider: string | null;
  aliases: string[];
  inputs: unknown;
}

/**
 * The run's resources by URN, with the run's temporary artifacts folder written as <artifactsDir>. The mocks do not see
 * the function archive's path (it reaches them as {}); the package itself is in sourceCodeHash.
 */
export function snapshot(d: Deployed): SnapshotEntry[] {
  const entries = d.registrations.map((r) => ({ urn: r.urn, provider: r.provider ?? null, aliases: r.aliases, inputs: r.inputs }));
  const json = JSON.stringify(entries).split(JSON.stringify(d.artifactsDir).slice(1, -1)).join("<artifactsDir>");
  return (JSON.parse(json) as SnapshotEntry[]).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

export const fixturePath = (layout: string): string => path.join(RESOURCE_FIXTURE_DIR, `${layout}.json`);

export function readFixture(layout: string): SnapshotEntry[] {
  return JSON.parse(fs.readFileSync(fixturePath(layout), "utf8")) as SnapshotEntry[];
}

export function writeFixture(layout: string, entries: SnapshotEntry[]): void {
  fs.writeFileSync(fixturePath(layout), `${JSON.stringify(entries, null, 2)}\n`);
}
