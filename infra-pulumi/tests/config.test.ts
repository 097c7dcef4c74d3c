// Configuration: defaults, Pulumi.yaml staying in step with the code, and a clear error for each bad value.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CLOUDWATCH_RETENTION_DAYS, ConfigError, DEFAULTS, checkSchedule, globalEventsRegion, parseSettings } from "../src/config";

const settings = (values: Record<string, string>) => parseSettings((key) => values[key]);
const withHome = (values: Record<string, string> = {}) => settings({ homeRegion: "eu-west-1", ...values });
const rejects = (values: Record<string, string>, key: string, why: RegExp) =>
  assert.throws(() => withHome(values), (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.match(e.message, new RegExp(`^Invalid configuration sechubrootmfa:${key}: `));
    assert.match(e.message, why);
    return true;
  });

describe("configuration defaults", () => {
  it("uses the documented default for every key when only homeRegion is set", () => {
    assert.deepEqual(withHome(), {
      homeRegion: "eu-west-1",
      runtimeMode: "aot",
      architecture: "x86_64",
      memorySizeMb: 256,
      timeoutSeconds: 60,
      level1Accounts: [],
      eventBus: "default",
      logLevel: "info",
      tracing: false,
      logRetentionDays: 90,
      schedule: "rate(12 hours)",
      maxRetryAttempts: 2,
      maxEventAgeSeconds: 3600,
      alarmTopicArn: undefined,
      alarmEmail: undefined,
      heartbeatHours: 13,
      trailKms: true,
      tags: {},
      createTrail: false,
      trailBucketExpirationDays: 365,
      functionPackageDir: undefined,
      mfaPolicy: "strict",
      org: undefined,
    });
  });

  it("declares every key in Pulumi.yaml with a type and description, and the same defaults as the code", () => {
    const project = parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8"));
    assert.equal(project.name, "sechubrootmfa");
    assert.equal(project.runtime.name, "nodejs");
    assert.equal(project.main, "infra-pulumi/");
    const declared = project.config as Record<string, { type: string; default?: unknown; description?: string; secret?: boolean }>;
    assert.deepEqual(Object.keys(declared).sort(), ["homeRegion", ...Object.keys(DEFAULTS)].sort());
    for (const [key, decl] of Object.entries(declared)) {
      assert.ok(["string", "integer", "boolean"].includes(decl.type), `${key} has a type`);
      assert.ok((decl.description ?? "").length > 20, `${key} has a description`);
    }
    assert.equal(declared.homeRegion!.default, undefined, "homeRegion is required");
    for (const [key, value] of Object.entries(DEFAULTS)) {
      // A secret has no default in Pulumi.yaml: `pulumi config set --secret` is the only way to give it a value.
      if (declared[key]!.secret) {
        assert.equal(declared[key]!.default, undefined, `${key} is a secret without a default`);
        continue;
      }
      assert.equal(declared[key]!.default, value, `default of ${key}`);
      assert.equal(declared[key]!.type, typeof value === "number" ? "integer" : typeof value, `type of ${key}`);
    }
  });

  it("gives each key in infra-pulumi/README.md's configuration table the type and default Pulumi.yaml declares", () => {
    const declared = parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8")).config as Record<string, { type: string; default?: unknown }>;
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `(\w+)` \| (string|integer|boolean) \| ([^|]+) \|/gm)];
    assert.ok(rows.length >= 20, `the table has ${rows.length} rows`);
    for (const [, key, type, shown] of rows) {
      const decl = declared[key!];
      assert.ok(decl, `${key} is declared in Pulumi.yaml`);
      assert.equal(type, decl.type, `type of ${key}`);
      assert.equal(shown!.trim(), decl.default === undefined ? "(required)" : `\`${decl.default === "" ? '""' : String(decl.default)}\``, `default of ${key}`);
    }
  });

  it("treats Pulumi.yaml's injected defaults exactly like unset keys", () => {
    const asStrings = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, String(v)]));
    assert.deepEqual(withHome(asStrings), withHome());
  });
});

describe("valid configuration", () => {
  it("parses a comma-separated Level 1 list, tolerating spaces", () => {
    assert.deepEqual(withHome({ level1Accounts: " 111122223333 ,444455556666" }).level1Accounts, ["111122223333", "444455556666"]);
  });

  it("accepts a bus name, a bus ARN and none", () => {
    assert.equal(withHome({ eventBus: "security-events" }).eventBus, "security-events");
    assert.equal(withHome({ eventBus: "arn:aws:events:eu-west-1:111122223333:event-bus/central" }).eventBus, "arn:aws:events:eu-west-1:111122223333:event-bus/central");
    assert.equal(withHome({ eventBus: "none" }).eventBus, "none");
  });

  it("parses tags as a JSON object and derives the heartbeat window from the schedule", () => {
    assert.deepEqual(withHome({ tags: '{"team":"security","cost-center":"42"}' }).tags, { team: "security", "cost-center": "42" });
    assert.equal(withHome({ schedule: "rate(1 hour)" }).heartbeatHours, 2);
    assert.equal(withHome({ schedule: "rate(30 minutes)" }).heartbeatHours, 2);
    assert.equal(withHome({ schedule: "rate(1 day)" }).heartbeatHours, 25);
    assert.equal(withHome({ schedule: "rate(7 days)" }).heartbeatHours, 168);
    assert.equal(withHome({ schedule: "cron(0 6 * * ? *)" }).heartbeatHours, 25);
    assert.equal(withHome({ heartbeatHours: "48" }).heartbeatHours, 48);
  });

  it("always runs managed mode on arm64", () => {
    assert.equal(withHome({ runtimeMode: "managed", architecture: "x86_64" }).architecture, "arm64");
  });

  it("accepts singular and plural rate expressions and 6-field cron expressions", () => {
    for (const ok of ["rate(1 hour)", "rate(5 minutes)", "rate(1 day)", "rate(7 days)", "cron(0 6 * * ? *)", "cron(15 10 ? * MON-FRI *)"]) {
      assert.equal(checkSchedule(ok), undefined, ok);
    }
  });

  it("accepts every CloudWatch retention value", () => {
    for (const days of CLOUDWATCH_RETENTION_DAYS) assert.equal(withHome({ logRetentionDays: String(days) }).logRetentionDays, days);
  });

  it("sends IAM and sign-in events through us-east-1 in the aws partition and the partition's own region elsewhere", () => {
    assert.equal(globalEventsRegion("eu-west-1"), "us-east-1");
    assert.equal(globalEventsRegion("us-east-1"), "us-east-1");
    assert.equal(globalEventsRegion("us-gov-east-1"), "us-gov-west-1");
    assert.equal(globalEventsRegion("cn-northwest-1"), "cn-north-1");
  });
});

describe("invalid configuration fails with an error naming the key", () => {
  it("requires homeRegion", () => {
    assert.throws(() => settings({}), /sechubrootmfa:homeRegion: required; set it to your Security Hub home region/);
  });

  it("rejects a region that is not a region name", () => {
    for (const bad of ["eu-west", "EU-WEST-1", "us-east-1a", "useast1", "mars-north-1x"]) rejects({ homeRegion: bad }, "homeRegion", /is not an AWS region name/);
  });

  it("rejects a Level 1 entry that is not a 12-digit account id, and duplicates", () => {
    rejects({ level1Accounts: "11112222333" }, "level1Accounts", /"11112222333" is not a 12-digit AWS account id/);
    rejects({ level1Accounts: "1111-2222-3333" }, "level1Accounts", /"1111-2222-3333" is not a 12-digit/);
    rejects({ level1Accounts: "111122223333;444455556666" }, "level1Accounts", /not a 12-digit/);
    rejects({ level1Accounts: "111122223333,,444455556666" }, "level1Accounts", /"" is not a 12-digit/);
    rejects({ level1Accounts: "111122223333,111122223333" }, "level1Accounts", /twice/);
  });

  it("rejects a schedule EventBridge would refuse", () => {
    rejects({ schedule: "every 12 hours" }, "schedule", /not an EventBridge schedule expression/);
    rejects({ schedule: "rate(1 hours)" }, "schedule", /singular unit for 1: "rate\(1 hour\)"/);
    rejects({ schedule: "rate(12 hour)" }, "schedule", /plural unit above 1: "rate\(12 hours\)"/);
    rejects({ schedule: "rate(0 minutes)" }, "schedule", /at least 1/);
    rejects({ schedule: "cron(0 12 * * *)" }, "schedule", /6 fields/);
    rejects({ schedule: "cron(0 12 * * * *)" }, "schedule", /day-of-month or day-of-week must be "\?"/);
  });

  it("rejects a log retention CloudWatch does not accept", () => {
    rejects({ logRetentionDays: "45" }, "logRetentionDays", /45 is not a CloudWatch Logs retention value; use one of 1, 3, 5/);
    rejects({ logRetentionDays: "0" }, "logRetentionDays", /between 1 and 3653/);
    rejects({ logRetentionDays: "ninety" }, "logRetentionDays", /expected a whole number/);
  });

  it("rejects unknown runtime modes, architectures and log levels", () => {
    rejects({ runtimeMode: "jit" }, "runtimeMode", /"aot".*or "managed"/);
    rejects({ architecture: "x86" }, "architecture", /"x86_64" or "arm64"/);
    rejects({ logLevel: "verbose" }, "logLevel", /one of trace, debug, info, warn, error/);
  });

  it("rejects out-of-range sizing, retries and event age", () => {
    rejects({ memorySize: "64" }, "memorySize", /between 128 and 10240/);
    rejects({ memorySize: "256MB" }, "memorySize", /whole number/);
    rejects({ timeoutSeconds: "901" }, "timeoutSeconds", /between 1 and 900/);
    rejects({ memorySize: "-1" }, "memorySize", /or 0 for the default by mode/);
    rejects({ maxRetryAttempts: "3" }, "maxRetryAttempts", /between 0 and 2/);
    rejects({ maxEventAgeSeconds: "30" }, "maxEventAgeSeconds", /between 60 and 21600/);
    rejects({ trailBucketExpirationDays: "0" }, "trailBucketExpirationDays", /between 1 and 3650/);
  });

  it("rejects a bus that is neither none, a name nor an event bus ARN", () => {
    rejects({ eventBus: "arn:aws:sns:eu-west-1:111122223333:topic" }, "eventBus", /not an event bus ARN/);
    rejects({ eventBus: "my bus" }, "eventBus", /"none", an event bus name or an event bus ARN/);
  });

  it("rejects an alarm topic that is not an SNS topic ARN", () => {
    rejects({ alarmTopicArn: "security-alerts" }, "alarmTopicArn", /not an SNS topic ARN/);
  });

  it("rejects tags that are not a JSON object of strings within AWS's limits", () => {
    rejects({ tags: "team=security" }, "tags", /expected a JSON object/);
    rejects({ tags: '["a"]' }, "tags", /JSON object of tag names/);
    rejects({ tags: '{"team":1}' }, "tags", /value of "team" must be a string/);
    rejects({ tags: '{"aws:cloudformation:x":"y"}' }, "tags", /not a tag key you can set/);
    rejects({ tags: JSON.stringify({ k: "v".repeat(257) }) }, "tags", /longer than 256/);
  });

  it("rejects an alarm email that is not an address and a heartbeat window CloudWatch cannot evaluate", () => {
    rejects({ alarmEmail: "security team" }, "alarmEmail", /not an email address/);
    rejects({ heartbeatHours: "169" }, "heartbeatHours", /between 0 and 168/);
  });

  it("rejects booleans other than true and false", () => {
    rejects({ tracing: "yes" }, "tracing", /expected true or false/);
    rejects({ createTrail: "1" }, "createTrail", /expected true or false/);
  });
});
