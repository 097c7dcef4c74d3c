// A small EventBridge event-pattern matcher for the subset our rules use: exact string/number/boolean/null
// values, nested objects, and `{"exists": true|false}`. Any other operator (prefix, anything-but, numeric,
// wildcard, $or, ...) is rejected, so a rule can never use syntax these tests do not understand.
// `exists` follows EventBridge: it asks whether a leaf value (null included) is at that path; an object or a missing
// field is no leaf. The C# router's filter (src/SecHubRootMfa.Function/Routing/EventPattern.cs) and EventBridge itself
// (moto, tests/eventbridge.test.ts) are held to the same verdicts.
// Semantics follow the EventBridge docs: every field named in the pattern must match (AND); a field's
// list of values matches if any value equals the event's value (OR); an array in the event matches if any
// element matches.

export type EventPattern = { [field: string]: PatternValue[] | EventPattern };
type PatternScalar = string | number | boolean | null;
type PatternValue = PatternScalar | { exists: boolean };

/** Throws if the pattern uses JSON that is not plain EventBridge syntax or an operator outside our subset. */
export function validatePattern(pattern: unknown, path = "$"): asserts pattern is EventPattern {
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) {
    throw new Error(`${path}: an event pattern level must be a JSON object`);
  }
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new Error(`${path}: an event pattern level must name at least one field`);
  for (const [field, value] of entries) {
    if (field.startsWith("$")) throw new Error(`${path}.${field}: operator ${field} is not supported by this matcher`);
    const here = `${path}.${field}`;
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${here}: a value list must not be empty`);
      for (const v of value) {
        if (v === null || ["string", "number", "boolean"].includes(typeof v)) continue;
        if (typeof v === "object" && !Array.isArray(v)) {
          const keys = Object.keys(v as object);
          if (keys.length === 1 && keys[0] === "exists" && typeof (v as { exists: unknown }).exists === "boolean") continue;
          throw new Error(`${here}: operator ${JSON.stringify(v)} is not supported by this matcher`);
        }
        throw new Error(`${here}: unsupported value ${JSON.stringify(v)}`);
      }
    } else {
      validatePattern(value, here);
    }
  }
}

/** True when `event` matches `pattern` by EventBridge rules (for the supported subset). */
export function matches(pattern: EventPattern, event: unknown): boolean {
  validatePattern(pattern);
  return matchLevel(pattern, event);
}

function matchLevel(pattern: EventPattern, event: unknown): boolean {
  const obj = typeof event === "object" && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : undefined;
  for (const [field, expected] of Object.entries(pattern)) {
    const present = obj !== undefined && Object.prototype.hasOwnProperty.call(obj, field);
    const actual = present ? obj[field] : undefined;
    if (Array.isArray(expected)) {
      if (!expected.some((v) => matchValue(v, present, actual))) return false;
    } else {
      // A missing or non-object parent still has a (missing) child: {"exists": false} below it matches, as EventBridge
      // matches on the flattened paths of the event.
      const candidates = Array.isArray(actual) ? actual : [actual];
      if (!candidates.some((c) => matchLevel(expected, c))) return false;
    }
  }
  return true;
}

function matchValue(expected: PatternValue, present: boolean, actual: unknown): boolean {
  if (expected !== null && typeof expected === "object") {
    // EventBridge: exists matches leaf values only; an object-valued field does not "exist" as a leaf, and null is a
    // value like any other ("responseElements": [null] matches it), so a null field exists.
    const isLeaf = present && (actual === null || typeof actual !== "object" || Array.isArray(actual));
    return expected.exists === isLeaf;
  }
  if (!present) return false;
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((c) => c === expected);
}
