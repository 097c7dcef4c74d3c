// The program entry point as `pulumi up` runs it: configuration from the stack, then resources and outputs.
import { it } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, value } from "./harness";

it("deploys from stack configuration and exports the finding Id and the evaluate-now command", async () => {
  pulumi.runtime.setAllConfig({
    "sechubrootmfa:homeRegion": "eu-central-1",
    "sechubrootmfa:runtimeMode": "managed",
    "sechubrootmfa:level1Accounts": "444455556666",
    // The already-published fixture stands in for build/publish-function.sh, so no dotnet is needed.
    "sechubrootmfa:functionPackageDir": "infra-pulumi/tests/fixtures/function/managed-arm64",
  });
  const program = await import("../index");
  assert.equal(await value(program.functionName), "sechubrootmfa-test");
  assert.equal(await value(program.findingId), `sechubrootmfa/aws/${ACCOUNT}/root-user-hardware-mfa`);
  assert.equal(await value(program.evaluateCommand),
    `aws lambda invoke --function-name sechubrootmfa-test --cli-binary-format raw-in-base64-out --payload '{"action":"evaluate"}' --region eu-central-1 /dev/stdout`);
  assert.equal(program.homeRegion, "eu-central-1");
  assert.deepEqual(Object.keys(program.ruleArns).sort(),
    ["root-console-signin", "root-console-signin-forward", "root-mfa-api-calls", "root-mfa-api-calls-forward", "schedule"]);
  assert.equal(program.trailArn, undefined);
});
