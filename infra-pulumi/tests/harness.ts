// Test harness: Pulumi mocks that record every resource (type, logical name, inputs, provider region) and fake
// the attributes AWS would compute (ARNs, URLs), so the real program runs offline with a fixture package.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings, type StackSettings } from "../src/config";
import { prebuiltBuilder, variantName } from "../src/build";
import { createStack, type StackOutputs } from "../src/stack";
import type { AwsProviderSettings } from "../src/providers";

export const ACCOUNT = "111122223333";
export const FIXTURE_DIR = path.join(__dirname, "fixtures", "function");

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Region of the explicit provider the resource was created with. */
  region: string | undefined;
  /** Logical name of that provider. */
  provider: string | undefined;
  /** Input paths (like "environment.variables.X") Pulumi received as secrets, so they are encrypted in the state. */
  secretPaths: string[];
  /** URNs this resource is aliased to (its names before the component existed). */
  aliases: string[];
  /** The URN the engine gives it: the parent chain's types, its type and its name. */
  urn: string;
}

// Pulumi's wire marker for a secret value (sdk/nodejs/runtime/rpc.ts specialSigKey / specialSecretSig).
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces secret wrappers by their values, collecting where they were. */
function unwrapSecrets(v: any, at: string, found: string[]): any {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    if (v[SIG] === SECRET_SIG) {
      found.push(at);
      return unwrapSecrets(v.value, at, found);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x, at ? `${at}.${k}` : k, found)]));
  }
  if (Array.isArray(v)) return v.map((x, i) => unwrapSecrets(x, `${at}[${i}]`, found));
  return v;
}

// Aliases and parents are resource options, which mocks never see: a stack transformation records them by resource name.
const aliasesByName = new Map<string, string[]>();
const urnsByName = new Map<string, string>();
// A URN's type is the parent's qualified type, "$", the resource's type (the engine's rule; the mock monitor keeps only
// the parent's last type, so the chain is kept here).
const qualifiedTypes = new WeakMap<pulumi.Resource, string>();
const recordOptions: pulumi.ResourceTransformation = (a) => {
  const urns = (a.opts.aliases ?? []).map((x) => pulumi.output(x as pulumi.Input<string>));
  // createUrn gives an Output; mocks resolve it at once, before the resource is registered.
  void pulumi.all(urns).apply((u) => aliasesByName.set(`${a.type}::${a.name}`, u));
  const parentType = a.opts.parent ? qualifiedTypes.get(a.opts.parent) : undefined;
  const qualified = parentType ? `${parentType}$${a.type}` : a.type;
  qualifiedTypes.set(a.resource, qualified);
  urnsByName.set(`${a.type}::${a.name}`, `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${a.name}`);
  return undefined;
};

const recorded: Recorded[] = [];
/** Every registration, providers included, in order. */
const registered: Array<{ urn: string; type: string; name: string; provider: string | undefined; inputs: Record<string, any>; aliases: string[] }> = [];
const providerRegions = new Map<string, string>();
const providerInputs = new Map<string, Record<string, any>>();

/** The inputs of the explicit AWS provider with this logical name (its region, assumed roles, ...). */
export function provider(name: string): Record<string, any> {
  const inputs = providerInputs.get(name);
  if (!inputs) throw new Error(`no provider named ${name}`);
  return inputs;
}

/** The URN recorded by deploy()'s transformation; a program run without it (index.test.ts runs index.ts as is) has none. */
function urnOf(type: string, name: string): string {
  return urnsByName.get(`${type}::${name}`) ?? `(not recorded: ${type}::${name} was created outside deploy())`;
}

function fakeState(type: string, name: string, inputs: Record<string, any>, region: string): Record<string, any> {
  const physical: string = inputs.name ?? `${name}-1234567`;
  switch (type) {
    case "aws:cloudwatch/eventRule:EventRule":
      // A rule on a custom bus has the bus in its ARN (IAM's rule-on-custom-event-bus resource type).
      return { name: physical, arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${inputs.eventBusName ? `${inputs.eventBusName}/` : ""}${physical}` };
    case "aws:lambda/function:Function":
      return { arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${physical}`, name: physical };
    case "aws:sqs/queue:Queue":
      return { name: physical, arn: `arn:aws:sqs:${region}:${ACCOUNT}:${physical}`, url: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${physical}` };
    case "aws:iam/role:Role":
      return { name: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${physical}` };
    case "aws:s3/bucket:Bucket":
      return { bucket: `${inputs.bucketPrefix ?? name}abc123`, arn: `arn:aws:s3:::${inputs.bucketPrefix ?? name}abc123` };
    case "aws:cloudwatch/eventBus:EventBus":
      return { name: physical, arn: `arn:aws:events:${region}:${ACCOUNT}:event-bus/${physical}` };
    case "aws:cloudformation/stackSet:StackSet":
      return { name: physical, arn: `arn:aws:cloudformation:${region}:${ACCOUNT}:stackset/${physical}:0000-EXAMPLE` };
    case "aws:cloudformation/stack:Stack":
      return { name: physical, outputs: {} };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${name}-0000` };
    case "aws:sns/topic:Topic":
      return { name: physical, arn: `arn:aws:sns:${region}:${ACCOUNT}:${physical}` };
    case "aws:cloudtrail/trail:Trail":
      return { arn: `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${physical}` };
    default:
      return {};
  }
}

pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type === "pulumi:providers:aws") {
        const region = String(args.inputs.region);
        providerRegions.set(args.name, region);
        providerInputs.set(args.name, { ...args.inputs, aliases: aliasesByName.get(`${args.type}::${args.name}`) ?? [] });
        registered.push({ urn: urnOf(args.type, args.name), type: args.type, name: args.name, provider: undefined, inputs: args.inputs, aliases: aliasesByName.get(`${args.type}::${args.name}`) ?? [] });
        return { id: `${args.name}-provider-id`, state: args.inputs };
      }
      // A provider reference is "<urn>::<id>"; the URN ends with the provider's logical name.
      const providerName = args.provider?.split("::").at(-2);
      const region = providerName ? providerRegions.get(providerName) : undefined;
      const secretPaths: string[] = [];
      const inputs = unwrapSecrets(args.inputs, "", secretPaths);
      args = { ...args, inputs };
      const aliases = aliasesByName.get(`${args.type}::${args.name}`) ?? [];
      recorded.push({ type: args.type, name: args.name, inputs, region, provider: providerName, secretPaths, aliases, urn: urnOf(args.type, args.name) });
      registered.push({ urn: urnOf(args.type, args.name), type: args.type, name: args.name, provider: providerName, inputs, aliases });
      const state = fakeState(args.type, args.name, args.inputs, region ?? "unset-region");
      const id = state.bucket ?? state.name ?? `${args.name}-id`;
      return { id, state: { ...args.inputs, ...state } };
    },
    call(args) {
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
        return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, userId: "AIDACKCEVSQ6C2EXAMPLE", id: ACCOUNT };
      }
      if (args.token === "aws:index/getPartition:getPartition") {
        return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
      }
      throw new Error(`unexpected invoke ${args.token}`);
    },
  },
  "sechubrootmfa",
  "test",
  false,
);

export function settingsWith(values: Record<string, string>): StackSettings {
  return parseSettings((key) => values[key]);
}

export interface Deployed {
  outputs: StackOutputs;
  resources: Recorded[];
  /** Every resource this run registered, providers and the component included, with its URN. */
  registrations: Array<{ urn: string; type: string; name: string; provider: string | undefined; inputs: Record<string, any>; aliases: string[] }>;
  /** Where this run wrote the deterministic zip. */
  artifactsDir: string;
  /** Resolved value of an output. */
  value<T>(o: pulumi.Output<T>): Promise<T>;
  ofType(type: string): Recorded[];
  one(type: string, name: string): Recorded;
}

export function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}

/** Runs the real program with these config values (homeRegion defaults to us-east-1) and the fixture package. */
export async function deploy(config: Record<string, string> = {}, awsSettings?: AwsProviderSettings): Promise<Deployed> {
  const settings = settingsWith({ homeRegion: "us-east-1", ...config });
  const before = recorded.length;
  const registeredBefore = registered.length;
  const artifactsDir = fs.mkdtempSync(path.join(os.tmpdir(), "sechubrootmfa-artifacts-"));
  const outputs = createStack({ settings, builder: prebuiltBuilder(variantFixture(settings)), artifactsDir, stackName: "test", aws: awsSettings }, { transformations: [recordOptions] });
  await value(pulumi.all([outputs.functionArn, outputs.failureQueueUrl, outputs.packageSha256, ...Object.values(outputs.ruleArns)]));
  const settle = require("@pulumi/pulumi/runtime/settings").waitForRPCs as () => Promise<void>;
  await settle();
  const resources = recorded.slice(before);
  return {
    outputs,
    resources,
    registrations: registered.slice(registeredBefore),
    artifactsDir,
    value,
    ofType: (type) => resources.filter((r) => r.type === type),
    one(type, name) {
      const found = resources.filter((r) => r.type === type && r.name === name);
      if (found.length !== 1) throw new Error(`expected exactly one ${type} named ${name}, found ${found.length}`);
      return found[0]!;
    },
  };
}

function variantFixture(settings: StackSettings): string {
  return path.join(FIXTURE_DIR, variantName({ mode: settings.runtimeMode, arch: settings.architecture }));
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
}

export function statements(policyJson: string): PolicyStatement[] {
  const doc = JSON.parse(policyJson) as { Version: string; Statement: PolicyStatement[] };
  if (doc.Version !== "2012-10-17") throw new Error(`unexpected policy version ${doc.Version}`);
  return doc.Statement;
}

export const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** Every (action, resource) pair an allow statement grants. */
export function grants(policyJson: string): Array<{ action: string; resource: string }> {
  return statements(policyJson)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => asList(s.Action).flatMap((action) => asList(s.Resource).map((resource) => ({ action, resource }))));
}
