// The rule patterns in event-patterns/ against the shared sample events: every root MFA and root sign-in
// sample matches its rule, near-misses match no rule. The C# function's tests read the same files.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { matches } from "../src/eventPattern";
import { loadPattern } from "../src/patternRules";
import { EVENTS_DIR as EVENTS, EXPECTED, readEvent, RULES, sampleFiles } from "./samples";

const samples = sampleFiles;

describe("rule patterns against the sample events", () => {
  it("classifies every sample file (a new sample must say which rule it should trigger)", () => {
    assert.deepEqual(samples(), Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    const title = expected === "none" ? `${file} triggers no rule` : `${file} triggers only the ${expected} rule`;
    it(title, () => {
      const e = readEvent(file);
      const hits = RULES.filter((r) => matches(loadPattern(r), e));
      assert.deepEqual(hits, expected === "none" ? [] : [expected]);
    });
  }

  it("covers every IAM action the root MFA rule lists with a matching sample", () => {
    const listed = (loadPattern("rootMfaApiCalls").detail as any).eventName as string[];
    const sampled = new Set(Object.entries(EXPECTED).filter(([, r]) => r === "rootMfaApiCalls").map(([f]) => readEvent(f).detail.eventName));
    assert.deepEqual([...listed].sort(), [...sampled].sort());
  });
});

describe("sample events", () => {
  it("are EventBridge envelopes for account 111122223333 with the CloudTrail record in detail", () => {
    for (const file of samples()) {
      const e = readEvent(file);
      assert.equal(e.version, "0", file);
      assert.match(e.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9A-Za-z]{12}$/, file);
      assert.equal(e.account, "111122223333", file);
      assert.ok(Array.isArray(e.resources), file);
      assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, file);
      if (e.source !== "aws.events") {
        assert.equal(e.detail.recipientAccountId, "111122223333", file);
        assert.equal(e.detail.eventTime, e.time, file);
        assert.equal(e.detail.awsRegion, e.region, file);
      }
    }
  });

  it("show centralized root access sessions as Root with sessionContext.assumedRoot", () => {
    for (const file of samples().filter((f) => f.includes("assumeroot"))) {
      const who = readEvent(file).detail.userIdentity;
      assert.equal(who.type, "Root", file);
      assert.equal(who.arn, "arn:aws:iam::111122223333:root", file);
      assert.equal(who.sessionContext.assumedRoot, "true", file);
      assert.match(who.accessKeyId, /^ASIA/, file);
    }
  });

  it("record root console sign-ins in us-east-1", () => {
    for (const file of samples().filter((f) => readEvent(f).source === "aws.signin")) {
      assert.equal(readEvent(file).region, "us-east-1", file);
    }
  });

  it("are all listed in the folder's README with whether they should match", () => {
    const readme = fs.readFileSync(path.join(EVENTS, "README.md"), "utf8");
    for (const file of samples()) assert.match(readme, new RegExp(`\\| \`${file.replace(/\./g, "\\.")}\` \\|`), file);
  });
});
