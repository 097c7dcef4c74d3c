// Publishing and packaging the function. The program runs build/publish-function.sh on every preview and
// update (no source-hash cache): a cache keyed on sources can miss inputs (SDK version, props files, the
// script itself), while publishing every time cannot deploy a stale build. The package is zipped
// deterministically (sorted entries, fixed timestamps, fixed modes), so an unchanged build gives the same
// sha256 and Pulumi sees no change to the function.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { Architecture, RuntimeMode } from "./config";

export interface PackageRequest {
  mode: RuntimeMode;
  arch: Architecture;
}

/** Produces the published package for a request and resolves to the folder holding it; rejects when it cannot. */
export type FunctionBuilder = (request: PackageRequest) => Promise<string>;

/** Where progress goes: Pulumi's log (pulumi.log.info) in the program, a list in the tests. */
export type ProgressLog = (message: string) => void;

export interface FunctionPackage {
  /** Deterministic zip of the published folder. */
  zipPath: string;
  /** base64 sha256 of the zip bytes: the value Lambda reports as CodeSha256. */
  sha256Base64: string;
}

export const PUBLISH_SCRIPT = "build/publish-function.sh";

/** The exact command that publishes the package for this request (run from the repository root). */
// Managed mode publishes ReadyToRun code for the function's architecture too: code precompiled for x86_64 would be
// rejected by the arm64 runtime and JIT-compiled at every cold start.
export function publishCommand(request: PackageRequest): string {
  return `${PUBLISH_SCRIPT} --mode ${request.mode} --arch ${request.arch}`;
}

/** Folder name under artifacts/function/ that the publish script writes for this request. */
export function variantName(request: PackageRequest): string {
  return request.mode === "managed" ? (request.arch === "arm64" ? "managed-arm64" : "managed") : `aot-${request.arch}`;
}

/** The file a published package must contain (the script's contract). */
export function entryFile(request: PackageRequest): string {
  return request.mode === "managed" ? "SecHubRootMfa.Function.dll" : "bootstrap";
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
  /** The last lines the process printed (stdout and stderr interleaved). */
  tail: string[];
}

/** Runs a command, handing each output line to `onLine` as it arrives. */
export type Runner = (file: string, args: string[], cwd: string, onLine: (line: string) => void) => Promise<RunResult>;

const TAIL_LINES = 20;

const defaultRunner: Runner = (file, args, cwd, onLine) =>
  new Promise((resolve) => {
    const tail: string[] = [];
    const child = spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: 30 * 60 * 1000 });
    const feed = (stream: NodeJS.ReadableStream) => {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop() ?? "";
        for (const l of lines) take(l);
      });
      stream.on("end", () => { if (pending !== "") take(pending); });
    };
    const take = (line: string) => {
      const clean = line.replace(/\r$/, "");
      if (clean.trim() === "") return;
      tail.push(clean);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine(clean);
    };
    feed(child.stdout);
    feed(child.stderr);
    let error: Error | undefined;
    child.on("error", (e) => { error = e; });
    child.on("close", (status, signal) => resolve({ status, signal, tail, ...(error ? { error } : {}) }));
  });

/**
 * Builder that runs build/publish-function.sh in `repoRoot` and resolves to artifacts/function/<variant>. Every line
 * the script prints goes to `log`, so `pulumi up` shows the publish (about two minutes the first time) as it runs.
 */
export function scriptBuilder(repoRoot: string, log: ProgressLog, run: Runner = defaultRunner): FunctionBuilder {
  return async (request) => {
    const command = publishCommand(request);
    const script = path.join(repoRoot, PUBLISH_SCRIPT);
    const howToFix = `Run this from the repository root (${repoRoot}), fix what it reports, then run pulumi again:\n  ${command}`;
    if (!fs.existsSync(script)) {
      throw new Error(`Cannot publish the function: ${PUBLISH_SCRIPT} is missing. ${howToFix}`);
    }
    const args = [PUBLISH_SCRIPT, ...command.split(" ").slice(1)];
    const started = Date.now();
    log(`Publishing the function (${command}); the first build takes a few minutes...`);
    const result = await run("bash", args, repoRoot, (line) => log(`publish: ${line.slice(0, 500)}`));
    if (result.error || result.status !== 0) {
      const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
      const tail = result.tail.join("\n");
      throw new Error(`Publishing the function failed (${why}). ${howToFix}${tail ? `\nLast output:\n${tail}` : ""}`);
    }
    const dir = path.join(repoRoot, "artifacts", "function", variantName(request));
    requireEntry(dir, request, `${PUBLISH_SCRIPT} succeeded but did not write`, howToFix);
    log(`Published the function in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
    return dir;
  };
}

/** Builder for a package someone already published (CI pipelines, tests); it only checks the folder. */
export function prebuiltBuilder(dir: string): FunctionBuilder {
  return async (request) => {
    requireEntry(dir, request, "functionPackageDir does not contain", `Publish it with: ${publishCommand(request)}`);
    return dir;
  };
}

function requireEntry(dir: string, request: PackageRequest, what: string, howToFix: string): void {
  const entry = path.join(dir, entryFile(request));
  if (!fs.statSync(entry, { throwIfNoEntry: false })?.isFile()) {
    throw new Error(`${what} ${entry}. ${howToFix}`);
  }
}

/** Zips `dir` deterministically into `zipPath` (bootstrap and executables 0755, other files 0644). */
export function packageFunction(dir: string, zipPath: string): FunctionPackage {
  const files = listFiles(dir);
  if (files.length === 0) throw new Error(`The function package folder ${dir} is empty`);
  const bytes = buildZip(
    files.map((rel) => {
      const full = path.join(dir, rel);
      const executable = rel === "bootstrap" || (fs.statSync(full).mode & 0o111) !== 0;
      return { name: rel.split(path.sep).join("/"), data: fs.readFileSync(full), mode: executable ? 0o755 : 0o644 };
    }),
  );
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  fs.writeFileSync(zipPath, bytes);
  return { zipPath, sha256Base64: createHash("sha256").update(bytes).digest("base64") };
}

function listFiles(root: string, rel = ""): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel === "" ? e.name : path.join(rel, e.name);
    if (e.isDirectory()) out.push(...listFiles(root, r));
    else if (e.isFile()) out.push(r);
    else throw new Error(`The function package may hold only regular files and folders; ${path.join(root, r)} is neither`);
  }
  return out;
}

interface ZipEntry {
  name: string;
  data: Buffer;
  mode: number;
}

// DOS date/time for 1980-01-01 00:00:00, the earliest a zip can record: fixed so the bytes depend only on content.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const compressed = zlib.deflateRawSync(e.data, { level: 9 });
    const crc = zlib.crc32(e.data) >>> 0;
    if (e.data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error("Function package too large for a non-zip64 archive");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so external attributes carry the file mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38); // regular file + permission bits
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}
