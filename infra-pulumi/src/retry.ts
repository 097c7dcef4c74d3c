// The retry policy of every EventBridge target the product creates (Pulumi resources and the member template alike).

/** Bounded retries: 24 attempts over at most 6 hours, then the event goes to the rule's dead-letter queue. */
export const TARGET_RETRY = { maximumRetryAttempts: 24, maximumEventAgeInSeconds: 6 * 3600 } as const;

/** The same policy in CloudFormation's spelling (AWS::Events::Rule Target.RetryPolicy). */
export const TARGET_RETRY_CFN = {
  MaximumRetryAttempts: TARGET_RETRY.maximumRetryAttempts,
  MaximumEventAgeInSeconds: TARGET_RETRY.maximumEventAgeInSeconds,
} as const;
