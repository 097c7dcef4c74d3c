// An existing stack updated to this program replaces nothing: every resource keeps the URN, provider, aliases and
// inputs recorded in tests/fixtures/resources/ (npm run fixtures:resources rewrites them on purpose; see
// tests/update-resource-fixtures.ts). Pulumi deletes a resource whose URN is gone and creates one whose URN is new, so
// a refactor of the program must leave this snapshot as it is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deploy } from "./harness";
import { LAYOUTS, readFixture, snapshot } from "./resourceSnapshot";

describe("an update of an existing stack", () => {
  for (const [layout, config] of Object.entries(LAYOUTS)) {
    it(`keeps every resource's URN and inputs, so an update of an existing ${layout} stack replaces nothing`, async () => {
      const expected = readFixture(layout);
      const actual = snapshot(await deploy(config));
      const urns = (list: Array<{ urn: string }>) => new Set(list.map((e) => e.urn));
      const gone = [...urns(expected)].filter((u) => !urns(actual).has(u));
      const added = [...urns(actual)].filter((u) => !urns(expected).has(u));
      assert.deepEqual({ gone, added }, { gone: [], added: [] }, "resources an update would delete (gone) or create (added)");
      for (const want of expected) {
        assert.deepEqual(actual.find((e) => e.urn === want.urn), want, `${want.urn}: provider, aliases or inputs changed`);
      }
    });
  }

  it("is compared against a snapshot of every optional part: trail, KMS, own topics, cross-region, org and its management stack", () => {
    const all = Object.keys(LAYOUTS).flatMap((l) => readFixture(l).map((e) => e.urn.split("::").at(-1)));
    for (const name of ["trail", "trail-key", "alarms-global", "alarms-email", "forwarder-role", "central-bus", "member-stackset",
      "management-account-member", "environment-key", "alarms-policy", "event-dlq-global-policy", "global-events", "management-us-east-1"]) {
      assert.ok(all.includes(name), `no layout in tests/resourceSnapshot.ts creates ${name}`);
    }
  });
});
