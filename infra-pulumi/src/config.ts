// Deployment settings: every key Pulumi.yaml declares, parsed and validated in one place so a bad value fails
// `pulumi preview` with a message naming the key, before anything is created.

import { partitionOf } from "./partitions";

export type RuntimeMode = "aot" | "managed";
export type Architecture = "x86_64" | "arm64";

export interface StackSettings {
  /** Security Hub home region: the function, its queue, alarms and schedule live here. */
  homeRegion: string;
  /** Native AOT `bootstrap` on provided.al2023 (default) or the managed dotnet10 runtime. */
  runtimeMode: RuntimeMode;
  /** CPU architecture; managed mode always runs on arm64. */
  architecture: Architecture;
  memorySizeMb: number;
  timeoutSeconds: number;
  /** 12-digit account ids treated as CIS Level 1 (hardware MFA not required); may be empty. */
  level1Accounts: string[];
  /** Bus for "Root MFA Compliance Changed" events: a name, an ARN, or "none". */
  eventBus: string;
  logLevel: string;
  tracing: boolean;
  logRetentionDays: number;
  schedule: string;
  maxRetryAttempts: number;
  maxEventAgeSeconds: number;
  /** SNS topic ARN the home-region alarms notify; undefined means the stack creates its own topic. */
  alarmTopicArn: string | undefined;
  /** Email address subscribed to the topics the stack creates; undefined subscribes nobody. */
  alarmEmail: string | undefined;
  /** Hours without a successful evaluation before the heartbeat alarm fires (derived from the schedule by default). */
  heartbeatHours: number;
  /** Encrypt the created trail's log files with a customer managed KMS key (Security Hub CloudTrail.2). */
  trailKms: boolean;
  /** Tags for every taggable resource, on top of the product's own tags. */
  tags: Record<string, string>;
  createTrail: boolean;
  trailBucketExpirationDays: number;
  /** Already-published package folder; undefined means publish now with build/publish-function.sh. */
  functionPackageDir: string | undefined;
  /** Level 2 policy mode: "strict" or "at-least-one-hardware". */
  mfaPolicy: "strict" | "at-least-one-hardware";
  /** Org mode settings; undefined for the single-account stack. */
  org: OrgSettings | undefined;
}

export interface OrgSettings {
  /** The organization id (o-...), for the central bus policy's aws:PrincipalOrgID condition. */
  organizationId: string;
  /** OUs (ou-... or the root r-...) the member StackSet auto-deploys to. */
  targetOuIds: string[];
  /** External id the member audit role's trust policy requires. */
  externalId: string;
  /** Explicit accounts; empty lists the organization with organizations:ListAccounts. */
  accounts: string[];
  concurrency: number;
  /** Grant sts:AssumeRoot with the IAMAuditRootUserCredentials task policy and read root's device inventory. */
  rootInventory: boolean;
  /** "DELEGATED_ADMIN" when this account is a CloudFormation StackSets delegated administrator, "SELF" in the management account. */
  stackSetCallAs: "SELF" | "DELEGATED_ADMIN";
  /** A role in the management account the deployer can assume, to give it the members' stack; undefined leaves it out. */
  managementRoleArn: string | undefined;
}

/** Reads one raw config value by key; undefined when the key is not set. */
export type ConfigSource = (key: string) => string | undefined;

/** Defaults, identical to the `default:` entries in Pulumi.yaml (a test keeps the two in step). */
export const DEFAULTS = {
  runtimeMode: "aot",
  architecture: "x86_64",
  memorySize: 0,
  timeoutSeconds: 0,
  level1Accounts: "",
  eventBus: "default",
  logLevel: "info",
  tracing: false,
  logRetentionDays: 90,
  schedule: "rate(12 hours)",
  maxRetryAttempts: 2,
  maxEventAgeSeconds: 3600,
  alarmTopicArn: "",
  alarmEmail: "",
  heartbeatHours: 0,
  createTrail: false,
  trailKms: true,
  tags: "",
  trailBucketExpirationDays: 365,
  functionPackageDir: "",
  mfaPolicy: "strict",
  orgMode: false,
  orgId: "",
  orgTargetOuIds: "",
  orgExternalId: "",
  orgAccounts: "",
  orgConcurrency: 16,
  orgRootInventory: false,
  orgStackSetCallAs: "DELEGATED_ADMIN",
  orgManagementRoleArn: "",
} as const;

/** The member audit role every account gets from the org StackSet; the function's AssumeRole grant names this path. */
export const AUDIT_ROLE_NAME = "SecHubRootMfaAudit";
export const AUDIT_ROLE_PATH = "/sechubrootmfa/";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
const BUS_NAME = /^[A-Za-z0-9._\-/]{1,256}$/;
const BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]{1,256}$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export class ConfigError extends Error {
  constructor(key: string, message: string) {
    super(`Invalid configuration sechubrootmfa:${key}: ${message}`);
    this.name = "ConfigError";
  }
}

/** Parses and validates every setting; throws ConfigError naming the first bad key. */
export function parseSettings(get: ConfigSource): StackSettings {
  const str = (key: string, fallback: string): string => {
    const v = get(key);
    return v === undefined ? fallback : v.trim();
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = get(key);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(key, `expected a whole number, got "${raw}"`);
    const n = Number(raw.trim());
    if (n < min || n > max) throw new ConfigError(key, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  // 0 means "size by mode" (see autoMemory and docs/benchmarks.md); any other value must be in range.
  const sized = (key: string, fallback: number, min: number, max: number, auto: number): number => {
    const n = int(key, fallback, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (n === 0) return auto;
    if (n < min || n > max) throw new ConfigError(key, `must be between ${min} and ${max} (or 0 for the default by mode), got ${n}`);
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = get(key);
    if (raw === undefined) return fallback;
    const v = raw.trim().toLowerCase();
    if (v === "true") return true;
    if (v === "false") return false;
    throw new ConfigError(key, `expected true or false, got "${raw}"`);
  };

  const homeRegion = get("homeRegion")?.trim();
  if (!homeRegion) {
    throw new ConfigError("homeRegion", "required; set it to your Security Hub home region, e.g. `pulumi config set homeRegion eu-west-1`");
  }
  if (!REGION.test(homeRegion)) throw new ConfigError("homeRegion", `"${homeRegion}" is not an AWS region name (like eu-west-1)`);

  const runtimeMode = str("runtimeMode", DEFAULTS.runtimeMode);
  if (runtimeMode !== "aot" && runtimeMode !== "managed") {
    throw new ConfigError("runtimeMode", `must be "aot" (provided.al2023, Native AOT bootstrap) or "managed" (dotnet10), got "${runtimeMode}"`);
  }
  const arch = str("architecture", DEFAULTS.architecture);
  if (arch !== "x86_64" && arch !== "arm64") throw new ConfigError("architecture", `must be "x86_64" or "arm64", got "${arch}"`);

  const level1Raw = str("level1Accounts", DEFAULTS.level1Accounts);
  const level1Accounts = level1Raw === "" ? [] : level1Raw.split(",").map((s) => s.trim());
  for (const id of level1Accounts) {
    if (!ACCOUNT_ID.test(id)) throw new ConfigError("level1Accounts", `"${id}" is not a 12-digit AWS account id (list is comma-separated)`);
  }
  if (new Set(level1Accounts).size !== level1Accounts.length) throw new ConfigError("level1Accounts", "lists an account id twice");

  const eventBus = str("eventBus", DEFAULTS.eventBus);
  if (eventBus.startsWith("arn:")) {
    if (!BUS_ARN.test(eventBus)) {
      throw new ConfigError("eventBus", `"${eventBus}" is not an event bus ARN (arn:<partition>:events:<region>:<account>:event-bus/<name>)`);
    }
  } else if (eventBus !== "none" && !BUS_NAME.test(eventBus)) {
    throw new ConfigError("eventBus", `must be "none", an event bus name or an event bus ARN, got "${eventBus}"`);
  }

  const logLevel = str("logLevel", DEFAULTS.logLevel).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError("logLevel", `must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }

  const logRetentionDays = int("logRetentionDays", DEFAULTS.logRetentionDays, 1, 3653);
  if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    throw new ConfigError("logRetentionDays", `${logRetentionDays} is not a CloudWatch Logs retention value; use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`);
  }

  const schedule = str("schedule", DEFAULTS.schedule);
  const scheduleProblem = checkSchedule(schedule);
  if (scheduleProblem) throw new ConfigError("schedule", scheduleProblem);

  const alarmTopic = str("alarmTopicArn", DEFAULTS.alarmTopicArn);
  if (alarmTopic !== "" && !SNS_ARN.test(alarmTopic)) throw new ConfigError("alarmTopicArn", `"${alarmTopic}" is not an SNS topic ARN`);

  const alarmEmail = str("alarmEmail", DEFAULTS.alarmEmail);
  if (alarmEmail !== "" && !/^[^@\s,]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/.test(alarmEmail)) {
    throw new ConfigError("alarmEmail", `"${alarmEmail.slice(0, 80)}" is not an email address`);
  }
  const heartbeatHours = int("heartbeatHours", DEFAULTS.heartbeatHours, 0, MAX_HEARTBEAT_HOURS);
  const tags = parseTags(str("tags", DEFAULTS.tags));

  const packageDir = str("functionPackageDir", DEFAULTS.functionPackageDir);

  const mfaPolicy = str("mfaPolicy", DEFAULTS.mfaPolicy);
  if (mfaPolicy !== "strict" && mfaPolicy !== "at-least-one-hardware") {
    throw new ConfigError("mfaPolicy", `must be "strict" or "at-least-one-hardware", got "${mfaPolicy}"`);
  }

  let org: OrgSettings | undefined;
  if (bool("orgMode", DEFAULTS.orgMode)) {
    const organizationId = str("orgId", DEFAULTS.orgId);
    if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) throw new ConfigError("orgId", `required in org mode: the organization id (o-...), got "${organizationId}"`);
    const ous = list(str("orgTargetOuIds", DEFAULTS.orgTargetOuIds));
    if (ous.length === 0) throw new ConfigError("orgTargetOuIds", "required in org mode: comma-separated OU ids (ou-...) or the root id (r-...) to deploy member roles to");
    for (const ou of ous) {
      if (!/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/.test(ou)) throw new ConfigError("orgTargetOuIds", `"${ou}" is not an OU id (ou-...) or root id (r-...)`);
    }
    const externalId = str("orgExternalId", DEFAULTS.orgExternalId);
    if (!/^[A-Za-z0-9+=,.@:\/_-]{2,1224}$/.test(externalId)) throw new ConfigError("orgExternalId", "required in org mode: 2-1224 of letters, digits and +=,.@:/-_");
    const accounts = list(str("orgAccounts", DEFAULTS.orgAccounts));
    for (const id of accounts) {
      if (!ACCOUNT_ID.test(id)) throw new ConfigError("orgAccounts", `"${id}" is not a 12-digit AWS account id (list is comma-separated)`);
    }
    const callAs = str("orgStackSetCallAs", DEFAULTS.orgStackSetCallAs);
    if (callAs !== "SELF" && callAs !== "DELEGATED_ADMIN") throw new ConfigError("orgStackSetCallAs", `must be "SELF" or "DELEGATED_ADMIN", got "${callAs}"`);
    const managementRole = str("orgManagementRoleArn", DEFAULTS.orgManagementRoleArn);
    // Org mode's member stacks live in us-east-1 of the commercial partition (MEMBER_EVENTS_REGION), so only aws roles.
    if (managementRole !== "" && !/^arn:aws:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/.test(managementRole)) {
      throw new ConfigError("orgManagementRoleArn", `"${managementRole}" is not an IAM role ARN of the aws partition (arn:aws:iam::<management account>:role/<name>)`);
    }
    org = {
      organizationId,
      targetOuIds: ous,
      externalId,
      accounts,
      concurrency: int("orgConcurrency", DEFAULTS.orgConcurrency, 1, 256),
      rootInventory: bool("orgRootInventory", DEFAULTS.orgRootInventory),
      stackSetCallAs: callAs,
      managementRoleArn: managementRole === "" ? undefined : managementRole,
    };
  }

  // Only root's device inventory (org mode, orgRootInventory) shows hardware devices: without it the policy could accept
  // nothing more than strict, and the function refuses to start with it (SECHUBROOTMFA_MFA_POLICY names the gap).
  if (mfaPolicy === "at-least-one-hardware" && !org?.rootInventory) {
    throw new ConfigError("mfaPolicy", `"at-least-one-hardware" needs root's device inventory: set orgMode=true and orgRootInventory=true, or use "strict"`);
  }

  return {
    homeRegion,
    runtimeMode,
    architecture: runtimeMode === "managed" ? "arm64" : arch,
    memorySizeMb: sized("memorySize", DEFAULTS.memorySize, 128, 10240, autoMemory(runtimeMode, org !== undefined)),
    timeoutSeconds: sized("timeoutSeconds", DEFAULTS.timeoutSeconds, 1, 900, org !== undefined ? 900 : 60),
    level1Accounts,
    eventBus,
    logLevel,
    tracing: bool("tracing", DEFAULTS.tracing),
    logRetentionDays,
    schedule,
    maxRetryAttempts: int("maxRetryAttempts", DEFAULTS.maxRetryAttempts, 0, 2),
    maxEventAgeSeconds: int("maxEventAgeSeconds", DEFAULTS.maxEventAgeSeconds, 60, 21600),
    alarmTopicArn: alarmTopic === "" ? undefined : alarmTopic,
    alarmEmail: alarmEmail === "" ? undefined : alarmEmail,
    heartbeatHours: heartbeatHours === 0 ? defaultHeartbeatHours(schedule) : heartbeatHours,
    trailKms: bool("trailKms", DEFAULTS.trailKms),
    tags,
    createTrail: bool("createTrail", DEFAULTS.createTrail),
    trailBucketExpirationDays: int("trailBucketExpirationDays", DEFAULTS.trailBucketExpirationDays, 1, 3650),
    functionPackageDir: packageDir === "" ? undefined : packageDir,
    mfaPolicy,
    org,
  };
}

/** CloudWatch evaluates an alarm over at most 7 days of hourly periods. */
export const MAX_HEARTBEAT_HOURS = 168;

/**
 * The heartbeat window: the schedule's interval plus one hour of slack (a run may start late and take minutes); a cron
 * schedule is assumed to run at least daily (25 hours). Set heartbeatHours for anything rarer.
 */
export function defaultHeartbeatHours(schedule: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (!rate) return 25;
  const minutes = Number(rate[1]) * (rate[2]!.startsWith("minute") ? 1 : rate[2]!.startsWith("hour") ? 60 : 1440);
  return Math.min(MAX_HEARTBEAT_HOURS, Math.ceil(minutes / 60) + 1);
}

/** Tags from config: a JSON object of string values, within AWS's tag limits; "aws:" keys are AWS's own. */
export function parseTags(raw: string): Record<string, string> {
  if (raw === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError("tags", `expected a JSON object like {"team":"security"}, got "${raw.slice(0, 80)}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError("tags", "expected a JSON object of tag names to values");
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > 40) throw new ConfigError("tags", `at most 40 tags (AWS allows 50 per resource and the product adds its own), got ${entries.length}`);
  for (const [k, v] of entries) {
    if (typeof v !== "string") throw new ConfigError("tags", `the value of "${k.slice(0, 128)}" must be a string`);
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith("aws:")) throw new ConfigError("tags", `"${k.slice(0, 128)}" is not a tag key you can set (1-128 characters, not starting with aws:)`);
    if (v.length > 256) throw new ConfigError("tags", `the value of "${k}" is longer than 256 characters`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function list(raw: string): string[] {
  return raw === "" ? [] : raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Returns why an EventBridge schedule expression is invalid, or undefined when it is valid. */
export function checkSchedule(expr: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    if (value < 1) return `rate value must be at least 1 in "${expr}"`;
    const plural = unit.endsWith("s");
    if (value === 1 && plural) return `EventBridge needs the singular unit for 1: "rate(1 ${unit.slice(0, -1)})", not "${expr}"`;
    if (value > 1 && !plural) return `EventBridge needs the plural unit above 1: "rate(${value} ${unit}s)", not "${expr}"`;
    return undefined;
  }
  const cron = /^cron\((.+)\)$/.exec(expr);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) return `cron expressions have 6 fields (minutes hours day-of-month month day-of-week year), "${expr}" has ${fields.length}`;
    if (fields[2] !== "?" && fields[4] !== "?") return `one of day-of-month or day-of-week must be "?" in "${expr}"`;
    return undefined;
  }
  return `"${expr}" is not an EventBridge schedule expression; use rate(<n> <minutes|hours|days>) or cron(<6 fields>)`;
}

/** Region where IAM and root sign-in events are delivered to EventBridge in the home region's partition (contracts/partitions.json). */
export function globalEventsRegion(homeRegion: string): string {
  return partitionOf(homeRegion).globalEventsRegion;
}

/**
 * Memory by mode, from docs/benchmarks.md: the AOT function peaks near 41 MiB but its cold start is CPU-bound, and
 * CPU scales with memory, so 256 MB; the managed build grows past 94 MiB and JIT-compiles at start, and an org run
 * holds hundreds of accounts in flight, so 512 MB.
 */
export function autoMemory(runtimeMode: RuntimeMode, orgMode: boolean): number {
  return runtimeMode === "managed" || orgMode ? 512 : 256;
}
