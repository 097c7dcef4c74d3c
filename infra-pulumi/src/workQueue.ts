// The work queue: re-checks the function queues for itself after a root MFA device removal IAM does not show yet
// (delayed by the message's own DelaySeconds, the function's event settle time), consumed by the same function
// through an SQS event source mapping. Settings follow AWS's documented guidance, cited where each is chosen.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { QUEUE_RETENTION_SECONDS } from "./retention";

export const WORK_QUEUE = {
  /**
   * Visibility timeout = this many times the function timeout. AWS Lambda Developer Guide, "Creating and configuring an
   * Amazon SQS event source mapping" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html): "set
   * the source queue's visibility timeout to at least six times the configuration timeout on your function. The extra
   * time allows Lambda to retry if your function is throttled while processing a previous batch."
   */
  visibilityTimeoutFactor: 6,
  /**
   * Receives before a message moves to the dead-letter queue. The same guide recommends at least 5. A throttled
   * invocation does not return its message to the queue: Lambda retries it until the visibility timeout runs out
   * ("Handling errors for an SQS event source in Lambda", services-sqs-errorhandling.html). So with the single-account
   * reserved concurrency (SINGLE_ACCOUNT_RESERVED_CONCURRENCY, checkerFunction.ts) a healthy re-check reaches the
   * dead-letter queue only if the function was busy without a break for this many
   * visibility timeouts; a re-check that really fails (IAM or Security Hub refusing) gets there after as many tries.
   */
  maxReceiveCount: 10,
  /** Messages per invocation; one evaluation per account answers every re-check of that account in a batch. */
  batchSize: 10,
  /**
   * Org mode only: concurrent invocations the mapping may start (2 is the least AWS allows, ScalingConfig
   * MaximumConcurrency). The single-account function's reserved concurrency (SINGLE_ACCOUNT_RESERVED_CONCURRENCY) is below
   * that, and AWS advises never setting maximum concurrency above reserved concurrency, so it sets none there.
   */
  orgMaximumConcurrency: 2,
  /** Both queues keep a message as long as SQS allows (retention.ts). */
  retentionSeconds: QUEUE_RETENTION_SECONDS,
} as const;

/** The work queue's visibility timeout for a function timeout. */
export function workQueueVisibilitySeconds(functionTimeoutSeconds: number): number {
  return WORK_QUEUE.visibilityTimeoutFactor * functionTimeoutSeconds;
}

export interface WorkQueues {
  queue: aws.sqs.Queue;
  deadLetterQueue: aws.sqs.Queue;
}

/** The work queue and its dead-letter queue, both encrypted at rest with SQS-managed keys. */
export function createWorkQueues(functionTimeoutSeconds: number, opts: pulumi.CustomResourceOptions): WorkQueues {
  // Re-checks that failed every receive; alarmed, kept WORK_QUEUE.retentionSeconds for a redrive.
  const deadLetterQueue = new aws.sqs.Queue("work-dlq", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: WORK_QUEUE.retentionSeconds,
  }, opts);
  // Re-checks waiting for their delay, then for the function.
  const queue = new aws.sqs.Queue("work-queue", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: WORK_QUEUE.retentionSeconds,
    visibilityTimeoutSeconds: workQueueVisibilitySeconds(functionTimeoutSeconds),
    redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: WORK_QUEUE.maxReceiveCount })),
  }, opts);
  return { queue, deadLetterQueue };
}

/** Delivers the work queue's messages to the function, reporting failed messages one by one (ReportBatchItemFailures). */
export function consumeWorkQueue(queue: aws.sqs.Queue, functionArn: pulumi.Input<string>, orgMode: boolean, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  return new aws.lambda.EventSourceMapping("work-queue-consumer", {
    eventSourceArn: queue.arn,
    functionName: functionArn,
    batchSize: WORK_QUEUE.batchSize,
    functionResponseTypes: ["ReportBatchItemFailures"],
    ...(orgMode ? { scalingConfig: { maximumConcurrency: WORK_QUEUE.orgMaximumConcurrency } } : {}),
  }, opts);
}
