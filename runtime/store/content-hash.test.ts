import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "./content-hash";

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it("sorts integer-like keys as strings too", () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3 })).toBe('{"10":2,"9":3,"b":1}');
  });

  it("drops undefined like JSON.stringify", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe("contentHash", () => {
  it("is the same whatever the key order", () => {
    expect(contentHash({ x: 1, y: { p: "q", r: [1, 2] } })).toBe(contentHash({ y: { r: [1, 2], p: "q" }, x: 1 }));
  });

  it("changes with the content", () => {
    expect(contentHash({ x: 1 })).not.toBe(contentHash({ x: 2 }));
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });

  it("is a sha256 hex digest", () => {
    expect(contentHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
