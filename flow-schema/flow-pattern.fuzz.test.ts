import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowPattern } from "./flow-pattern";

/**
 * Patterns × inputs: every evaluation of a flow pattern finishes within a generous bound, however
 * the pattern nests its quantifiers and whatever the caller sends. A backtracking engine takes
 * seconds to years on these (`(1+)+2` on 30 ones: seconds, doubling per digit).
 */

/** Per evaluation. Linear-time matching of a few thousand characters takes well under 5 ms. */
const BOUND_MS = 50;
/** Runs per property; FLOW_PATTERN_FUZZ_RUNS=5000 for a long hunt. */
const NUM_RUNS = Number(process.env.FLOW_PATTERN_FUZZ_RUNS ?? 150);
const MAX_INPUT = 3000;

/**
 * Milliseconds `evaluate` takes. Over the bound, it is timed once more and that counts: a garbage
 * collection or a JIT compile can land in any one call, while a backtracking blow-up is slow
 * every time.
 */
function timed(evaluate: () => boolean): number {
  const once = () => {
    const started = performance.now();
    evaluate();
    return performance.now() - started;
  };
  const first = once();
  return first < BOUND_MS ? first : once();
}

/** Both ways a flow uses a pattern: a condition's search, a gather's whole-entry match. */
function worstTime(source: string, input: string): number {
  const compiled = flowPattern(source);
  if (!compiled.ok) return 0; // refused before it runs (e.g. too large): nothing to time
  return Math.max(
    timed(() => compiled.search(input)),
    timed(() => compiled.whole(input)),
  );
}

const atom = fc.constantFrom("a", "1", "aa", "[a1]", "\\d", "\\w", ".", "[^b]", "a?", "(?:a|aa)", "(?:1|11)");
const quantifier = fc.constantFrom("*", "+", "?", "{1,3}", "{2}", "*?", "+?", "{0,5}");

/** Patterns built like the catastrophic ones: groups of alternatives under nested quantifiers. */
const { pattern } = fc.letrec<{ pattern: string }>((tie) => ({
  pattern: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie("pattern"), quantifier).map(([a, q]) => `(${a})${q}`),
  ),
}));

/** Nested quantifiers for sure, anchored or not, with a tail the input may lack. */
const nestedPattern = fc
  .tuple(pattern, quantifier, fc.constantFrom("", "2", "!", "$", "b"), fc.boolean())
  .map(([inner, q, tail, anchored]) => `${anchored ? "^" : ""}(${inner}+)${q}${tail}`);

/** Up to 500 characters of large counted repetitions: tens of thousands of instructions if compiled. */
const bigRepeats = fc
  .array(fc.constantFrom(".{1000}", "\\w{999}", "(?:ab){500}", "[^a]{800}", "(?:\\p{L}{30}){30}", "x"), { maxLength: 80 })
  .map((parts) => parts.join("").slice(0, 500));

/** What a caller sends: long runs of what the pattern wants, then something it does not. */
const input = fc.oneof(
  fc
    .tuple(fc.constantFrom("a", "1", "aa1", "a1", "11a"), fc.integer({ min: 0, max: MAX_INPUT }), fc.constantFrom("", "!", "2", "b", "a"))
    .map(([unit, count, tail]) => unit.repeat(count).slice(0, MAX_INPUT) + tail),
  fc.string({ maxLength: MAX_INPUT, unit: fc.constantFrom("a", "1", "2", "b", "!", " ") }),
  fc.string({ maxLength: MAX_INPUT, unit: "grapheme" }),
);

describe("flow patterns run in bounded time", () => {
  it.each([30, 64, 1000, 5000])("(1+)+2 on %i ones, searched and matched whole", (length) => {
    expect(worstTime("(1+)+2", "1".repeat(length))).toBeLessThan(BOUND_MS);
    expect(worstTime("^(1+)+2$", "1".repeat(length))).toBeLessThan(BOUND_MS);
  });

  it.each([28, 64, 1000, 5000])("^(a+)+$ on a name of %i a's and a '!'", (length) => {
    expect(worstTime("^(a+)+$", `${"a".repeat(length)}!`)).toBeLessThan(BOUND_MS);
    expect(worstTime("(a|aa)+$", `${"a".repeat(length)}!`)).toBeLessThan(BOUND_MS);
    expect(worstTime("^(\\w+\\s?)*$", `${"a".repeat(length)}!`)).toBeLessThan(BOUND_MS);
  });

  it(`any nested-quantifier pattern on any input up to ${MAX_INPUT} characters: under ${BOUND_MS} ms per evaluation`, () => {
    fc.assert(
      fc.property(nestedPattern, input, (source, text) => {
        expect(worstTime(source, text), `/${source}/ on ${JSON.stringify(text.slice(0, 40))}… (${text.length} characters)`).toBeLessThan(BOUND_MS);
      }),
      // No shrinking: a smaller case is a faster one, and each try of a slow case takes as long as it.
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
  });

  it(`patterns with many states alive at once, as large as a templated pattern may be, on up to ${MAX_INPUT} characters: under ${BOUND_MS} ms`, () => {
    // "the character k places before the end is an a": no DFA can cache its states, so re2js
    // falls back to its slower engines. The largest such pattern a caller can fill in is bounded.
    const manyStates = fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom("[ab]", "[a1]", "\\w", "."))
      .map(([count, any]) => `${any}*a${any}{${count}}(?:c|2)`)
      .filter((source) => flowPattern(source, "template").ok);
    const text = fc.tuple(fc.string({ maxLength: MAX_INPUT, unit: fc.constantFrom("a", "b", "1") }), fc.constantFrom("c", "2", "")).map(([body, end]) => body + end);
    // The first such search in a process also compiles re2js's slower engines (JIT): not timed.
    worstTime("[ab1]*a[ab1]{40}c", "ab1".repeat(1000));
    fc.assert(
      fc.property(manyStates, text, (source, input) => {
        expect(worstTime(source, input), `/${source}/ on ${input.length} characters`).toBeLessThan(BOUND_MS);
      }),
      { numRuns: Math.min(NUM_RUNS, 60), endOnFailure: true },
    );
  });

  it("a pattern compiles in bounded time too, whatever its shape", () => {
    fc.assert(
      fc.property(fc.oneof(nestedPattern, bigRepeats, fc.string({ maxLength: 500, unit: fc.constantFrom("(", ")", "a", "+", "*", "{", "}", "2", ",", "?", "|", "[", "]", "\\") })), (source) => {
        const started = performance.now();
        flowPattern(source);
        expect(performance.now() - started).toBeLessThan(BOUND_MS * 4);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
