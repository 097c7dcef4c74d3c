// Event delivery, written once for the Pulumi resources and the member template alike: the retry policy of every
// EventBridge target, and the policy of the dead-letter queues those targets fall back to.

/** Bounded retries (tries after the first: EventBridge's MaximumRetryAttempts) within a maximum event age, then the event goes to the rule's dead-letter queue. */
export const TARGET_RETRY = { maximumRetryAttempts: 24, maximumEventAgeInSeconds: 6 * 3600 } as const;

/** The same policy in CloudFormation's spelling (AWS::Events::Rule Target.RetryPolicy). */
export const TARGET_RETRY_CFN = {
  MaximumRetryAttempts: TARGET_RETRY.maximumRetryAttempts,
  MaximumEventAgeInSeconds: TARGET_RETRY.maximumEventAgeInSeconds,
} as const;

/**
 * A dead-letter queue's policy: EventBridge may send to it, only on behalf of the given rules. Values are ARNs, or
 * CloudFormation expressions in the member template.
 */
export function deadLetterQueuePolicy(queueArn: unknown, ruleArns: unknown[]): object {
  return {
    Version: "2012-10-17",
    Statement: [{
      Sid: "EventBridgeRulesDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
    }],
  };
}
