/** Longest part of a pattern quoted in a message. */
const QUOTED = 80;

/**
 * How a pattern that cannot run is described to people (validator, import notes, run-time notes):
 * the pattern (shortened when long), what is wrong, and which syntax applies.
 */
export function patternProblemMessage(source: string, problem: string): string {
  const shown = source.length > QUOTED ? `${source.slice(0, QUOTED - 1)}…` : source;
  return `/${shown}/ cannot run: ${problem} (flow patterns use RE2 syntax, which matches in linear time)`;
}
