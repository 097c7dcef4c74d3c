// Org mode's run queue: a scheduled run too large for one invocation queues one message per member (kind "member",
// carrying the run's id) and the same function consumes them through an SQS event source mapping, reporting failed
// members one by one. A member that fails is delayed by the function (ChangeMessageVisibility, growing with its receive
// count), dead-lettered after maxReceiveCount receives, and alarmed; a run whose oldest member waits too long is alarmed.
// Its own queue, not the work queue's: re-checks are few and delayed, runs are bursts of thousands with their own
// dead-letter queue, age alarm and consumer concurrency.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type AlarmContext, ALARM_SETTINGS, queueDepthAlarm } from "./alarms";
import { WORK_QUEUE, workQueueVisibilitySeconds } from "./workQueue";

export const ORG_RUN_QUEUE = {
  /**
   * Receives before a member's message moves to the dead-letter queue. The function delays each retry by 30 s doubled
   * per receive, capped at 15 minutes (OrgFanOutOptions in src/SecHubRootMfa.Service/Organization/OrgFanOut.cs), so a
   * member gets about 45 minutes of retries before it is dead-lettered; AWS advises at least 5 for a Lambda source queue
   * ("Creating and configuring an Amazon SQS event source mapping", services-sqs-configure.html).
   */
  maxReceiveCount: 8,
  /** Messages (members) per invocation, at most SQS's 10 per ReceiveMessage, so no batching window is needed. */
  batchSize: 10,
  /**
   * Invocations the mapping may run at once (ScalingConfig MaximumConcurrency, 2 to 1000): bounds the run's pressure on
   * Organizations, STS and the members' Security Hub, and leaves the account's Lambda concurrency (1,000 by default)
   * to everything else. Members evaluated at once = this × batchSize.
   */
  maximumConcurrency: 10,
  /**
   * Age of the oldest member message after which the run is late and alarmed (AWS/SQS ApproximateAgeOfOldestMessage).
   * Longer than a member's whole retry budget (about 45 minutes) plus the visibility timeout after a consumer that dies
   * (6 x the function timeout, 90 minutes at 900 s), shorter than the 12-hour schedule.
   */
  runLateSeconds: 4 * 3600,
} as const;

export interface OrgRunQueues {
  queue: aws.sqs.Queue;
  deadLetterQueue: aws.sqs.Queue;
}

/** The run queue and its dead-letter queue, encrypted at rest with SQS-managed keys, kept as long as SQS allows. */
export function createOrgRunQueues(functionTimeoutSeconds: number, opts: pulumi.CustomResourceOptions): OrgRunQueues {
  // Members that failed every receive of their run; alarmed, kept 14 days for a redrive.
  const deadLetterQueue = new aws.sqs.Queue("org-run-dlq", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: WORK_QUEUE.retentionSeconds,
  }, opts);
  // One message per member of a run too large for one invocation.
  const queue = new aws.sqs.Queue("org-run-queue", {
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: WORK_QUEUE.retentionSeconds,
    // AWS's guidance for a Lambda source queue, as for the work queue: 6 x the function timeout.
    visibilityTimeoutSeconds: workQueueVisibilitySeconds(functionTimeoutSeconds),
    redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: ORG_RUN_QUEUE.maxReceiveCount })),
  }, opts);
  return { queue, deadLetterQueue };
}

/** Queuing a run's members (sqs:SendMessage also authorizes SendMessageBatch). */
export const QUEUE_MEMBERS_ACTION = "sqs:SendMessage";
/** Delaying a failed member's next delivery (the function's backoff). */
export const DELAY_MEMBER_ACTION = "sqs:ChangeMessageVisibility";
/** What the event source mapping does with the function's role to deliver the run queue's messages. */
export const CONSUME_RUN_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"] as const;

/** The function's grants on the run queue only: queue members, delay a failed one, and let the mapping consume. */
export function orgRunQueueStatements(queueArn: string): object[] {
  return [
    { Sid: "QueueRunMembers", Effect: "Allow", Action: [QUEUE_MEMBERS_ACTION, DELAY_MEMBER_ACTION], Resource: queueArn },
    { Sid: "ConsumeRunQueue", Effect: "Allow", Action: [...CONSUME_RUN_ACTIONS], Resource: queueArn },
  ];
}

/** The function's environment variable naming the run queue (FunctionOptions.OrgRunQueueUrlVariable). */
export const orgRunQueueEnvironment = (queueUrl: pulumi.Output<string>): Record<string, pulumi.Output<string>> => ({
  SECHUBROOTMFA_ORG_RUN_QUEUE_URL: queueUrl,
});

/** Delivers the run queue's members to the function, failed members reported one by one, at most maximumConcurrency at once. */
export function consumeOrgRunQueue(queue: aws.sqs.Queue, functionArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  return new aws.lambda.EventSourceMapping("org-run-queue-consumer", {
    eventSourceArn: queue.arn,
    functionName: functionArn,
    batchSize: ORG_RUN_QUEUE.batchSize,
    functionResponseTypes: ["ReportBatchItemFailures"],
    scalingConfig: { maximumConcurrency: ORG_RUN_QUEUE.maximumConcurrency },
  }, opts);
}

/** A member dead-lettered (it failed every receive), and a run whose oldest member has waited longer than runLateSeconds. */
export function orgRunAlarms(c: AlarmContext, q: OrgRunQueues): void {
  queueDepthAlarm(c, "org-run-dlq", q.deadLetterQueue.name,
    "SecHubRootMfa organization run: members failed every try and were dead-lettered; their findings were not refreshed. "
    + "See the run dead-letter queue (each message names the member and run) and the function's member.retry log lines.");
  // Who is late: the run's member messages still waiting (throttled, failing, or no consumer running).
  new aws.cloudwatch.MetricAlarm("org-run-late", {
    alarmDescription: `SecHubRootMfa organization run did not complete within ${ORG_RUN_QUEUE.runLateSeconds / 3600} hours: members are still waiting on the run queue. `
      + "Check the event source mapping, the function's errors and throttles, and the member.retry log lines.",
    alarmActions: c.actions,
    okActions: c.actions,
    namespace: "AWS/SQS",
    metricName: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: q.queue.name },
    statistic: "Maximum",
    period: ALARM_SETTINGS.periodSeconds,
    evaluationPeriods: 1,
    threshold: ORG_RUN_QUEUE.runLateSeconds,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}
