// build/publish-function.sh itself (the script `pulumi up` runs): its runtime pin agrees with global.json, and on a
// machine that cannot build it fails at once naming what is missing. Fake tools only; no dotnet build runs here.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.join(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "build", "publish-function.sh");

/** A copy of the repository's script and global.json in a scratch repository, with `tools` (name -> bash body) on PATH. */
function scratch(tools: Record<string, string>, linked: string[]): { root: string; env: NodeJS.ProcessEnv } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sechubrootmfa-publish-"));
  fs.mkdirSync(path.join(root, "build"));
  fs.copyFileSync(SCRIPT, path.join(root, "build", "publish-function.sh"));
  fs.copyFileSync(path.join(REPO, "global.json"), path.join(root, "global.json"));
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin);
  // Only the named real tools are reachable: a machine without the others.
  for (const tool of linked) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    assert.ok(found, `${tool} exists on this machine`);
    fs.symlinkSync(found, path.join(bin, tool));
  }
  for (const [name, body] of Object.entries(tools)) fs.writeFileSync(path.join(bin, name), `#!${bin}/bash\n${body}\n`, { mode: 0o755 });
  return { root, env: { PATH: bin, HOME: root } };
}

const BASICS = ["bash", "sed", "grep", "od", "tr", "wc", "date", "mkdir", "cp", "chmod", "cat", "rm", "dirname", "head", "sleep", "basename"];
const run = (s: { root: string; env: NodeJS.ProcessEnv }, args: string[]) =>
  spawnSync(path.join(s.root, "bin", "bash"), [path.join(s.root, "build", "publish-function.sh"), ...args], { cwd: s.root, env: s.env, encoding: "utf8", timeout: 60_000 });

describe("build/publish-function.sh", () => {
  it("accepts exactly the runtime band global.json pins, with a roll-forward that stays in it", () => {
    const global = JSON.parse(fs.readFileSync(path.join(REPO, "global.json"), "utf8"));
    const band = spawnSync("bash", [SCRIPT, "--print-runtime-band"], { encoding: "utf8" }).stdout.trim();
    assert.equal(band, (global.sdk.version as string).split(".").slice(0, 2).join("."));
    // latestFeature/latestPatch stay on 10.0.x; latestMinor or latestMajor would leave the band the script accepts.
    assert.ok(["patch", "feature", "latestPatch", "latestFeature"].includes(global.sdk.rollForward), global.sdk.rollForward);
    const props = fs.readFileSync(path.join(REPO, "Directory.Build.props"), "utf8") + fs.readFileSync(path.join(REPO, "src", "SecHubRootMfa.Function", "SecHubRootMfa.Function.csproj"), "utf8");
    assert.match(props, new RegExp(`<TargetFramework>net${band.replace(".", "\\.")}</TargetFramework>`), "the function targets the same runtime");
    assert.doesNotMatch(fs.readFileSync(SCRIPT, "utf8"), /expected_runtime=|10\.0\.\d+/, "no servicing version hard-coded in the script");
  });

  it("fails at once naming dotnet when it is missing, not after waiting on a lock", () => {
    const s = scratch({ uname: 'echo Linux' }, BASICS);
    const r = run(s, ["--mode", "managed", "--arch", "arm64"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /needs 'dotnet' on PATH: install the \.NET 10\.0 SDK/);
    assert.doesNotMatch(r.stderr, /lock/);
  });

  it("refuses Native AOT on a non-Linux host and points at runtimeMode=managed or functionPackageDir", () => {
    const s = scratch({ uname: 'echo Darwin', dotnet: 'exit 0' }, BASICS);
    const r = run(s, ["--mode", "aot", "--arch", "arm64"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /builds only on a Linux host, not Darwin.*runtimeMode managed.*functionPackageDir/);
  });

  it("needs no flock, GNU stat or readelf, and takes over a lock whose run has ended", () => {
    // A fake dotnet that fails the first evaluation: the script got past its tool checks and the lock.
    const s = scratch({ uname: 'echo Linux', dotnet: 'echo "fake dotnet $*" >&2; exit 1' }, BASICS);
    fs.mkdirSync(path.join(s.root, "artifacts", ".publish-function.lock.d"), { recursive: true });
    fs.writeFileSync(path.join(s.root, "artifacts", ".publish-function.lock.d", "pid"), "999999");
    const r = run(s, ["--mode", "managed", "--arch", "arm64"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /taking over the lock of finished run 999999/);
    assert.match(r.stderr, /could not evaluate the project's package downloads/);
    assert.equal(fs.existsSync(path.join(s.root, "artifacts", ".publish-function.lock.d")), false, "the lock is released on exit");
  });
});
