// The EventBridge pattern matcher used to check the rule patterns against the sample events.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matches, validatePattern, type EventPattern } from "../src/eventPattern";

const event = {
  source: "aws.iam",
  "detail-type": "AWS API Call via CloudTrail",
  resources: ["arn:aws:iam::111122223333:mfa/a", "arn:aws:iam::111122223333:mfa/b"],
  detail: { eventName: "EnableMFADevice", readOnly: false, count: 3, responseElements: null, userIdentity: { type: "Root" } },
};

describe("event pattern matching", () => {
  it("matches an exact string value", () => {
    assert.equal(matches({ source: ["aws.iam"] }, event), true);
    assert.equal(matches({ source: ["aws.signin"] }, event), false);
  });

  it("matches when any listed value equals the field (OR within a field)", () => {
    assert.equal(matches({ source: ["aws.signin", "aws.iam"] }, event), true);
  });

  it("requires every named field to match (AND across fields)", () => {
    assert.equal(matches({ source: ["aws.iam"], "detail-type": ["Scheduled Event"] }, event), false);
    assert.equal(matches({ source: ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"] }, event), true);
  });

  it("descends into nested objects", () => {
    assert.equal(matches({ detail: { userIdentity: { type: ["Root"] } } }, event), true);
    assert.equal(matches({ detail: { userIdentity: { type: ["IAMUser"] } } }, event), false);
  });

  it("does not match a field the event lacks", () => {
    assert.equal(matches({ detail: { errorCode: ["AccessDenied"] } }, event), false);
    assert.equal(matches({ detail: { sessionContext: { type: ["Root"] } } }, event), false);
  });

  it("matches an event array when any element matches", () => {
    assert.equal(matches({ resources: ["arn:aws:iam::111122223333:mfa/b"] }, event), true);
    assert.equal(matches({ resources: ["arn:aws:iam::111122223333:mfa/c"] }, event), false);
  });

  it("compares booleans, numbers and null by value and type", () => {
    assert.equal(matches({ detail: { readOnly: [false] } }, event), true);
    assert.equal(matches({ detail: { readOnly: ["false"] } }, event), false);
    assert.equal(matches({ detail: { count: [3] } }, event), true);
    assert.equal(matches({ detail: { count: ["3"] } }, event), false);
    assert.equal(matches({ detail: { responseElements: [null] } }, event), true);
  });

  it("is case-sensitive, like EventBridge", () => {
    assert.equal(matches({ detail: { eventName: ["enablemfadevice"] } }, event), false);
  });

  it("matches exists:false only when the field is absent, and exists:true only when a leaf is present", () => {
    assert.equal(matches({ detail: { errorCode: [{ exists: false }] } }, event), true);
    assert.equal(matches({ detail: { eventName: [{ exists: false }] } }, event), false);
    assert.equal(matches({ detail: { eventName: [{ exists: true }] } }, event), true);
    assert.equal(matches({ detail: { errorCode: [{ exists: true }] } }, event), false);
    assert.equal(matches({ detail: { userIdentity: [{ exists: true }] } }, event), false, "an object is not a leaf");
  });

  it("treats a null value as present for exists, as EventBridge does (null is a value it matches)", () => {
    assert.equal(matches({ detail: { errorCode: [{ exists: false }] } }, { detail: { errorCode: null } }), false);
    assert.equal(matches({ detail: { errorCode: [{ exists: true }] } }, { detail: { errorCode: null } }), true);
  });

  it("treats an object-valued field and a missing parent as no leaf, so exists:false matches both", () => {
    assert.equal(matches({ detail: { userIdentity: [{ exists: false }] } }, event), true, "an object is not a leaf");
    assert.equal(matches({ detail: { errorCode: [{ exists: false }] } }, { source: "aws.iam" }), true, "no detail at all");
    assert.equal(matches({ detail: { errorCode: [{ exists: false }] } }, { detail: "text" }), true, "detail is a leaf, detail.errorCode is absent");
    assert.equal(matches({ detail: { errorCode: ["x"] } }, { source: "aws.iam" }), false);
  });

  it("rejects operators outside the supported subset instead of guessing", () => {
    const unsupported: unknown[] = [
      { source: [{ prefix: "aws." }] },
      { source: [{ "anything-but": "aws.s3" }] },
      { detail: { count: [{ numeric: [">", 1] }] } },
      { $or: [{ source: ["aws.iam"] }] },
      { source: [{ exists: "yes" }] },
    ];
    for (const p of unsupported) assert.throws(() => validatePattern(p), /not supported|unsupported/, JSON.stringify(p));
  });

  it("rejects malformed patterns", () => {
    assert.throws(() => validatePattern([]), /must be a JSON object/);
    assert.throws(() => validatePattern({}), /at least one field/);
    assert.throws(() => validatePattern({ source: [] }), /must not be empty/);
    assert.throws(() => validatePattern({ source: "aws.iam" }), /must be a JSON object/);
    assert.throws(() => matches({ source: [["nested"]] } as unknown as EventPattern, event), /unsupported value/);
  });
});
