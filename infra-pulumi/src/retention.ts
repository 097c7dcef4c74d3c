// How long the stack keeps what it cannot act on at once, written once for every queue, key and template that uses it.

/** SQS's longest retention (14 days): failure, dead-letter and work queues keep a message as long as SQS allows, for a redrive. */
export const QUEUE_RETENTION_SECONDS = 1209600;

/** KMS's longest waiting period before a scheduled key deletion: the most time to cancel a deletion made by mistake. */
export const KMS_DELETION_WINDOW_DAYS = 30;
