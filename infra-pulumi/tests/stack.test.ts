// The resources one stack creates, checked through Pulumi mocks with the fixture package (offline, no dotnet).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ACCOUNT, asList, deploy, grants, statements, type Deployed } from "./harness";
import { ALARM_SETTINGS } from "../src/alarms";
import { TARGET_RETRY } from "../src/retry";
import { SINGLE_ACCOUNT_RESERVED_CONCURRENCY } from "../src/checkerFunction";
import { WORK_QUEUE } from "../src/workQueue";

const ORG_MODE = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" };

const FN = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PERMISSION = "aws:lambda/permission:Permission";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const PATTERNS = path.join(__dirname, "..", "event-patterns");

const functionPolicy = (d: Deployed) => d.one(ROLE_POLICY, "function-policy").inputs.policy as string;
const grantsFor = (d: Deployed, action: string) => grants(functionPolicy(d)).filter((g) => g.action === action).map((g) => g.resource);
const patternFile = (file: string) => JSON.parse(fs.readFileSync(path.join(PATTERNS, file), "utf8"));

describe("the function", () => {
  it("runs the Native AOT bootstrap on provided.al2023 x86_64 by default", async () => {
    const d = await deploy();
    const fn = d.one(FN, "function").inputs;
    assert.equal(fn.runtime, "provided.al2023");
    assert.equal(fn.handler, "bootstrap");
    assert.deepEqual(fn.architectures, ["x86_64"]);
    assert.equal(d.ofType(FN).length, 1);
  });

  it("runs the arm64 AOT build when architecture is arm64", async () => {
    const d = await deploy({ architecture: "arm64" });
    assert.deepEqual(d.one(FN, "function").inputs.architectures, ["arm64"]);
    assert.equal(d.one(FN, "function").inputs.runtime, "provided.al2023");
  });

  it("runs on managed dotnet10 arm64 with the executable-assembly handler in managed mode", async () => {
    const d = await deploy({ runtimeMode: "managed" });
    const fn = d.one(FN, "function").inputs;
    assert.equal(fn.runtime, "dotnet10");
    assert.equal(fn.handler, "SecHubRootMfa.Function");
    assert.deepEqual(fn.architectures, ["arm64"]);
  });

  it("sizes the function from the measurements by default and honours configured sizing", async () => {
    const fn = (await deploy()).one(FN, "function").inputs;
    assert.equal(fn.memorySize, 256);
    assert.equal(fn.timeout, 60);
    const managed = (await deploy({ runtimeMode: "managed" })).one(FN, "function").inputs;
    assert.equal(managed.memorySize, 512);
    assert.equal(managed.timeout, 60);
    const tuned = (await deploy({ memorySize: "512", timeoutSeconds: "120" })).one(FN, "function").inputs;
    assert.equal(tuned.memorySize, 512);
    assert.equal(tuned.timeout, 120);
  });

  it("hands the function its contract environment with the documented defaults", async () => {
    const env = (await deploy({ homeRegion: "eu-west-1" })).one(FN, "function").inputs.environment.variables;
    const rule = (region: string, name: string) => `arn:aws:events:${region}:${ACCOUNT}:rule/${name}-1234567`;
    assert.deepEqual(env, {
      SECHUBROOTMFA_HOME_REGION: "eu-west-1",
      SECHUBROOTMFA_LEVEL1_ACCOUNTS: "",
      SECHUBROOTMFA_EVENT_BUS: "default",
      SECHUBROOTMFA_LOG_LEVEL: "info",
      SECHUBROOTMFA_EVENT_RULES: [
        rule("eu-west-1", "schedule"), rule("us-east-1", "root-mfa-api-calls-forward"), rule("eu-west-1", "root-mfa-api-calls"),
        rule("us-east-1", "root-console-signin-forward"), rule("eu-west-1", "root-console-signin"),
      ].join(","),
      SECHUBROOTMFA_WORK_QUEUE_URL: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/work-queue-1234567`,
    });
  });

  it("tells the function every rule it created, the us-east-1 forwarders of a cross-region layout included, and outputs the same list", async () => {
    for (const homeRegion of ["us-east-1", "eu-west-1"]) {
      const d = await deploy({ homeRegion });
      const env = d.one(FN, "function").inputs.environment.variables.SECHUBROOTMFA_EVENT_RULES.split(",");
      const created = d.ofType(RULE).map((r) => `arn:aws:events:${r.region}:${ACCOUNT}:rule/${r.name}-1234567`);
      assert.deepEqual([...env].sort(), [...created].sort(), homeRegion);
      assert.equal(await d.value(d.outputs.eventRules), env.join(","));
    }
    const forwarders = (await deploy({ homeRegion: "eu-west-1" })).one(FN, "function").inputs.environment.variables.SECHUBROOTMFA_EVENT_RULES;
    assert.match(forwarders, /arn:aws:events:us-east-1:[0-9]{12}:rule\/root-console-signin-forward-/);
  });

  it("passes configured Level 1 accounts, bus and log level through the environment", async () => {
    const env = (await deploy({ level1Accounts: "444455556666, 777788889999", eventBus: "security", logLevel: "debug" }))
      .one(FN, "function").inputs.environment.variables;
    assert.equal(env.SECHUBROOTMFA_LEVEL1_ACCOUNTS, "444455556666,777788889999");
    assert.equal(env.SECHUBROOTMFA_EVENT_BUS, "security");
    assert.equal(env.SECHUBROOTMFA_LOG_LEVEL, "debug");
  });

  it("updates the code through sourceCodeHash, the base64 sha256 of the deployed zip, stable across runs", async () => {
    const d = await deploy();
    const fn = d.one(FN, "function").inputs;
    const zip = fs.readFileSync(path.join(d.artifactsDir, "aot-x86_64.zip"));
    assert.equal(fn.sourceCodeHash, createHash("sha256").update(zip).digest("base64"));
    assert.equal(await d.value(d.outputs.packageSha256), fn.sourceCodeHash);
    assert.equal((await deploy()).one(FN, "function").inputs.sourceCodeHash, fn.sourceCodeHash, "same build, same hash");
    assert.notEqual((await deploy({ architecture: "arm64" })).one(FN, "function").inputs.sourceCodeHash, fn.sourceCodeHash);
  });

  it("leaves X-Ray off by default and turns on Active tracing with an inline-only grant when asked", async () => {
    const off = await deploy();
    assert.equal(off.one(FN, "function").inputs.tracingConfig.mode, "PassThrough");
    assert.deepEqual(grantsFor(off, "xray:PutTraceSegments"), []);
    const on = await deploy({ tracing: "true" });
    assert.equal(on.one(FN, "function").inputs.tracingConfig.mode, "Active");
    assert.deepEqual(grantsFor(on, "xray:PutTraceSegments"), ["*"]);
    assert.deepEqual(grantsFor(on, "xray:PutTelemetryRecords"), ["*"]);
    assert.equal(on.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
  });
});

describe("the function's permissions", () => {
  it("only lets Lambda assume the function role", async () => {
    const d = await deploy();
    const trust = statements(d.one(ROLE, "function-role").inputs.assumeRolePolicy);
    assert.equal(trust.length, 1);
    assert.deepEqual(trust[0]!.Principal, { Service: "lambda.amazonaws.com" });
    assert.equal(trust[0]!.Action, "sts:AssumeRole");
  });

  it("grants exactly the listed actions, each on its one resource", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    const logGroupArn = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/sechubrootmfa-test`;
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:failed-invocations-1234567`;
    const work = `arn:aws:sqs:eu-west-1:${ACCOUNT}:work-queue-1234567`;
    const got = grants(functionPolicy(d)).map((g) => `${g.action} ${g.resource}`).sort();
    const rule = (region: string, name: string) => `events:DescribeRule arn:aws:events:${region}:${ACCOUNT}:rule/${name}-1234567`;
    assert.deepEqual(got, [
      "cloudtrail:DescribeTrails *",
      "cloudtrail:GetEventSelectors arn:aws:cloudtrail:*:*:trail/*",
      "cloudtrail:GetTrailStatus arn:aws:cloudtrail:*:*:trail/*",
      rule("eu-west-1", "root-console-signin"), rule("eu-west-1", "root-mfa-api-calls"), rule("eu-west-1", "schedule"),
      rule("us-east-1", "root-console-signin-forward"), rule("us-east-1", "root-mfa-api-calls-forward"),
      `events:PutEvents arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`,
      "iam:GetAccountSummary *",
      "iam:ListVirtualMFADevices *",
      `logs:CreateLogStream ${logGroupArn}:*`,
      `logs:PutLogEvents ${logGroupArn}:*`,
      `securityhub:BatchImportFindings arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      `securityhub:GetFindings arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`,
      `sqs:DeleteMessage ${work}`,
      `sqs:GetQueueAttributes ${work}`,
      `sqs:ReceiveMessage ${work}`,
      `sqs:SendMessage ${queue}`,
      `sqs:SendMessage ${work}`,
    ]);
  });

  it("only lets the function read the two account-level IAM facts and list trails with a wildcard resource (none of them takes one)", async () => {
    const wildcard = grants(functionPolicy(await deploy())).filter((g) => g.resource === "*").map((g) => g.action).sort();
    assert.deepEqual(wildcard, ["cloudtrail:DescribeTrails", "iam:GetAccountSummary", "iam:ListVirtualMFADevices"]);
  });

  it("only lets the function import findings as the account's default product", async () => {
    assert.deepEqual(grantsFor(await deploy(), "securityhub:BatchImportFindings"),
      [`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`]);
  });

  it("only lets the function read findings from the home region's hub", async () => {
    assert.deepEqual(grantsFor(await deploy({ homeRegion: "ap-southeast-2" }), "securityhub:GetFindings"),
      [`arn:aws:securityhub:ap-southeast-2:${ACCOUNT}:hub/default`]);
  });

  it("only lets the function publish change events to the chosen bus", async () => {
    assert.deepEqual(grantsFor(await deploy({ eventBus: "security" }), "events:PutEvents"),
      [`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/security`]);
    const arn = "arn:aws:events:eu-central-1:999988887777:event-bus/central";
    assert.deepEqual(grantsFor(await deploy({ eventBus: arn }), "events:PutEvents"), [arn]);
  });

  it("gives the function no events:PutEvents at all when the bus is none, only DescribeRule on its own rules", async () => {
    const d = await deploy({ eventBus: "none" });
    const events = grants(functionPolicy(d)).filter((g) => g.action.startsWith("events:"));
    assert.deepEqual([...new Set(events.map((g) => g.action))], ["events:DescribeRule"]);
    assert.ok(events.every((g) => /^arn:aws:events:us-east-1:111122223333:rule\/[a-z-]+-1234567$/.test(g.resource)), JSON.stringify(events));
  });

  it("only lets the function write to its own log group and send to its own failure and work queues", async () => {
    const d = await deploy();
    assert.deepEqual(grantsFor(d, "logs:PutLogEvents"), [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/sechubrootmfa-test:*`]);
    assert.deepEqual(grantsFor(d, "sqs:SendMessage"),
      [`arn:aws:sqs:us-east-1:${ACCOUNT}:failed-invocations-1234567`, `arn:aws:sqs:us-east-1:${ACCOUNT}:work-queue-1234567`]);
  });

  it("never grants a wildcard action or attaches a managed *FullAccess policy anywhere (a Deny may use one)", async () => {
    const configs: Record<string, string>[] = [{}, { tracing: "true" }, { homeRegion: "eu-west-1", createTrail: "true" }];
    for (const config of configs) {
      const d = await deploy(config);
      const documents = [
        ...d.ofType(ROLE_POLICY).map((r) => r.inputs.policy as string),
        ...d.ofType(ROLE).map((r) => r.inputs.assumeRolePolicy as string),
        ...d.ofType("aws:s3/bucketPolicy:BucketPolicy").map((r) => r.inputs.policy as string),
      ];
      assert.ok(documents.length >= 2);
      for (const doc of documents) {
        for (const s of statements(doc).filter((x) => x.Effect === "Allow")) {
          for (const action of asList(s.Action)) assert.doesNotMatch(action, /\*/, `wildcard action ${action} in ${doc}`);
        }
        assert.doesNotMatch(doc, /FullAccess/);
      }
      assert.equal(d.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
      assert.equal(d.ofType("aws:iam/policyAttachment:PolicyAttachment").length, 0);
      for (const role of d.ofType(ROLE)) assert.equal(role.inputs.managedPolicyArns, undefined);
    }
  });
});

describe("logs, retries and alarms", () => {
  it("creates the function's log group with 90 days retention by default and points the function at it", async () => {
    const d = await deploy();
    const lg = d.one("aws:cloudwatch/logGroup:LogGroup", "function-logs").inputs;
    assert.equal(lg.name, "/aws/lambda/sechubrootmfa-test");
    assert.equal(lg.retentionInDays, 90);
    assert.equal(d.one(FN, "function").inputs.loggingConfig.logGroup, lg.name);
    const kept = await deploy({ logRetentionDays: "365" });
    assert.equal(kept.one("aws:cloudwatch/logGroup:LogGroup", "function-logs").inputs.retentionInDays, 365);
  });

  it("retries asynchronous invocations at most twice within an hour, then sends them to the encrypted failure queue", async () => {
    const d = await deploy();
    const cfg = d.one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "async-invoke").inputs;
    assert.equal(cfg.functionName, "sechubrootmfa-test");
    assert.equal(cfg.maximumRetryAttempts, 2);
    assert.equal(cfg.maximumEventAgeInSeconds, 3600);
    assert.equal(cfg.destinationConfig.onFailure.destination, `arn:aws:sqs:us-east-1:${ACCOUNT}:failed-invocations-1234567`);
    assert.equal(d.one("aws:sqs/queue:Queue", "failed-invocations").inputs.sqsManagedSseEnabled, true);
  });

  it("alarms on any function error and on any message in the failure queue", async () => {
    const d = await deploy();
    const errors = d.one(ALARM, "function-errors").inputs;
    assert.equal(errors.namespace, "AWS/Lambda");
    assert.equal(errors.metricName, "Errors");
    assert.deepEqual(errors.dimensions, { FunctionName: "sechubrootmfa-test" });
    assert.equal(errors.threshold, ALARM_SETTINGS.functionErrors);
    assert.equal(errors.comparisonOperator, "GreaterThanOrEqualToThreshold");
    const queued = d.one(ALARM, "failed-invocations").inputs;
    assert.equal(queued.namespace, "AWS/SQS");
    assert.equal(queued.metricName, "ApproximateNumberOfMessagesVisible");
    assert.deepEqual(queued.dimensions, { QueueName: "failed-invocations-1234567" });
    assert.equal(queued.threshold, ALARM_SETTINGS.queueDepth);
  });

  it("queues re-checks on an encrypted work queue whose visibility timeout AWS's guidance derives from the function timeout, with an alarmed dead-letter queue", async () => {
    for (const [config, timeout] of [[{}, 60], [ORG_MODE, 900], [{ timeoutSeconds: "120" }, 120]] as Array<[Record<string, string>, number]>) {
      const d = await deploy(config);
      const queue = d.one("aws:sqs/queue:Queue", "work-queue").inputs;
      const dlq = d.one("aws:sqs/queue:Queue", "work-dlq").inputs;
      assert.equal(d.one(FN, "function").inputs.timeout, timeout);
      assert.equal(queue.visibilityTimeoutSeconds, WORK_QUEUE.visibilityTimeoutFactor * timeout, "at least six times the function timeout (Lambda validates >= timeout)");
      assert.ok(queue.visibilityTimeoutSeconds <= 43200, "within SQS's 12-hour visibility limit");
      assert.deepEqual(JSON.parse(queue.redrivePolicy), { deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:work-dlq-1234567`, maxReceiveCount: WORK_QUEUE.maxReceiveCount });
      assert.ok(WORK_QUEUE.maxReceiveCount >= 5, "AWS recommends at least 5");
      assert.equal(queue.sqsManagedSseEnabled, true);
      assert.equal(dlq.sqsManagedSseEnabled, true);
      const alarm = d.one(ALARM, "work-dlq").inputs;
      assert.deepEqual([alarm.namespace, alarm.metricName, alarm.dimensions], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "work-dlq-1234567" }]);
      assert.ok(alarm.alarmActions.length > 0 && alarm.okActions.length > 0, "the work DLQ alarm notifies the alarm topic");
    }
  });

  it("consumes the work queue with partial batch responses; sets maximum concurrency only where no reserved concurrency is below it", async () => {
    const single = await deploy();
    const esm = single.one("aws:lambda/eventSourceMapping:EventSourceMapping", "work-queue-consumer").inputs;
    assert.equal(esm.eventSourceArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:work-queue-1234567`);
    assert.deepEqual(esm.functionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(esm.batchSize, WORK_QUEUE.batchSize);
    // Reserved concurrency 1; AWS's maximum concurrency cannot go below 2 and must not exceed reserved concurrency.
    assert.equal(single.one(FN, "function").inputs.reservedConcurrentExecutions, SINGLE_ACCOUNT_RESERVED_CONCURRENCY);
    assert.equal(esm.scalingConfig, undefined);
    const org = (await deploy(ORG_MODE)).one("aws:lambda/eventSourceMapping:EventSourceMapping", "work-queue-consumer").inputs;
    assert.deepEqual(org.scalingConfig, { maximumConcurrency: WORK_QUEUE.orgMaximumConcurrency });
    assert.ok(WORK_QUEUE.orgMaximumConcurrency >= 2);
  });

  it("notifies a topic the stack creates by default, with the configured email subscribed", async () => {
    const d = await deploy({ alarmEmail: "secops@example.com" });
    const topic = d.one("aws:sns/topic:Topic", "alarms");
    assert.equal(topic.region, "us-east-1");
    const topicArn = await d.value(d.outputs.alarmTopicArns["us-east-1"]!);
    const sub = d.one("aws:sns/topicSubscription:TopicSubscription", "alarms-email").inputs;
    assert.deepEqual([sub.protocol, sub.endpoint, sub.topic], ["email", "secops@example.com", topicArn]);
    assert.ok(d.ofType(ALARM).length >= 8);
    for (const a of d.ofType(ALARM)) {
      assert.deepEqual(a.inputs.alarmActions, [topicArn], `${a.name} notifies`);
      assert.deepEqual(a.inputs.okActions, [topicArn], `${a.name} says when it is OK again`);
    }
    assert.equal((await deploy()).ofType("aws:sns/topicSubscription:TopicSubscription").length, 0, "no email, no subscription");
    // Encrypted at rest with a rotated key of its own that CloudWatch may use.
    const key = d.one("aws:kms/key:Key", "alarms-key");
    assert.equal(topic.inputs.kmsMasterKeyId, `arn:aws:kms:us-east-1:${ACCOUNT}:key/alarms-key-0000`);
    assert.equal(key.inputs.enableKeyRotation, true);
  });

  it("notifies the configured SNS topic from every alarm in its region, and creates a topic only where it cannot reach", async () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts`;
    const d = await deploy({ homeRegion: "eu-west-1", alarmTopicArn: topic, alarmEmail: "secops@example.com" });
    assert.equal(d.ofType("aws:sns/topic:Topic").map((t) => t.region).join(), "us-east-1", "only the us-east-1 alarms get a created topic");
    for (const a of d.ofType(ALARM)) {
      const expected = a.region === "eu-west-1" ? topic : await d.value(d.outputs.alarmTopicArns["us-east-1"]!);
      assert.deepEqual(a.inputs.alarmActions, [expected], a.name);
    }
  });

  it("alarms on any NOT_AVAILABLE evaluation, from the function's own Evaluations metric by Status", async () => {
    const a = (await deploy()).one(ALARM, "not-available-evaluations").inputs;
    // The metric MetricsWriter.cs emits: namespace SecHubRootMfa, Evaluations, dimension Status.
    assert.deepEqual([a.namespace, a.metricName, a.dimensions], ["SecHubRootMfa", "Evaluations", { Status: "NOT_AVAILABLE" }]);
    assert.deepEqual([a.statistic, a.threshold, a.comparisonOperator], ["Sum", ALARM_SETTINGS.notAvailableEvaluations, "GreaterThanOrEqualToThreshold"]);
  });

  it("only alarms on product metrics with a dimension set the function's EMF lines declare", async () => {
    // The same sample lines MetricsWriterTests pins to MetricsWriter's output (one per kind of line): CloudWatch keeps one
    // metric per dimension combination, so an alarm whose dimensions the function never emits would never see data.
    const dir = path.join(__dirname, "..", "..", "tests", "SecHubRootMfa.Function.Tests", "Telemetry");
    const declared = new Map<string, Set<string>>();
    let namespace = "";
    for (const file of fs.readdirSync(dir).filter((f) => /^emf-.+\.sample\.json$/.test(f))) {
      const line = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))._aws.CloudWatchMetrics[0];
      namespace = line.Namespace;
      for (const m of line.Metrics as Array<{ Name: string }>) {
        const sets = declared.get(m.Name) ?? new Set<string>();
        for (const set of line.Dimensions as string[][]) sets.add([...set].sort().join(","));
        declared.set(m.Name, sets);
      }
    }
    assert.ok(["Evaluations", "Failures", "EventPathChecks"].every((m) => declared.has(m)), `sample lines declare ${[...declared.keys()]}`);
    const queried: { metric: string; dims: Record<string, string> }[] = [];
    const configs: Record<string, string>[] = [{ schedule: "rate(12 hours)" }, { homeRegion: "eu-west-1", orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" }];
    for (const config of configs) {
      const d = await deploy(config);
      for (const a of d.ofType(ALARM).map((x) => x.inputs)) {
        if (a.namespace === namespace) queried.push({ metric: a.metricName, dims: a.dimensions ?? {} });
        for (const q of a.metricQueries ?? []) {
          if (q.metric?.namespace === namespace) queried.push({ metric: q.metric.metricName, dims: q.metric.dimensions ?? {} });
        }
      }
    }
    assert.ok(queried.length >= 3 * 2 + 1, "the NOT_AVAILABLE alarm, both heartbeat queries (each mode) and the org Failures alarm read product metrics");
    assert.ok(queried.some((q) => q.metric === "Failures"), "the org Failures alarm is among them");
    for (const q of queried) {
      assert.ok(declared.has(q.metric), `${q.metric} is emitted`);
      assert.ok(declared.get(q.metric)!.has(Object.keys(q.dims).sort().join(",")), `${q.metric}: dimensions ${Object.keys(q.dims)} are a declared set`);
    }
  });

  it("alarms on the first blind or unknown event-path check and holds it while one is within the heartbeat window", async () => {
    const d = await deploy({ schedule: "rate(12 hours)" });
    const a = d.one(ALARM, "event-path");
    const topic = await d.value(d.outputs.alarmTopicArns["us-east-1"]!);
    assert.deepEqual([a.inputs.alarmActions, a.inputs.okActions], [[topic], [topic]], "notifies the alarm topic");
    const metrics = a.inputs.metricQueries.filter((q: any) => q.metric)
      .map((q: any) => [q.metric.namespace, q.metric.metricName, q.metric.dimensions.EventPath, q.metric.period]);
    assert.deepEqual(metrics, [["SecHubRootMfa", "EventPathChecks", "blind", 3600], ["SecHubRootMfa", "EventPathChecks", "unknown", 3600]]);
    assert.deepEqual(a.inputs.metricQueries.filter((q: any) => q.returnData).map((q: any) => q.expression), ["FILL(blind, 0) + FILL(unknown, 0)"]);
    // One not-live check in the last 13 hourly periods (longer than the 12-hour schedule) is enough and keeps it in alarm.
    assert.deepEqual([a.inputs.evaluationPeriods, a.inputs.datapointsToAlarm, a.inputs.threshold, a.inputs.comparisonOperator, a.inputs.treatMissingData],
      [13, 1, ALARM_SETTINGS.eventPathNotLive, "GreaterThanOrEqualToThreshold", "notBreaching"]);
    assert.equal(a.region, "us-east-1");
    assert.equal((await deploy({ homeRegion: "eu-west-1" })).one(ALARM, "event-path").region, "eu-west-1", "in the function's region, where its metrics are");
  });

  it("alarms when no evaluation succeeded for longer than the schedule, treating missing data as breaching", async () => {
    const a = (await deploy({ schedule: "rate(12 hours)" })).one(ALARM, "heartbeat").inputs;
    assert.equal(a.treatMissingData, "breaching");
    assert.equal(a.comparisonOperator, "LessThanThreshold");
    assert.equal(a.threshold, ALARM_SETTINGS.heartbeatMinimumEvaluations);
    // 13 hourly periods, all of them without a PASSED or FAILED evaluation: longer than the 12-hour schedule.
    assert.deepEqual([a.evaluationPeriods, a.datapointsToAlarm], [13, 13]);
    const metrics = a.metricQueries.filter((q: any) => q.metric).map((q: any) => [q.metric.namespace, q.metric.metricName, q.metric.dimensions.Status, q.metric.period]);
    assert.deepEqual(metrics, [["SecHubRootMfa", "Evaluations", "PASSED", 3600], ["SecHubRootMfa", "Evaluations", "FAILED", 3600]]);
    assert.deepEqual(a.metricQueries.filter((q: any) => q.returnData).map((q: any) => q.expression), ["FILL(passed, 0) + FILL(failed, 0)"]);
    assert.equal((await deploy({ schedule: "rate(1 hour)" })).one(ALARM, "heartbeat").inputs.evaluationPeriods, 2);
  });

  it("alarms on every rule's FailedInvocations and on each dead-letter queue, in the rule's own region", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    for (const rule of d.ofType(RULE)) {
      const a = d.one(ALARM, `${rule.name}-failed-invocations`);
      assert.equal(a.region, rule.region, `${rule.name} alarm in its region`);
      assert.deepEqual([a.inputs.namespace, a.inputs.metricName, a.inputs.dimensions], ["AWS/Events", "FailedInvocations", { RuleName: `${rule.name}-1234567` }]);
      assert.equal(a.inputs.threshold, ALARM_SETTINGS.ruleFailedInvocations);
    }
    for (const [name, region] of [["event-dlq", "eu-west-1"], ["event-dlq-global", "us-east-1"]] as const) {
      const a = d.one(ALARM, name);
      assert.equal(a.region, region);
      assert.deepEqual([a.inputs.metricName, a.inputs.dimensions], ["ApproximateNumberOfMessagesVisible", { QueueName: `${name}-1234567` }]);
    }
  });
});

describe("event delivery", () => {
  it("gives every EventBridge target a bounded retry policy and the encrypted dead-letter queue of its region", async () => {
    const configs: Record<string, string>[] = [{}, { homeRegion: "eu-west-1" }, { homeRegion: "eu-west-1", orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" }];
    for (const config of configs) {
      const d = await deploy(config);
      const targets = d.ofType(TARGET);
      assert.ok(targets.length >= 3);
      for (const t of targets) {
        assert.deepEqual(t.inputs.retryPolicy, { maximumRetryAttempts: TARGET_RETRY.maximumRetryAttempts, maximumEventAgeInSeconds: TARGET_RETRY.maximumEventAgeInSeconds });
        const dlq = d.ofType("aws:sqs/queue:Queue").find((q) => q.name.startsWith("event-dlq") && q.region === t.region)!;
        assert.ok(dlq, `a dead-letter queue in ${t.region}`);
        assert.equal(t.inputs.deadLetterConfig.arn, `arn:aws:sqs:${t.region}:${ACCOUNT}:${dlq.name}-1234567`, t.name);
        assert.equal(dlq.inputs.sqsManagedSseEnabled, true);
      }
    }
  });

  it("lets only EventBridge, on behalf of this stack's rules in that region, send to a dead-letter queue", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    const [st, ...rest] = statements(d.one("aws:sqs/queuePolicy:QueuePolicy", "event-dlq-global-policy").inputs.policy);
    assert.equal(rest.length, 0);
    assert.deepEqual([st!.Principal, st!.Action], [{ Service: "events.amazonaws.com" }, "sqs:SendMessage"]);
    assert.deepEqual(st!.Condition, { ArnEquals: { "aws:SourceArn": ["root-mfa-api-calls-forward", "root-console-signin-forward"].map((r) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${r}-1234567`) } });
  });

  it("runs one evaluation at a time in single-account mode, and sets no reserved concurrency in org mode", async () => {
    assert.equal((await deploy()).one(FN, "function").inputs.reservedConcurrentExecutions, SINGLE_ACCOUNT_RESERVED_CONCURRENCY);
    assert.equal(SINGLE_ACCOUNT_RESERVED_CONCURRENCY, 1);
    const org = await deploy({ orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" });
    assert.equal(org.one(FN, "function").inputs.reservedConcurrentExecutions, undefined, "a long org run must not hold back member events");
  });
});

describe("event rules when the home region is us-east-1", () => {
  it("puts the root MFA and root sign-in rules in us-east-1 with the patterns from event-patterns/", async () => {
    const d = await deploy();
    const mfa = d.one(RULE, "root-mfa-api-calls");
    const signin = d.one(RULE, "root-console-signin");
    assert.equal(mfa.region, "us-east-1");
    assert.equal(signin.region, "us-east-1");
    assert.deepEqual(JSON.parse(mfa.inputs.eventPattern), patternFile("root-mfa-api-calls.json"));
    assert.deepEqual(JSON.parse(signin.inputs.eventPattern), patternFile("root-console-signin.json"));
    assert.equal(d.ofType(RULE).filter((r) => r.name.endsWith("-forward")).length, 0);
  });

  it("runs the evaluation on a 12-hour schedule by default and on the configured one otherwise", async () => {
    assert.equal((await deploy()).one(RULE, "schedule").inputs.scheduleExpression, "rate(12 hours)");
    assert.equal((await deploy({ schedule: "cron(0 6 * * ? *)" })).one(RULE, "schedule").inputs.scheduleExpression, "cron(0 6 * * ? *)");
  });

  it("only lets the rule invoke the function", async () => {
    const d = await deploy();
    const rules = d.ofType(RULE);
    assert.deepEqual(rules.map((r) => r.name).sort(), ["root-console-signin", "root-mfa-api-calls", "schedule"]);
    const permissions = d.ofType(PERMISSION);
    assert.equal(permissions.length, rules.length);
    for (const rule of rules) {
      const ruleArn = `arn:aws:events:${rule.region}:${ACCOUNT}:rule/${rule.name}-1234567`;
      const p = permissions.filter((x) => x.inputs.sourceArn === ruleArn);
      assert.equal(p.length, 1, `one permission scoped to ${ruleArn}`);
      assert.equal(p[0]!.inputs.action, "lambda:InvokeFunction");
      assert.equal(p[0]!.inputs.principal, "events.amazonaws.com");
      assert.equal(p[0]!.inputs.function, "sechubrootmfa-test");
      assert.equal(p[0]!.inputs.sourceAccount, ACCOUNT);
      const target = d.ofType(TARGET).filter((t) => t.inputs.rule === `${rule.name}-1234567`);
      assert.equal(target.length, 1);
      assert.equal(target[0]!.inputs.arn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:sechubrootmfa-test`);
    }
  });
});

describe("cross-region layout when the home region is not us-east-1", () => {
  it("keeps a single function, in the home region", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    assert.equal(d.ofType(FN).length, 1);
    assert.equal(d.one(FN, "function").region, "eu-west-1");
    assert.equal(d.outputs.homeRegion, "eu-west-1");
    assert.equal(d.outputs.globalEventsRegion, "us-east-1");
  });

  it("forwards root MFA and sign-in events from us-east-1 to the home region's default bus", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    for (const [key, file] of [["root-mfa-api-calls", "root-mfa-api-calls.json"], ["root-console-signin", "root-console-signin.json"]] as const) {
      const forward = d.one(RULE, `${key}-forward`);
      assert.equal(forward.region, "us-east-1");
      assert.deepEqual(JSON.parse(forward.inputs.eventPattern), patternFile(file));
      const target = d.one(TARGET, `${key}-forward-target`);
      assert.equal(target.region, "us-east-1");
      assert.equal(target.inputs.arn, `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`);
      assert.equal(target.inputs.roleArn, `arn:aws:iam::${ACCOUNT}:role/forwarder-role-1234567`);
    }
  });

  it("only lets the forwarder role put events on the home region's default bus", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    assert.deepEqual(grants(d.one(ROLE_POLICY, "forwarder-policy").inputs.policy),
      [{ action: "events:PutEvents", resource: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default` }]);
    const trust = statements(d.one(ROLE, "forwarder-role").inputs.assumeRolePolicy);
    assert.deepEqual(trust.map((s) => s.Principal), [{ Service: "events.amazonaws.com" }]);
    // Only EventBridge acting for this account's two forwarding rules may use the role.
    assert.deepEqual(trust[0]!.Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnEquals: { "aws:SourceArn": ["root-mfa-api-calls-forward", "root-console-signin-forward"].map((r) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${r}-1234567`) },
    });
  });

  it("invokes the function from rules with the same patterns on the home region's default bus", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    for (const key of ["root-mfa-api-calls", "root-console-signin", "schedule"]) {
      const rule = d.one(RULE, key);
      assert.equal(rule.region, "eu-west-1");
      assert.equal(rule.inputs.eventBusName, undefined, "default bus");
      assert.equal(d.one(TARGET, `${key}-target`).inputs.arn, `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:sechubrootmfa-test`);
    }
    assert.equal(d.one(RULE, "root-mfa-api-calls").inputs.eventPattern, d.one(RULE, "root-mfa-api-calls-forward").inputs.eventPattern);
    // Forwarding rules never invoke the function directly.
    const forwardArns = d.ofType(RULE).filter((r) => r.name.endsWith("-forward")).map((r) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${r.name}-1234567`);
    assert.equal(forwardArns.length, 2);
    for (const p of d.ofType(PERMISSION)) assert.ok(!forwardArns.includes(p.inputs.sourceArn));
    assert.equal(d.ofType(PERMISSION).length, 3);
  });
});

describe("CloudTrail", () => {
  it("creates no trail or bucket by default", async () => {
    const d = await deploy();
    assert.equal(d.ofType("aws:cloudtrail/trail:Trail").length, 0);
    assert.equal(d.ofType("aws:s3/bucket:Bucket").length, 0);
    assert.equal(d.outputs.trailArn, undefined);
    assert.equal(d.outputs.trailBucketName, undefined);
  });

  it("creates a multi-region trail logging all management events when createTrail is true", async () => {
    const d = await deploy({ homeRegion: "eu-west-1", createTrail: "true" });
    const trail = d.one("aws:cloudtrail/trail:Trail", "trail");
    assert.equal(trail.region, "eu-west-1");
    assert.equal(trail.inputs.isMultiRegionTrail, true);
    assert.equal(trail.inputs.includeGlobalServiceEvents, true);
    assert.equal(trail.inputs.enableLogFileValidation, true);
    assert.deepEqual(trail.inputs.eventSelectors, [{ readWriteType: "All", includeManagementEvents: true }]);
    assert.equal(trail.inputs.s3BucketName, "sechubrootmfa-test-trail-abc123");
  });

  it("keeps the trail bucket private, encrypted and expiring", async () => {
    const d = await deploy({ createTrail: "true", trailBucketExpirationDays: "400" });
    const block = d.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "trail-bucket-public-access").inputs;
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(block[k], true, k);
    const sse = d.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "trail-bucket-encryption").inputs;
    assert.equal(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
    const lifecycle = d.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "trail-bucket-lifecycle").inputs;
    assert.equal(lifecycle.rules[0].status, "Enabled");
    assert.equal(lifecycle.rules[0].expiration.days, 400);
    assert.equal(d.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "trail-bucket-ownership").inputs.rule.objectOwnership, "BucketOwnerEnforced");
  });

  it("only lets CloudTrail, for this trail, check the bucket ACL and write under AWSLogs/<account>/", async () => {
    const d = await deploy({ createTrail: "true" });
    const bucketArn = "arn:aws:s3:::sechubrootmfa-test-trail-abc123";
    const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/sechubrootmfa-test`;
    const st = statements(d.one("aws:s3/bucketPolicy:BucketPolicy", "trail-bucket-policy").inputs.policy);
    assert.deepEqual(st.map((s) => [s.Effect, s.Principal, s.Action, s.Resource]), [
      ["Allow", { Service: "cloudtrail.amazonaws.com" }, "s3:GetBucketAcl", bucketArn],
      ["Allow", { Service: "cloudtrail.amazonaws.com" }, "s3:PutObject", `${bucketArn}/AWSLogs/${ACCOUNT}/*`],
      ["Deny", "*", "s3:*", [bucketArn, `${bucketArn}/*`]],
    ]);
    for (const s of st.slice(0, 2)) assert.equal(s.Condition!.StringEquals!["aws:SourceArn"], trailArn);
    // Security Hub S3.5: anything over plain HTTP is denied.
    assert.deepEqual(st[2]!.Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.equal(st[1]!.Condition!.StringEquals!["s3:x-amz-acl"], "bucket-owner-full-control");
    assert.equal(await d.value(d.outputs.trailArn!), trailArn);
    assert.equal(await d.value(d.outputs.trailBucketName!), "sechubrootmfa-test-trail-abc123");
  });
});

describe("stack outputs", () => {
  it("exports the function, rules, queue, the account's finding Id and the evaluate-now command", async () => {
    const d = await deploy({ homeRegion: "eu-west-1" });
    const o = d.outputs;
    assert.equal(await d.value(o.functionName), "sechubrootmfa-test");
    assert.equal(await d.value(o.functionArn), `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:sechubrootmfa-test`);
    assert.equal(await d.value(o.failureQueueUrl), `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/failed-invocations-1234567`);
    assert.equal(await d.value(o.findingId), `sechubrootmfa/aws/${ACCOUNT}/root-user-hardware-mfa`);
    assert.equal(await d.value(o.evaluateCommand),
      `aws lambda invoke --function-name sechubrootmfa-test --cli-binary-format raw-in-base64-out --payload '{"action":"evaluate"}' --region eu-west-1 /dev/stdout`);
    assert.deepEqual(Object.keys(o.ruleArns).sort(),
      ["root-console-signin", "root-console-signin-forward", "root-mfa-api-calls", "root-mfa-api-calls-forward", "schedule"]);
    assert.equal(await d.value(o.ruleArns["root-mfa-api-calls-forward"]!), `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-mfa-api-calls-forward-1234567`);
  });

  it("rejects a stack name that would make the function name longer than Lambda allows", async () => {
    const { createStack } = await import("../src/stack");
    const { settingsWith, FIXTURE_DIR } = await import("./harness");
    const { prebuiltBuilder } = await import("../src/build");
    assert.throws(() => createStack({
      settings: settingsWith({ homeRegion: "us-east-1" }),
      builder: prebuiltBuilder(path.join(FIXTURE_DIR, "aot-x86_64")),
      artifactsDir: fs.mkdtempSync(path.join(os.tmpdir(), "x-")),
      stackName: "s".repeat(60),
    }), /too long.*64 characters/);
  });
});

