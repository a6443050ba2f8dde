import { RE2JS, RE2JSException } from "re2js";
import { patternSizeEstimate } from "./pattern-size-estimate";
import { unsupportedPatternConstruct } from "./unsupported-pattern-construct";

/** Longest pattern, in characters (the gather pattern's schema maximum; a rendered template's cap). */
export const MAX_PATTERN_LENGTH = 500;

/**
 * Largest compiled pattern, in RE2 instructions. Matching is linear in the input, and at worst
 * (a pattern with many states alive at once, like `[ab]*a[ab]{990}c`) each character costs in
 * proportion to this size. A 500-character pattern without counted repetition compiles to about
 * 500; `\d{64}` to 66.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1000;

/**
 * Largest pattern filled in from a template (`matches` with `{{…}}`), in RE2 instructions. Its
 * text may come from a caller, who could pick the slowest pattern of all for the text they send:
 * at 1,000 instructions about 0.9 s for a 20,000-character chat message, at 64 about 0.13 s
 * (bench/flow-pattern.bench.ts).
 */
export const MAX_TEMPLATED_PATTERN_PROGRAM_SIZE = 64;

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
      /** Compiled size, in RE2 instructions. */
      readonly size: number;
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
 * (bounded); the same source always gives the same answer. `from: "template"` (a `matches` right
 * side rendered at run time) also holds it to MAX_TEMPLATED_PATTERN_PROGRAM_SIZE.
 */
export function flowPattern(source: string, from: "document" | "template" = "document"): FlowPattern {
  const compiled = cachedPattern(source);
  if (from === "template" && compiled.ok && compiled.size > MAX_TEMPLATED_PATTERN_PROGRAM_SIZE) {
    return {
      ok: false,
      source,
      problem: `it compiles to ${compiled.size} instructions, and a pattern filled in from a template (its text may come from a caller) may have at most ${MAX_TEMPLATED_PATTERN_PROGRAM_SIZE}`,
    };
  }
  return compiled;
}

function cachedPattern(source: string): FlowPattern {
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
  return { ok: true, source, size, search: (text) => pattern.test(text), whole: (text) => pattern.testExact(text) };
}

function tooLarge(source: string, size: string): FlowPattern {
  return {
    ok: false,
    source,
    problem: `it is too large: it compiles to ${size} instructions and at most ${MAX_PATTERN_PROGRAM_SIZE} are allowed (repeat counts such as {200} multiply its size)`,
  };
}
