// EventBridge's own engine (moto) instead of our mocks: every rule and target the program creates is created with
// PutRule/PutTargets under the same name, region and bus, in every mode; and the rule patterns, put on rules with an
// SQS target, receive exactly the sample events they should.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { EventBridgeClient, CreateEventBusCommand, ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { deploy, type Deployed } from "./harness";
import { startMoto, type Moto } from "./moto";
import { matches } from "../src/eventPattern";
import { EVENT_PATTERN_DIR, loadPattern, PATTERN_FILES } from "../src/patternRules";
import { EXPECTED, readEvent, RULES, sampleFiles } from "./samples";
import { MEMBER_DLQ_ALARM_NAME, memberForwardAlarmName } from "../src/memberTemplate";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const BUS = "aws:cloudwatch/eventBus:EventBus";
const ORG = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" };

let moto: Moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

const events = (region: string) => new EventBridgeClient(moto.client(region));
const physical = (r: { name: string; inputs: Record<string, any> }) => r.inputs.name ?? `${r.name}-1234567`;

/** Creates the deployment's buses, rules and targets in moto exactly as the AWS provider would; returns the pairs made. */
async function replay(d: Deployed): Promise<number> {
  for (const bus of d.ofType(BUS)) await events(bus.region!).send(new CreateEventBusCommand({ Name: bus.inputs.name }));
  for (const rule of d.ofType(RULE)) {
    await events(rule.region!).send(new PutRuleCommand({
      Name: physical(rule),
      EventBusName: rule.inputs.eventBusName,
      Description: rule.inputs.description,
      EventPattern: rule.inputs.eventPattern,
      ScheduleExpression: rule.inputs.scheduleExpression,
    }));
  }
  let pairs = 0;
  for (const t of d.ofType(TARGET)) {
    const i = t.inputs;
    const client = events(t.region!);
    const result = await client.send(new PutTargetsCommand({
      Rule: i.rule,
      EventBusName: i.eventBusName,
      Targets: [{
        Id: t.name,
        Arn: i.arn,
        RoleArn: i.roleArn,
        RetryPolicy: { MaximumRetryAttempts: i.retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: i.retryPolicy.maximumEventAgeInSeconds },
        DeadLetterConfig: { Arn: i.deadLetterConfig.arn },
      }],
    }));
    assert.equal(result.FailedEntryCount, 0, `${t.name}: ${JSON.stringify(result.FailedEntries)}`);
    // Read back from the rule on its bus: the target, its retry policy and dead-letter queue are there.
    const listed = await client.send(new ListTargetsByRuleCommand({ Rule: i.rule, EventBusName: i.eventBusName }));
    const back = listed.Targets?.find((x) => x.Id === t.name);
    assert.ok(back, `${t.name} is on rule ${i.rule} (bus ${i.eventBusName ?? "default"})`);
    assert.equal(back.Arn, i.arn);
    assert.equal(back.DeadLetterConfig?.Arn, i.deadLetterConfig.arn);
    pairs++;
  }
  return pairs;
}

describe("every rule and target, replayed in EventBridge", () => {
  const modes: Array<[string, Record<string, string>, number]> = [
    ["single-account in us-east-1", {}, 3],
    ["cross-region (home eu-west-1)", { homeRegion: "eu-west-1" }, 5],
    ["org mode (home eu-west-1)", { homeRegion: "eu-west-1", ...ORG }, 9],
  ];
  for (const [mode, config, expectedPairs] of modes) {
    it(`creates each rule/target pair with PutRule/PutTargets on the rule's own bus and region: ${mode}`, async () => {
      await moto.reset();
      const d = await deploy(config);
      assert.equal(await replay(d), expectedPairs);
      assert.equal(d.ofType(RULE).length, expectedPairs, "one target per rule");
    });
  }

  it("would have caught a target that names the default bus for a rule on the central bus", async () => {
    await moto.reset();
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const central = d.ofType(TARGET).find((t) => t.inputs.eventBusName !== undefined)!;
    await replay({ ...d, ofType: (type) => d.ofType(type).filter((r) => r.type !== TARGET) });
    await assert.rejects(events("eu-west-1").send(new PutTargetsCommand({ Rule: central.inputs.rule, Targets: [{ Id: "x", Arn: central.inputs.arn }] })),
      /does not exist on EventBus default/);
  });
});

describe("rule patterns matched by EventBridge itself", () => {
  it("delivers every sample event to exactly the rules the TS matcher, the C# router's filter and the expectations say", async () => {
    await moto.reset();
    const region = "eu-north-1";
    const eb = events(region);
    const sqs = new SQSClient(moto.client(region));
    const queues: Record<string, string> = {};
    for (const rule of RULES) {
      const q = await sqs.send(new CreateQueueCommand({ QueueName: `pattern-${rule}` }));
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
      // The pattern file exactly as the program loads it onto the real rules.
      const pattern = fs.readFileSync(path.join(EVENT_PATTERN_DIR, PATTERN_FILES[rule]), "utf8");
      await eb.send(new PutRuleCommand({ Name: `pattern-${rule}`, EventPattern: pattern }));
      await eb.send(new PutTargetsCommand({ Rule: `pattern-${rule}`, Targets: [{ Id: "queue", Arn: arn }] }));
      queues[rule] = q.QueueUrl!;
    }
    let delivered = 0;
    const files = sampleFiles();
    assert.equal(files.length, Object.keys(EXPECTED).length);
    for (const file of files) {
      const e = readEvent(file);
      const put = await eb.send(new PutEventsCommand({
        Entries: [{ Source: e.source, DetailType: e["detail-type"], Detail: JSON.stringify(e.detail), Resources: e.resources, Time: new Date(e.time) }],
      }));
      assert.equal(put.FailedEntryCount, 0, file);
      const arrived: string[] = [];
      for (const rule of RULES) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues[rule], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        for (const m of got.Messages ?? []) {
          assert.equal(JSON.parse(m.Body!).detail.eventID ?? JSON.parse(m.Body!).source, e.detail.eventID ?? e.source, `${file}: the message is this event`);
          arrived.push(rule);
        }
      }
      delivered += arrived.length;
      const expected = EXPECTED[file] === "none" ? [] : [EXPECTED[file]];
      assert.deepEqual(arrived, expected, `${file}: EventBridge delivered to ${arrived.join(",") || "no rule"}`);
      // The TS matcher gives EventBridge's verdict...
      assert.deepEqual(RULES.filter((r) => matches(loadPattern(r), e)), expected, `${file}: TS matcher`);
      // ...and so does the C# router, which ignores exactly the near-misses (EventRouterTests) and routes the rest.
      assert.equal(file.startsWith("nearmiss-"), expected.length === 0 && !file.startsWith("scheduled-event"), `${file}: C# router verdict`);
    }
    assert.equal(delivered, Object.values(EXPECTED).filter((r) => r !== "none").length);
    process.stdout.write(`# moto EventBridge: ${files.length} sample events sent, ${delivered} delivered, ${files.length - delivered} matched no rule\n`);
  });

  it("agrees with both matchers on exists: a null field exists, a missing one does not", async () => {
    await moto.reset();
    const region = "eu-north-1";
    const eb = events(region);
    const sqs = new SQSClient(moto.client(region));
    const q = await sqs.send(new CreateQueueCommand({ QueueName: "exists" }));
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const pattern = { source: ["test.exists"], detail: { errorCode: [{ exists: false }] } };
    await eb.send(new PutRuleCommand({ Name: "exists", EventPattern: JSON.stringify(pattern) }));
    await eb.send(new PutTargetsCommand({ Rule: "exists", Targets: [{ Id: "q", Arn: arn }] }));
    for (const [detail, expected] of [[{ errorCode: null }, false], [{}, true], [{ errorCode: "AccessDenied" }, false], [{ errorCode: { code: 1 } }, true]] as const) {
      await eb.send(new PutEventsCommand({ Entries: [{ Source: "test.exists", DetailType: "t", Detail: JSON.stringify(detail) }] }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const arrived = (got.Messages ?? []).length === 1;
      assert.equal(arrived, expected, `EventBridge on ${JSON.stringify(detail)}`);
      assert.equal(matches(pattern as any, { source: "test.exists", detail }), expected, `TS matcher on ${JSON.stringify(detail)}`);
    }
  });
});

describe("member forwarding alarms matched by EventBridge itself", () => {
  // AWS's sample of the event, verbatim: Amazon CloudWatch User Guide, "Alarm events and EventBridge", state change for a
  // single-metric alarm (tests/fixtures/events/cloudwatch-alarm-state-change.json).
  const SAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "events", "cloudwatch-alarm-state-change.json"), "utf8"));
  const MEMBER = "444455556666";
  /** The sample as one of our member alarms would send it: its name, ARN and account, and the given transition. */
  const ours = (alarm: string, from: string, to: string) => ({
    ...SAMPLE,
    account: MEMBER,
    resources: [`arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:${alarm}`],
    detail: { ...SAMPLE.detail, alarmName: alarm, previousState: { ...SAMPLE.detail.previousState, value: from }, state: { ...SAMPLE.detail.state, value: to } },
  });

  it("forwards our alarms' state changes from the member and notifies only on entering ALARM and on ALARM to OK", async () => {
    await moto.reset();
    const d = await deploy({ homeRegion: "eu-west-1", ...ORG });
    const template = JSON.parse(d.one("aws:cloudformation/stackSet:StackSet", "member-stackset").inputs.templateBody);
    const patterns: Record<string, any> = {
      member: template.Resources.AlarmStateForward.Properties.EventPattern,
      raised: JSON.parse(d.one(RULE, "member-forwarding-alarm").inputs.eventPattern),
      cleared: JSON.parse(d.one(RULE, "member-forwarding-ok").inputs.eventPattern),
    };
    const region = "eu-north-1";
    const eb = events(region);
    const sqs = new SQSClient(moto.client(region));
    const queues: Record<string, string> = {};
    for (const [name, pattern] of Object.entries(patterns)) {
      const q = await sqs.send(new CreateQueueCommand({ QueueName: `alarm-${name}` }));
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
      await eb.send(new PutRuleCommand({ Name: `alarm-${name}`, EventPattern: JSON.stringify(pattern) }));
      await eb.send(new PutTargetsCommand({ Rule: `alarm-${name}`, Targets: [{ Id: "queue", Arn: arn }] }));
      queues[name] = q.QueueUrl!;
    }
    const dlqAlarm = MEMBER_DLQ_ALARM_NAME;
    const failedInvocations = memberForwardAlarmName("root-mfa-api-calls");
    const cases: Array<[string, any, string[]]> = [
      ["AWS's sample as documented (another alarm)", SAMPLE, []],
      ["dead-letter queue alarm OK -> ALARM", ours(dlqAlarm, "OK", "ALARM"), ["member", "raised"]],
      ["failed invocations alarm OK -> ALARM", ours(failedInvocations, "OK", "ALARM"), ["member", "raised"]],
      ["dead-letter queue alarm ALARM -> OK", ours(dlqAlarm, "ALARM", "OK"), ["member", "cleared"]],
      ["a new alarm's INSUFFICIENT_DATA -> OK", ours(dlqAlarm, "INSUFFICIENT_DATA", "OK"), ["member"]],
      ["ALARM -> INSUFFICIENT_DATA", ours(failedInvocations, "ALARM", "INSUFFICIENT_DATA"), ["member"]],
    ];
    for (const [label, e, expected] of cases) {
      const put = await eb.send(new PutEventsCommand({
        Entries: [{ Source: e.source, DetailType: e["detail-type"], Detail: JSON.stringify(e.detail), Resources: e.resources, Time: new Date(e.time) }],
      }));
      assert.equal(put.FailedEntryCount, 0, label);
      const arrived: string[] = [];
      for (const name of Object.keys(patterns)) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues[name], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        for (const m of got.Messages ?? []) {
          assert.equal(JSON.parse(m.Body!).detail.alarmName, e.detail.alarmName, `${label}: the message is this event`);
          arrived.push(name);
        }
      }
      assert.deepEqual(arrived, expected, `${label}: EventBridge delivered to ${arrived.join(",") || "no rule"}`);
      assert.deepEqual(Object.keys(patterns).filter((n) => matches(patterns[n], e)), expected, `${label}: TS matcher`);
    }
    process.stdout.write(`# moto EventBridge: ${cases.length} CloudWatch alarm state changes (AWS's documented sample and ours) matched as expected\n`);
  });
});
