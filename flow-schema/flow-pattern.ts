import { RE2JS, RE2JSException } from "re2js";
import { patternSizeEstimate } from "./pattern-size-estimate";
import { unsupportedPatternConstruct } from "./unsupported-pattern-construct";

/** Longest pattern, in characters (the gather pattern's schema maximum; a rendered template's cap). */
export const MAX_PATTERN_LENGTH = 500;

/**
 * Largest compiled pattern, in RE2 instructions. Matching takes time proportional to the input's
 * length times (at worst) this size, so it bounds the cost of every character a caller sends.
 * A 500-character pattern without counted repetition compiles to about 500; `\d{64}` to 66.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1000;

/** Compiled patterns kept, most recently used last (templated patterns may all differ). */
const CACHE_ENTRIES = 256;

/**
 * A flow pattern (gather `pattern`, condition `matches`) compiled for a linear-time engine, or why
 * it cannot be: `problem` says it for a person ("lookahead (?=…) is not supported").
 */
export type FlowPattern =
  | {
      readonly ok: true;
      readonly source: string;
      /** Whether the pattern matches somewhere in `text` (condition `matches`). */
      search(text: string): boolean;
      /** Whether the pattern matches all of `text` (a gather entry). */
      whole(text: string): boolean;
    }
  | { readonly ok: false; readonly source: string; readonly problem: string };

const cache = new Map<string, FlowPattern>();

/**
 * Compiles `source` with RE2 semantics (re2js), which runs in time linear in the input whatever
 * the pattern: no backtracking, so `(1+)+2` cannot stall the server. JavaScript syntax is read
 * as JavaScript reads it where RE2 can run it (`\uXXXX`, `(?<name>…)`, `[^]`, `\/`); lookaround,
 * backreferences and what RE2's parser refuses come back as a problem. Results are cached
 * (bounded); the same source always gives the same answer.
 */
export function flowPattern(source: string): FlowPattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, source, problem: `it is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed` };
  }
  const cached = cache.get(source);
  if (cached !== undefined) {
    cache.delete(source);
    cache.set(source, cached);
    return cached;
  }
  const compiled = compile(source);
  cache.set(source, compiled);
  if (cache.size > CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return compiled;
}

function compile(source: string): FlowPattern {
  const construct = unsupportedPatternConstruct(source);
  if (construct !== undefined) return { ok: false, source, problem: `${construct} is not supported` };
  // Far over the limit by its text alone: refused before compiling, which would take long.
  const estimate = patternSizeEstimate(source);
  if (estimate > 2 * MAX_PATTERN_PROGRAM_SIZE) return tooLarge(source, `about ${estimate}`);
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return { ok: false, source, problem: error.message.replace(/^error parsing regexp: /, "") };
  }
  const size = pattern.programSize();
  if (size > MAX_PATTERN_PROGRAM_SIZE) return tooLarge(source, String(size));
  return { ok: true, source, search: (text) => pattern.test(text), whole: (text) => pattern.testExact(text) };
}

function tooLarge(source: string, size: string): FlowPattern {
  return {
    ok: false,
    source,
    problem: `it is too large: it compiles to ${size} instructions and at most ${MAX_PATTERN_PROGRAM_SIZE} are allowed (repeat counts such as {200} multiply its size)`,
  };
}
