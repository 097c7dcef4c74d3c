// Org mode's run queue: what the program declares (queue, dead-letter queue, event source mapping with maximum
// concurrency, the function's environment, the two alarms), and the queue replayed in SQS's own engine (moto): a run's
// members go in ten per SendMessageBatch, come out a batch at a time, a member the function delays comes back later,
// and one that fails every receive moves to the dead-letter queue after exactly maxReceiveCount receives.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient,
} from "@aws-sdk/client-sqs";
import { deploy } from "./harness";
import { startMoto, type Moto } from "./moto";
import { ORG_RUN_QUEUE } from "../src/orgRunQueue";
import { WORK_QUEUE } from "../src/workQueue";
import { ALARM_SETTINGS } from "../src/alarms";

const ORG_MODE = { orgMode: "true", orgId: "o-a1b2c3d4e5", orgTargetOuIds: "r-ab12", orgExternalId: "ext-id-01" };
const QUEUE = "aws:sqs/queue:Queue";
const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

let moto: Moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

describe("the organization run queue", () => {
  it("exists in org mode only: queue, dead-letter queue after maxReceiveCount, a mapping reporting failed members with bounded concurrency", async () => {
    const single = await deploy({});
    assert.equal(single.resources.filter((r) => r.name.startsWith("org-run")).length, 0, "no run queue without org mode");
    assert.equal(single.one("aws:lambda/function:Function", "function").inputs.environment.variables.SECHUBROOTMFA_ORG_RUN_QUEUE_URL, undefined);

    const d = await deploy({ ...ORG_MODE, timeoutSeconds: "900" });
    const queue = d.one(QUEUE, "org-run-queue").inputs;
    const dlq = d.one(QUEUE, "org-run-dlq").inputs;
    assert.equal(queue.visibilityTimeoutSeconds, WORK_QUEUE.visibilityTimeoutFactor * 900);
    assert.deepEqual(JSON.parse(queue.redrivePolicy), { deadLetterTargetArn: "arn:aws:sqs:us-east-1:111122223333:org-run-dlq-1234567", maxReceiveCount: ORG_RUN_QUEUE.maxReceiveCount });
    assert.ok(ORG_RUN_QUEUE.maxReceiveCount >= 5, "AWS advises at least 5 receives for a Lambda source queue");
    assert.equal(queue.sqsManagedSseEnabled, true);
    assert.equal(dlq.sqsManagedSseEnabled, true);

    const esm = d.one(ESM, "org-run-queue-consumer").inputs;
    assert.equal(esm.eventSourceArn, "arn:aws:sqs:us-east-1:111122223333:org-run-queue-1234567");
    assert.deepEqual(esm.functionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(esm.batchSize, ORG_RUN_QUEUE.batchSize);
    assert.ok(esm.batchSize <= 10 && esm.maximumBatchingWindowInSeconds === undefined, "no batching window needed up to 10");
    assert.deepEqual(esm.scalingConfig, { maximumConcurrency: ORG_RUN_QUEUE.maximumConcurrency });
    assert.ok(ORG_RUN_QUEUE.maximumConcurrency >= 2 && ORG_RUN_QUEUE.maximumConcurrency <= 1000, "ScalingConfig allows 2 to 1000");

    const env = d.one("aws:lambda/function:Function", "function").inputs.environment.variables;
    assert.equal(env.SECHUBROOTMFA_ORG_RUN_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/111122223333/org-run-queue-1234567");
  });

  it("alarms when a member is dead-lettered and when a run's oldest member waits longer than runLateSeconds", async () => {
    const d = await deploy(ORG_MODE);
    const dead = d.one(ALARM, "org-run-dlq").inputs;
    assert.deepEqual([dead.namespace, dead.metricName, dead.dimensions, dead.threshold], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "org-run-dlq-1234567" }, ALARM_SETTINGS.queueDepth]);
    const late = d.one(ALARM, "org-run-late").inputs;
    assert.deepEqual([late.namespace, late.metricName, late.dimensions, late.statistic, late.threshold, late.comparisonOperator],
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: "org-run-queue-1234567" }, "Maximum", ORG_RUN_QUEUE.runLateSeconds, "GreaterThanOrEqualToThreshold"]);
    // Later than a member's whole retry budget and a dead consumer's visibility timeout, earlier than the next scheduled run.
    assert.ok(ORG_RUN_QUEUE.runLateSeconds > WORK_QUEUE.visibilityTimeoutFactor * 900 && ORG_RUN_QUEUE.runLateSeconds < 12 * 3600);
    for (const a of [dead, late]) {
      assert.ok(a.alarmActions.length > 0, "notifies the alarm topic");
      assert.deepEqual(a.okActions, a.alarmActions);
    }
  });

  it("replayed in SQS: ten members per batch call, a delayed member comes back, one that keeps failing is dead-lettered after maxReceiveCount", async () => {
    await moto.reset();
    const d = await deploy(ORG_MODE);
    const queue = d.one(QUEUE, "org-run-queue").inputs;
    const dlq = d.one(QUEUE, "org-run-dlq").inputs;
    const sqs = new SQSClient(moto.client("us-east-1"));
    const dlqUrl = (await sqs.send(new CreateQueueCommand({
      QueueName: "org-run-dlq", Attributes: { SqsManagedSseEnabled: String(dlq.sqsManagedSseEnabled), MessageRetentionPeriod: String(dlq.messageRetentionSeconds) },
    }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const url = (await sqs.send(new CreateQueueCommand({
      QueueName: "org-run-queue",
      Attributes: {
        SqsManagedSseEnabled: String(queue.sqsManagedSseEnabled),
        MessageRetentionPeriod: String(queue.messageRetentionSeconds),
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ ...JSON.parse(queue.redrivePolicy), deadLetterTargetArn: dlqArn }),
      },
    }))).QueueUrl!;

    // The dispatcher's call: ten members in one SendMessageBatch.
    const members = Array.from({ length: 10 }, (_, i) => `2000000000${String(i).padStart(2, "0")}`);
    const sent = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: members.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify({ version: 1, kind: "member", accountId: m }) })),
    }));
    assert.equal(sent.Successful?.length, 10);

    // One batch of the mapping: nine members evaluated (deleted); the failing one is delayed by the function, then
    // (here at once, to keep the test short) handed out again until SQS gives up on it.
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: ORG_RUN_QUEUE.batchSize, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }))).Messages ?? [];
    assert.equal(first.length, 10, "one receive hands out the whole batch");
    const failing = first.find((m) => JSON.parse(m.Body!).accountId === members[3])!;
    for (const m of first.filter((x) => x !== failing)) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: failing.ReceiptHandle!, VisibilityTimeout: 1 }));
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.length ?? 0, 0, "invisible during its backoff");
    await new Promise((r) => setTimeout(r, 1500));

    for (let i = 2; i <= ORG_RUN_QUEUE.maxReceiveCount; i++) {
      const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }))).Messages ?? [];
      assert.equal(got.length, 1, `receive ${i} hands the failing member out`);
      assert.equal(got[0]!.Attributes!.ApproximateReceiveCount, String(i));
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got[0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    }
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.length ?? 0, 0, "moved on after maxReceiveCount");
    const dead = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl }))).Messages ?? [];
    assert.deepEqual(dead.map((m) => JSON.parse(m.Body!).accountId), [members[3]], "the dead-letter queue holds that member alone (and its depth alarm fires)");
  });
});
