import { describe, expect, it } from "vitest";
import { flowPattern, MAX_PATTERN_LENGTH, MAX_PATTERN_PROGRAM_SIZE, MAX_TEMPLATED_PATTERN_PROGRAM_SIZE } from "./flow-pattern";

function runnable(source: string) {
  const compiled = flowPattern(source);
  if (!compiled.ok) throw new Error(`/${source}/ should compile: ${compiled.problem}`);
  return compiled;
}

function problemOf(source: string): string {
  const compiled = flowPattern(source);
  if (compiled.ok) throw new Error(`/${source}/ should not compile`);
  return compiled.problem;
}

describe("flowPattern", () => {
  it("searches anywhere in the text, or matches the whole text", () => {
    const pattern = runnable("[Rr]efund|[Ii]nvoice");
    expect(pattern.search("I want a Refund please")).toBe(true);
    expect(pattern.search("hello")).toBe(false);
    expect(pattern.whole("Refund")).toBe(true);
    expect(pattern.whole("Refund please")).toBe(false);
    // Anchored as a whole, an alternative that does not reach the end gives way to one that does.
    expect(runnable("1|12").whole("12")).toBe(true);
    expect(runnable("^[0-9]{6,10}$").whole("123456")).toBe(true);
  });

  it.each<[string, string, boolean]>([
    ["\\d{3}-\\d{4}", "555-1234", true],
    ["^\\+?[1-9]\\d{1,14}$", "+4930123456", true],
    ["^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$", "kim@example.com", true],
    ["(?i)^(yes|yeah|sure)$", "YES", true],
    ["^h.l+o$", "hello", true],
    ["colou?r", "color", true],
    ["^a*?b$", "aab", true],
    ["^(?<area>\\d{3})\\d{4}$", "5551234", true],
    ["\\bgold\\b", "tier: gold!", true],
    ["\\bgold\\b", "goldfish", false],
    ["^\\u0041$", "A", true],
    ["^[^]$", "x", true],
    ["^a\\/b$", "a/b", true],
    ["^[^\\d\\s]+$", "abc", true],
    ["^[^\\d\\s]+$", "a c", false],
  ])("reads JavaScript syntax that RE2 can run: /%s/ on %j → %s", (source, text, expected) => {
    expect(runnable(source).search(text)).toBe(expected);
  });

  it("names what a linear-time engine cannot run", () => {
    expect(problemOf("^(?=.*\\d)\\d{4}$")).toBe("lookahead (?=…) is not supported");
    expect(problemOf("^(?!0000)\\d{4}$")).toBe("negative lookahead (?!…) is not supported");
    expect(problemOf("(?<=\\+)\\d+")).toBe("lookbehind (?<=…) is not supported");
    expect(problemOf("(?<!0)\\d+")).toBe("negative lookbehind (?<!…) is not supported");
    expect(problemOf("^(\\d)\\1+$")).toBe("backreference \\1 is not supported");
    expect(problemOf("^(?<d>\\d)\\k<d>$")).toBe("named backreference \\k<d> is not supported");
    expect(problemOf("(?>a+)b")).toBe("atomic group (?>…) is not supported");
  });

  it("does not take escaped or bracketed text for those constructs", () => {
    expect(runnable("^[(?=]+$").whole("(?=")).toBe(true);
    expect(runnable("^\\(\\?=$").whole("(?=")).toBe(true);
    expect(runnable("^[\\\\1]+$").whole("\\1")).toBe(true);
    expect(runnable("[]|\\d").search("7")).toBe(true);
  });

  it("reports what RE2's parser refuses, and patterns that are too long or too large", () => {
    expect(problemOf("([0-9]{6}")).toBe("missing closing ): `([0-9]{6}`");
    expect(problemOf("a++")).toBe("invalid nested repetition operator: `++`");
    expect(problemOf("a{1001}")).toBe("invalid repeat count: `{1001}`");
    expect(problemOf("1".repeat(MAX_PATTERN_LENGTH + 1))).toBe(`it is ${MAX_PATTERN_LENGTH + 1} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
    expect(problemOf(".{600}x.{600}")).toMatch(new RegExp(`^it is too large: it compiles to \\d+ instructions and at most ${MAX_PATTERN_PROGRAM_SIZE} are allowed`));
    expect(runnable("\\d{64}").whole("1".repeat(64))).toBe(true);
  });

  it("refuses a pattern far over the size limit before compiling it, which would take long", () => {
    const huge = ".{1000}".repeat(70); // 490 characters, 70,002 instructions
    const started = performance.now();
    expect(problemOf(huge)).toMatch(/^it is too large: it compiles to about \d+ instructions and at most 1000 are allowed/);
    expect(performance.now() - started).toBeLessThan(50);
    expect(problemOf("(?:\\p{L}{1000}){1}".repeat(20))).toMatch(/^it is too large/);
  });

  it("holds a pattern filled in from a template to a smaller size: its text may come from a caller", () => {
    expect(flowPattern("[ab]*a[ab]{990}c").ok).toBe(true);
    const fromTemplate = flowPattern("[ab]*a[ab]{990}c", "template");
    expect(fromTemplate.ok).toBe(false);
    if (!fromTemplate.ok) {
      expect(fromTemplate.problem).toBe(
        `it compiles to 996 instructions, and a pattern filled in from a template (its text may come from a caller) may have at most ${MAX_TEMPLATED_PATTERN_PROGRAM_SIZE}`,
      );
    }
    expect(runnable("^(gold|platinum)$").size).toBeLessThanOrEqual(MAX_TEMPLATED_PATTERN_PROGRAM_SIZE);
    expect(flowPattern("^(gold|platinum)$", "template").ok).toBe(true);
    expect(flowPattern("(?=x)", "template")).toMatchObject({ ok: false, problem: "lookahead (?=…) is not supported" });
  });

  it("compiles a source once and keeps a bounded number", () => {
    expect(flowPattern("^gold$")).toBe(flowPattern("^gold$"));
    for (let i = 0; i < 1000; i++) expect(runnable(`^x${i}$`).whole(`x${i}`)).toBe(true);
    expect(runnable("^gold$").whole("gold")).toBe(true);
  });
});
