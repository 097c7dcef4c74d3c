// Publishing through build/publish-function.sh and the deterministic package zip (offline: fake scripts, no dotnet).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packageFunction, prebuiltBuilder, publishCommand, scriptBuilder } from "../src/build";

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sechubrootmfa-${prefix}-`));

/** A repository root whose build/publish-function.sh is the given bash body. */
function repoWithScript(body: string): string {
  const root = tmp("repo");
  fs.mkdirSync(path.join(root, "build"));
  fs.writeFileSync(path.join(root, "build", "publish-function.sh"), `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`, { mode: 0o755 });
  return root;
}

/** Entries of a zip as Python's zipfile reads them: name, unix mode, content. */
function readZip(zipPath: string): Array<{ name: string; mode: string; content: string }> {
  const script = "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([{'name':i.filename,'mode':oct((i.external_attr>>16)&0o777),'content':z.read(i).decode()} for i in z.infolist()]))";
  return JSON.parse(execFileSync("python3", ["-c", script, zipPath], { encoding: "utf8" }));
}

/** A builder over a fake repository that records what it logged. */
function logged(root: string): { build: ReturnType<typeof scriptBuilder>; lines: string[] } {
  const lines: string[] = [];
  return { build: scriptBuilder(root, (m) => lines.push(m)), lines };
}

describe("publishing the function", () => {
  it("names the exact publish command for each build, with the function's architecture in managed mode too", () => {
    assert.equal(publishCommand({ mode: "aot", arch: "x86_64" }), "build/publish-function.sh --mode aot --arch x86_64");
    assert.equal(publishCommand({ mode: "aot", arch: "arm64" }), "build/publish-function.sh --mode aot --arch arm64");
    assert.equal(publishCommand({ mode: "managed", arch: "arm64" }), "build/publish-function.sh --mode managed --arch arm64");
  });

  it("fails with the exact command to run when the publish script is missing", async () => {
    const root = tmp("empty");
    await assert.rejects(logged(root).build({ mode: "aot", arch: "x86_64" }),
      /build\/publish-function\.sh is missing\. Run this from the repository root .*\n  build\/publish-function\.sh --mode aot --arch x86_64$/s);
  });

  it("fails with the exit code, the exact command and the script's last output when publishing fails", async () => {
    const root = repoWithScript('echo "restoring..."; echo "error: dotnet not found" >&2; exit 3');
    await assert.rejects(logged(root).build({ mode: "aot", arch: "arm64" }), (e: unknown) => {
      const m = (e as Error).message;
      assert.match(m, /^Publishing the function failed \(exit code 3\)/);
      assert.match(m, /\n  build\/publish-function\.sh --mode aot --arch arm64\n/);
      assert.match(m, /restoring\.\.\.\nerror: dotnet not found$/);
      return true;
    });
  });

  it("runs the script with --mode/--arch from the repository root and returns the folder it wrote", async () => {
    const root = repoWithScript('echo "$PWD $*" > args.txt; mkdir -p artifacts/function/aot-arm64; printf bin > artifacts/function/aot-arm64/bootstrap');
    const dir = await logged(root).build({ mode: "aot", arch: "arm64" });
    assert.equal(dir, path.join(root, "artifacts", "function", "aot-arm64"));
    assert.equal(fs.readFileSync(path.join(root, "args.txt"), "utf8").trim(), `${root} --mode aot --arch arm64`);
  });

  it("publishes managed mode for arm64 (linux-arm64 ReadyToRun) and expects it in artifacts/function/managed-arm64", async () => {
    const root = repoWithScript('echo "$*" > args.txt; mkdir -p artifacts/function/managed-arm64; printf dll > artifacts/function/managed-arm64/SecHubRootMfa.Function.dll');
    assert.equal(await logged(root).build({ mode: "managed", arch: "arm64" }), path.join(root, "artifacts", "function", "managed-arm64"));
    assert.equal(fs.readFileSync(path.join(root, "args.txt"), "utf8").trim(), "--mode managed --arch arm64");
  });

  it("tells the user what it is doing while it publishes: the command, each line of the script's output, and the time taken", async () => {
    const root = repoWithScript('echo "restoring packages"; echo "warming up" >&2; mkdir -p artifacts/function/aot-x86_64; printf bin > artifacts/function/aot-x86_64/bootstrap; echo done-line');
    const { build, lines } = logged(root);
    await build({ mode: "aot", arch: "x86_64" });
    assert.match(lines[0]!, /^Publishing the function \(build\/publish-function\.sh --mode aot --arch x86_64\)/);
    assert.ok(lines.includes("publish: restoring packages"));
    assert.ok(lines.includes("publish: warming up"));
    assert.ok(lines.includes("publish: done-line"));
    assert.match(lines.at(-1)!, /^Published the function in \d+ s: .*aot-x86_64$/);
  });

  it("fails when the script exits 0 but did not write the package", async () => {
    const root = repoWithScript("exit 0");
    await assert.rejects(logged(root).build({ mode: "aot", arch: "x86_64" }),
      /succeeded but did not write .*artifacts\/function\/aot-x86_64\/bootstrap.*\n  build\/publish-function\.sh --mode aot --arch x86_64/s);
  });

  it("reports a spawn failure (e.g. no bash) as a publish failure with the command", async () => {
    const root = repoWithScript("exit 0");
    const noBash = async () => ({ status: null, signal: null, tail: [], error: new Error("spawn bash ENOENT") });
    await assert.rejects(scriptBuilder(root, () => {}, noBash)({ mode: "aot", arch: "x86_64" }), /failed \(spawn bash ENOENT\).*--mode aot --arch x86_64/s);
  });

  it("accepts an already-published folder only when it holds the entry file", async () => {
    const dir = tmp("prebuilt");
    await assert.rejects(prebuiltBuilder(dir)({ mode: "aot", arch: "x86_64" }),
      /functionPackageDir does not contain .*bootstrap\. Publish it with: build\/publish-function\.sh --mode aot --arch x86_64/);
    fs.writeFileSync(path.join(dir, "bootstrap"), "bin");
    assert.equal(await prebuiltBuilder(dir)({ mode: "aot", arch: "x86_64" }), dir);
  });
});

describe("packaging the function", () => {
  function publishedFolder(): string {
    const dir = tmp("pkg");
    fs.writeFileSync(path.join(dir, "bootstrap"), "native", { mode: 0o644 }); // even without the x bit on disk
    fs.writeFileSync(path.join(dir, "libSystem.Native.so"), "lib", { mode: 0o644 });
    fs.mkdirSync(path.join(dir, "runtimes"));
    fs.writeFileSync(path.join(dir, "runtimes", "helper"), "tool", { mode: 0o755 });
    return dir;
  }

  it("zips every file with bootstrap executable, so Lambda can start it", () => {
    const out = path.join(tmp("zip"), "f.zip");
    packageFunction(publishedFolder(), out);
    assert.deepEqual(readZip(out), [
      { name: "bootstrap", mode: "0o755", content: "native" },
      { name: "libSystem.Native.so", mode: "0o644", content: "lib" },
      { name: "runtimes/helper", mode: "0o755", content: "tool" },
    ]);
  });

  it("produces identical bytes for identical content, whatever the file times, and reports their base64 sha256", () => {
    const a = publishedFolder();
    const b = publishedFolder();
    fs.utimesSync(path.join(b, "bootstrap"), new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z"));
    const pa = packageFunction(a, path.join(tmp("zip"), "a.zip"));
    const pb = packageFunction(b, path.join(tmp("zip"), "b.zip"));
    assert.deepEqual(fs.readFileSync(pa.zipPath), fs.readFileSync(pb.zipPath));
    assert.equal(pa.sha256Base64, createHash("sha256").update(fs.readFileSync(pa.zipPath)).digest("base64"));
    assert.equal(pa.sha256Base64, pb.sha256Base64);
  });

  it("changes the hash when any file's content changes", () => {
    const a = publishedFolder();
    const before = packageFunction(a, path.join(tmp("zip"), "a.zip")).sha256Base64;
    fs.writeFileSync(path.join(a, "runtimes", "helper"), "tool v2");
    assert.notEqual(packageFunction(a, path.join(tmp("zip"), "a.zip")).sha256Base64, before);
  });

  it("refuses an empty package folder", () => {
    assert.throws(() => packageFunction(tmp("none"), path.join(tmp("zip"), "x.zip")), /is empty/);
  });
});
