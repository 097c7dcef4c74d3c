// The stack's explicit AWS providers (one per region it deploys to) do not read the stack's `aws:` settings the way
// the default provider does, so the ones users rely on are read here and passed on: aws:profile,
// aws:sharedCredentialsFiles, aws:assumeRole / aws:assumeRoles and aws:defaultTags (merged with the product's tags).
// Every other aws: key (for example aws:region, aws:accessKey) does not apply to this stack's resources.
import * as aws from "@pulumi/aws";

export interface AssumeRole {
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: string;
  policy?: string;
  policyArns?: string[];
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
}

/** The aws: settings the stack's providers honour. */
export interface AwsProviderSettings {
  profile?: string;
  sharedCredentialsFiles?: string[];
  assumeRoles: AssumeRole[];
  /** aws:defaultTags.tags */
  defaultTags: Record<string, string>;
}

/** Reads one raw aws: config value (undefined when unset). */
export type AwsConfigSource = (key: string) => string | undefined;

/** Parses the honoured aws: keys; throws naming the key when a value is not the documented shape. */
export function awsProviderSettings(get: AwsConfigSource): AwsProviderSettings {
  const json = (key: string): unknown => {
    const raw = get(key);
    if (raw === undefined || raw === "") return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      throw new Error(`Invalid configuration aws:${key}: expected a JSON value, got "${raw.slice(0, 80)}"`);
    }
  };
  const role = (key: string, v: unknown): AssumeRole => {
    if (typeof v !== "object" || v === null || typeof (v as { roleArn?: unknown }).roleArn !== "string") {
      throw new Error(`Invalid configuration aws:${key}: each role needs a roleArn`);
    }
    return v as AssumeRole;
  };
  const single = json("assumeRole");
  const many = json("assumeRoles");
  if (many !== undefined && !Array.isArray(many)) throw new Error("Invalid configuration aws:assumeRoles: expected a list of roles");
  const assumeRoles = [...(single !== undefined ? [role("assumeRole", single)] : []), ...((many as unknown[] | undefined) ?? []).map((r) => role("assumeRoles", r))];
  const tags = json("defaultTags") as { tags?: unknown } | undefined;
  if (tags !== undefined && (typeof tags.tags !== "object" || tags.tags === null)) throw new Error("Invalid configuration aws:defaultTags: expected {\"tags\": {...}}");
  const files = json("sharedCredentialsFiles");
  if (files !== undefined && !Array.isArray(files)) throw new Error("Invalid configuration aws:sharedCredentialsFiles: expected a list of paths");
  const profile = get("profile");
  return {
    ...(profile ? { profile } : {}),
    ...(files ? { sharedCredentialsFiles: files as string[] } : {}),
    assumeRoles,
    defaultTags: (tags?.tags as Record<string, string> | undefined) ?? {},
  };
}

/** Provider arguments for one region: the honoured aws: settings, extra roles to assume after them, and the tags. */
export function providerArgs(region: string, aws_: AwsProviderSettings, tags: Record<string, string>, extraRoles: AssumeRole[] = []): aws.ProviderArgs {
  const roles = [...aws_.assumeRoles, ...extraRoles];
  return {
    region: region as aws.Region,
    ...(aws_.profile ? { profile: aws_.profile } : {}),
    ...(aws_.sharedCredentialsFiles ? { sharedCredentialsFiles: aws_.sharedCredentialsFiles } : {}),
    ...(roles.length > 0 ? { assumeRoles: roles } : {}),
    defaultTags: { tags: { ...aws_.defaultTags, ...tags } },
  };
}
