import type { ConditionOperator } from "../../../nodes/condition";
import type { StudioCondition } from "../source-flow";
import type { WidgetProperties } from "../widget-properties";

export interface RuleParts {
  left: string;
  operator: ConditionOperator;
  right?: string;
}

/** RE2 syntax characters, escaped so that a value is matched as text. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/**
 * One Studio condition as a condition rule. Studio compares without regard to case and trims
 * both sides; Switchboard's equals, contains and starts_with compare exact text, so a literal value
 * becomes a case-insensitive pattern (`equal_to yes` → matches `(?i)^\s*yes\s*$`). A value that is
 * itself a template cannot be a pattern: it keeps the exact-text operator, reported.
 * Returns undefined (reported) for tests Switchboard cannot express: dates and times, and
 * does_not_match_any_of with more than one value.
 */
export function conditionRule(condition: StudioCondition, left: string, properties: WidgetProperties, at: (...segments: Array<string | number>) => string): RuleParts | undefined {
  const type = (condition.type ?? "").trim();
  const raw = condition.value;
  const value = typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : "";
  const right = value === "" ? "" : properties.liquidAt(value, at("value"));
  const templated = right.includes("{{") || right.includes("{%");
  const trimmed = right.trim();
  const inexact = (operator: ConditionOperator): RuleParts => {
    if (/[A-Za-z]/.test(right) || right !== trimmed) {
      properties.report("warning", `${type} "${value}" compares exact text in Switchboard (Studio ignores case and surrounding spaces)`, at("type"));
    }
    return { left, operator, right: trimmed };
  };
  const pattern = (body: string): RuleParts => ({ left, operator: "matches", right: `(?i)${body}` });
  switch (type) {
    case "equal_to":
      return templated ? inexact("equals") : pattern(`^\\s*${escapeRegex(trimmed)}\\s*$`);
    case "not_equal_to":
      return inexact("not_equals");
    case "contains":
      return templated ? inexact("contains") : pattern(escapeRegex(trimmed));
    case "starts_with":
      return templated ? inexact("starts_with") : pattern(`^\\s*${escapeRegex(trimmed)}`);
    case "matches_any_of": {
      const items = anyOf(right);
      if (templated || items.length === 0) {
        properties.report("error", `matches_any_of "${value}" cannot be converted (${templated ? "a value list that is a template" : "no values"}); the transition is dropped`, at("value"));
        return undefined;
      }
      return pattern(`^\\s*(?:${items.map(escapeRegex).join("|")})\\s*$`);
    }
    case "does_not_match_any_of": {
      const items = anyOf(right);
      if (items.length === 1 && !templated) return inexact("not_equals");
      properties.report("error", `does_not_match_any_of with several values has no Switchboard equivalent (a rule cannot negate a list); the transition is dropped`, at("type"));
      return undefined;
    }
    case "is_blank":
      return { left, operator: "is_empty" };
    case "is_not_blank":
      return { left, operator: "is_not_empty" };
    case "regex":
      return { left, operator: "matches", right };
    case "greater_than":
      return { left, operator: "greater_than", right: trimmed };
    case "less_than":
      return { left, operator: "less_than", right: trimmed };
    default:
      properties.report(
        "error",
        `condition type "${type}" has no Switchboard equivalent (${/_(time|date)$/.test(type) ? "dates and times: use a business-hours node" : "unknown"}); the transition is dropped`,
        at("type"),
      );
      return undefined;
  }
}

/** Studio's comma-separated value list. */
function anyOf(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
