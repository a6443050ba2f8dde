import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { patternSizeEstimate } from "./pattern-size-estimate";

/** RE2's own count, for comparison. */
const compiledSize = (source: string) => RE2JS.compile(RE2JS.translateRegExp(source)).programSize();

describe("patternSizeEstimate", () => {
  it.each([
    "(1+)+2",
    "^[0-9]{6,10}$",
    "\\d{64}",
    "^(?<area>\\d{3})\\d{4}$",
    "(?:abcdefghij){100}",
    "(a{100}){10}",
    "((a|b){3}c){5}",
    ".{600}x.{600}",
    "yes|yeah|yep|sure|ok|okay|certainly|absolutely|of course|go ahead",
    "[]|[^]{5}|[\\]x]{3}",
  ])("is within a factor of two of what /%s/ compiles to", (source) => {
    const real = compiledSize(source);
    const estimate = patternSizeEstimate(source);
    expect(estimate).toBeGreaterThanOrEqual(real / 2);
    expect(estimate).toBeLessThanOrEqual(real * 2);
  });

  it("multiplies nested and sequenced repetitions", () => {
    expect(patternSizeEstimate(".{1000}".repeat(70))).toBeGreaterThan(70_000);
    expect(patternSizeEstimate("((a{10}){10}){10}")).toBeGreaterThan(1000);
  });

  it("reads escaped braces, brackets and parentheses as literals", () => {
    expect(patternSizeEstimate("\\{1000\\}")).toBeLessThan(10);
    expect(patternSizeEstimate("[{(]{3}")).toBe(patternSizeEstimate("a{3}"));
    expect(patternSizeEstimate("\\(a\\)")).toBe(3);
  });
});
