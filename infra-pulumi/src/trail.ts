// The optional trail (createTrail): a multi-region trail, its private bucket, the bucket's and the key's policies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_DELETION_WINDOW_DAYS } from "./retention";

/**
 * The trail and its bucket, built so deploying them raises no FAILED Security Hub CSPM control of their own:
 * CloudTrail.1 (multi-region, read and write management events), CloudTrail.2 (SSE-KMS, with trailKms),
 * CloudTrail.4 (log file validation), S3.5 (TLS-only bucket policy), S3.8 (block public access), S3.12 (ACLs
 * disabled), KMS.4 (key rotation). Not configured: CloudTrail.5 (CloudWatch Logs
 * delivery), CloudTrail.7 and S3.9 (server access logging), which need a log destination of the owner's choosing.
 */
export const TRAIL_CONTROLS = {
  satisfied: ["CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "S3.5", "S3.8", "S3.12", "KMS.4"],
  notConfigured: ["CloudTrail.5", "CloudTrail.7", "S3.9"],
} as const;

/** The trail bucket's policy: CloudTrail's ACL check and writes from this trail only; anything over plain HTTP denied. */
export function trailBucketPolicy(bucketArn: string, account: string, trailArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn,
        Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
      { Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `${bucketArn}/AWSLogs/${account}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } } },
      // Security Hub S3.5: requests must use TLS.
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  };
}

/** The trail key's policy: the account administers it; CloudTrail encrypts for this trail only and describes the key. */
export function trailKeyPolicy(partition: string, account: string, trailArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "CloudTrailEncryptsThisTrail", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${account}:trail/*` } } },
      { Sid: "CloudTrailDescribesKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
    ],
  };
}

export interface TrailInputs {
  /** The trail's name and the bucket's and key's prefix. */
  name: string;
  expirationDays: number;
  kms: boolean;
  home: string;
  partition: pulumi.Output<string>;
  account: pulumi.Output<string>;
  opts: pulumi.CustomResourceOptions;
}

/** The trail, its bucket and (with kms) its key, in the home region. */
export function createTrail(i: TrailInputs): { arn: pulumi.Output<string>; bucketName: pulumi.Output<string> } {
  const { name, opts } = i;
  const trailArn = pulumi.interpolate`arn:${i.partition}:cloudtrail:${i.home}:${i.account}:trail/${name}`;
  // Holds the trail's log files; private, encrypted, owner-enforced, expiring.
  const bucket = new aws.s3.Bucket("trail-bucket", { bucketPrefix: `${name}-trail-`, forceDestroy: false }, opts);
  // No public access, whatever ACL or policy is added later.
  const publicBlock = new aws.s3.BucketPublicAccessBlock("trail-bucket-public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  }, opts);
  // Objects are always the bucket owner's; ACLs are disabled.
  new aws.s3.BucketOwnershipControls("trail-bucket-ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  // Encryption at rest with S3-managed keys for anything not written by the trail itself (the trail uses its KMS key).
  new aws.s3.BucketServerSideEncryptionConfiguration("trail-bucket-encryption", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  }, opts);
  // Logs expire (trailBucketExpirationDays) so the bucket does not grow forever.
  new aws.s3.BucketLifecycleConfiguration("trail-bucket-lifecycle", {
    bucket: bucket.id,
    rules: [{ id: "expire-trail-logs", status: "Enabled", filter: {}, expiration: { days: i.expirationDays } }],
  }, opts);
  // Exactly what CloudTrail needs: the ACL check and writes under AWSLogs/<account>/, from this trail only; TLS only.
  const bucketPolicy = new aws.s3.BucketPolicy("trail-bucket-policy", {
    bucket: bucket.id,
    policy: pulumi.all([bucket.arn, i.account, trailArn]).apply(([b, acct, trail]) => JSON.stringify(trailBucketPolicy(b, acct, trail))),
  }, { ...opts, dependsOn: [publicBlock] });
  // The trail's own key (Security Hub CloudTrail.2), rotated yearly (KMS.4).
  const key = i.kms ? new aws.kms.Key("trail-key", {
    description: `${name}: encrypts the CloudTrail log files`,
    enableKeyRotation: true,
    deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
    policy: pulumi.all([i.partition, i.account, trailArn]).apply(([p, acct, trail]) => JSON.stringify(trailKeyPolicy(p, acct, trail))),
  }, opts) : undefined;
  // Multi-region trail logging all management events: EventBridge sees IAM and sign-in calls only through a trail.
  const trail = new aws.cloudtrail.Trail("trail", {
    name,
    s3BucketName: bucket.id,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: key?.arn,
    eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
  }, { ...opts, dependsOn: [bucketPolicy] });
  return { arn: trail.arn, bucketName: bucket.bucket };
}
