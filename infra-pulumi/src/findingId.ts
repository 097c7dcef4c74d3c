// The finding id template has one home, infra-pulumi/contracts/finding-id.json, read here for the stack output and by the
// C# tests, which hold ControlIdentity.FindingId to it (tests/SecHubRootMfa.Core.Tests/Findings/FindingIdTemplateTests.cs).
import * as fs from "node:fs";
import * as path from "node:path";

export const FINDING_ID_FILE = path.resolve(__dirname, "..", "contracts", "finding-id.json");
/** The placeholders the template must hold, each exactly once, and no others. */
export const FINDING_ID_PLACEHOLDERS = ["{partition}", "{accountId}"] as const;

/** Reads and checks the template; throws naming the file when it is not the documented shape. */
export function loadFindingIdTemplate(file: string = FINDING_ID_FILE): string {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const template = typeof parsed === "object" && parsed !== null ? (parsed as { template?: unknown }).template : undefined;
  if (typeof template !== "string") throw new Error(`${file}: expected an object with a string "template"`);
  for (const p of FINDING_ID_PLACEHOLDERS) {
    if (template.split(p).length !== 2) throw new Error(`${file}: the template must hold ${p} exactly once, got "${template}"`);
  }
  const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter((p) => !(FINDING_ID_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`${file}: unknown placeholder ${unknown[0]} in "${template}"`);
  return template;
}

/** The finding Id of one account in one partition. */
export function findingIdOf(partition: string, accountId: string, template: string = loadFindingIdTemplate()): string {
  return template.replace("{partition}", partition).replace("{accountId}", accountId);
}
