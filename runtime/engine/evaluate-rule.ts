import { flowPattern } from "../../flow-schema/flow-pattern";
import type { ConditionRule } from "../../flow-schema/nodes/condition";
import { patternProblemMessage } from "../../flow-schema/pattern-problem-message";

/** Whether a rule holds; `problem` says why a `matches` rule could not be tested at all. */
export interface RuleVerdict {
  holds: boolean;
  problem?: string;
}

/** A number when the whole trimmed text is one ("42", "-0.5", "1e3"), else undefined. */
function asNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function compare(left: string, right: string): number {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) return a - b;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A search with the shared linear-time engine; a pattern it cannot run holds for nothing. */
function matches(left: string, pattern: string, from: "document" | "template"): RuleVerdict {
  const compiled = flowPattern(pattern, from);
  if (!compiled.ok) return { holds: false, problem: patternProblemMessage(pattern, compiled.problem) };
  return { holds: compiled.search(left) };
}

/**
 * Tests one rule on rendered text. equals / not_equals / contains / starts_with compare text
 * exactly (case-sensitive); matches is a regular-expression search in RE2 syntax, in time linear
 * in the text (a pattern that cannot run never matches, and the verdict says why; `rightFrom:
 * "template"` when the right side was rendered from `{{…}}`, which holds it to a smaller size);
 * less_than / greater_than compare as numbers when both sides are numbers, else as text;
 * is_empty / is_not_empty look at the left side with spaces trimmed.
 */
export function evaluateRule(operator: ConditionRule["operator"], left: string, right: string, rightFrom: "document" | "template" = "document"): RuleVerdict {
  if (operator === "matches") return matches(left, right, rightFrom);
  return { holds: holds(operator, left, right) };
}

function holds(operator: Exclude<ConditionRule["operator"], "matches">, left: string, right: string): boolean {
  switch (operator) {
    case "equals":
      return left === right;
    case "not_equals":
      return left !== right;
    case "contains":
      return left.includes(right);
    case "starts_with":
      return left.startsWith(right);
    case "less_than":
      return compare(left, right) < 0;
    case "greater_than":
      return compare(left, right) > 0;
    case "is_empty":
      return left.trim() === "";
    case "is_not_empty":
      return left.trim() !== "";
  }
}
