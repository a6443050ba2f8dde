import { flowPattern } from "../flow-schema/flow-pattern";
import { round, timeRuns } from "./measure";

/** A message as long as a web chat frame may be (20,000 characters) of random a/b, then "cdefgh". */
function randomMessage(length: number): string {
  let seed = 42;
  let text = "";
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += (seed >> 16) % 2 === 0 ? "a" : "b";
  }
  return `${text}cdefgh`;
}

function compiled(source: string) {
  const pattern = flowPattern(source);
  if (!pattern.ok) throw new Error(`/${source}/ should compile: ${pattern.problem}`);
  return pattern;
}

/**
 * Flow patterns (flow-schema/flow-pattern.ts, re2js): the catastrophic cases of issue 12 against
 * JavaScript's backtracking RegExp, ordinary patterns against RegExp, and the slowest kind of
 * pattern the limits allow (many automaton states) on a 20,000-character message. Milliseconds
 * per evaluation (median). Also alone: `npx tsx bench/flow-pattern.bench.ts`.
 */
export function benchFlowPattern(): Record<string, number> {
  const results: Record<string, number> = {};
  const record = (key: string, label: string, ms: number) => {
    results[key] = round(ms, 4);
    console.log(`patterns: ${label}: ${round(ms, 4)} ms`);
  };

  const nested = compiled("(1+)+2");
  record("pattern_nested_30_digits_ms", "(1+)+2 on 30 digits (gather, whole entry)", timeRuns(() => nested.whole("1".repeat(30)), 200).median);
  record("pattern_nested_64_digits_ms", "(1+)+2 on 64 digits", timeRuns(() => nested.whole("1".repeat(64)), 200).median);
  const backtracking = new RegExp("^(?:(1+)+2)$");
  for (const digits of [20, 22, 24]) {
    record(`regexp_nested_${digits}_digits_ms`, `JavaScript RegExp, (1+)+2 on ${digits} digits (doubles per digit)`, timeRuns(() => backtracking.test("1".repeat(digits)), 3, 1).median);
  }
  const name = compiled("^(a+)+$");
  record("pattern_name_28_ms", "^(a+)+$ on a 28-character name", timeRuns(() => name.search(`${"a".repeat(27)}!`), 200).median);
  record("pattern_name_5000_ms", "^(a+)+$ on 5,000 characters", timeRuns(() => name.search(`${"a".repeat(4999)}!`), 50).median);

  const account = compiled("^[0-9]{6,10}$");
  const accountRegExp = /^[0-9]{6,10}$/;
  record("pattern_account_ms", "^[0-9]{6,10}$ on 8 digits", timeRuns(() => account.whole("12345678"), 2000).median);
  record("regexp_account_ms", "JavaScript RegExp, the same", timeRuns(() => accountRegExp.test("12345678"), 2000).median);
  const words = compiled("(?i)\\b(refund|invoice|billing|charge)\\b");
  const wordsRegExp = /\b(refund|invoice|billing|charge)\b/i;
  const message = `${"hello, I have a question about my account and ".repeat(4)}my last invoice`;
  record("pattern_words_ms", `(?i)\\b(refund|invoice|…)\\b in a ${message.length}-character message`, timeRuns(() => words.search(message), 2000).median);
  record("regexp_words_ms", "JavaScript RegExp, the same", timeRuns(() => wordsRegExp.test(message), 2000).median);

  // The slowest kind of pattern: "the character k places before the end is an a" has 2^k states,
  // so no DFA can cache them. A fresh pattern each run (its DFA cache starts empty), warm JIT.
  const frame = randomMessage(20_000);
  compiled("[ab]*a[ab]{40}c").search(frame);
  for (const count of [58, 990]) {
    const ends = ["c", "d", "e", "f", "g"];
    const label = `[ab]*a[ab]{${count}}c on 20,000 characters (${count === 58 ? "the largest such pattern a template may fill in: 64 instructions" : "at the size limit"})`;
    record(`pattern_states_${count}_20k_ms`, label, timeRuns(() => compiled(`[ab]*a[ab]{${count}}${ends.shift() ?? "h"}`).search(frame), 5, 0).median);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) benchFlowPattern();
