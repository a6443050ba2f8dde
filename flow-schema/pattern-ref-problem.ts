import { flowPattern, MAX_TEMPLATED_PATTERN_PROGRAM_SIZE } from "./flow-pattern";
import { replacePlaceholders } from "./interpolate";
import type { PatternRef } from "./nodes/node-definition";

/**
 * What is wrong with a pattern of a document, for the validator and the import notes: why the
 * engine cannot run it, or, for a templated one (compiled only at run time), that its text without
 * the placeholders is already larger than a pattern from a template may be. Undefined when fine.
 */
export function patternRefProblem(ref: PatternRef): string | undefined {
  if (ref.templated !== true) {
    const compiled = flowPattern(ref.pattern);
    return compiled.ok ? undefined : compiled.problem;
  }
  // Whatever the placeholders bring only adds to it (and may well complete what is broken now).
  const skeleton = flowPattern(replacePlaceholders(ref.pattern, () => ""));
  if (!skeleton.ok || skeleton.size <= MAX_TEMPLATED_PATTERN_PROGRAM_SIZE) return undefined;
  return `without its placeholders it already compiles to ${skeleton.size} instructions, and a pattern filled in from a template (its text may come from a caller) may have at most ${MAX_TEMPLATED_PATTERN_PROGRAM_SIZE}`;
}
