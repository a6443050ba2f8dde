import type { ConditionRule } from "../../flow-schema/nodes/condition";

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

function matches(left: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(left);
  } catch {
    return false;
  }
}

/**
 * Tests one rule on rendered text. equals / not_equals / contains / starts_with compare text
 * exactly (case-sensitive); matches is a regular-expression search (an invalid one never matches);
 * less_than / greater_than compare as numbers when both sides are numbers, else as text;
 * is_empty / is_not_empty look at the left side with spaces trimmed.
 */
export function evaluateRule(operator: ConditionRule["operator"], left: string, right: string): boolean {
  switch (operator) {
    case "equals":
      return left === right;
    case "not_equals":
      return left !== right;
    case "contains":
      return left.includes(right);
    case "starts_with":
      return left.startsWith(right);
    case "matches":
      return matches(left, right);
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
