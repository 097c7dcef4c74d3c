// SQS's own engine (moto) instead of our mocks: the work queue and its dead-letter queue, created with the very
// attributes the program gives them, hold a re-check for its delay, hand it out, and move it to the dead-letter queue
// after exactly maxReceiveCount receives that did not delete it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from "@aws-sdk/client-sqs";
import { deploy } from "./harness";
import { startMoto, type Moto } from "./moto";
import { WORK_QUEUE } from "../src/workQueue";

let moto: Moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

const QUEUE = "aws:sqs/queue:Queue";

describe("the work queue, replayed in SQS", () => {
  it("keeps a re-check invisible for its delay, then redrives it to the dead-letter queue after maxReceiveCount receives", async () => {
    await moto.reset();
    const d = await deploy({});
    const queue = d.one(QUEUE, "work-queue").inputs;
    const dlq = d.one(QUEUE, "work-dlq").inputs;
    const sqs = new SQSClient(moto.client("us-east-1"));

    const dlqUrl = (await sqs.send(new CreateQueueCommand({
      QueueName: "work-dlq", Attributes: { SqsManagedSseEnabled: String(dlq.sqsManagedSseEnabled), MessageRetentionPeriod: String(dlq.messageRetentionSeconds) },
    }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const redrive = { ...JSON.parse(queue.redrivePolicy), deadLetterTargetArn: dlqArn };
    const url = (await sqs.send(new CreateQueueCommand({
      QueueName: "work-queue",
      Attributes: {
        SqsManagedSseEnabled: String(queue.sqsManagedSseEnabled),
        MessageRetentionPeriod: String(queue.messageRetentionSeconds),
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify(redrive),
      },
    }))).QueueUrl!;
    const back = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes!;
    assert.equal(Number(back.VisibilityTimeout), queue.visibilityTimeoutSeconds);
    assert.deepEqual(JSON.parse(back.RedrivePolicy!), { deadLetterTargetArn: dlqArn, maxReceiveCount: WORK_QUEUE.maxReceiveCount });

    // The function delays each message by its settle time; 2 s here keeps the test short.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"version":1,"kind":"recheck"}', DelaySeconds: 2 }));
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.length ?? 0, 0, "invisible during its delay");
    await new Promise((r) => setTimeout(r, 2500));

    // Each receive that does not delete counts (a failed batch item comes back after the visibility timeout; here at once).
    for (let i = 1; i <= WORK_QUEUE.maxReceiveCount; i++) {
      const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }))).Messages ?? [];
      assert.equal(got.length, 1, `receive ${i} hands the message out`);
      assert.equal(got[0]!.Attributes!.ApproximateReceiveCount, String(i));
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got[0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    }
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.length ?? 0, 0, "moved on after maxReceiveCount");
    const dead = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl }))).Messages ?? [];
    assert.equal(dead.length, 1, "the dead-letter queue holds it (and its depth alarm fires)");
  });
});
