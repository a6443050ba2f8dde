import { UniqueIds } from "../../whatomate/unique-ids";
import type { StudioCondition, StudioTransition } from "../source-flow";
import type { WidgetMapper } from "../widget-mapper";
import type { WidgetProperties } from "../widget-properties";
import { conditionRule, type RuleParts } from "./split-condition";

/**
 * split-based-on → a condition. Each `match` transition holds its test in `conditions`
 * (`{arguments: [subject], type, value}`) and becomes one rule (handle `match:<id>`), in order;
 * `noMatch` → no_match. The subject is the condition's argument, else `properties.input`.
 */
export const splitBasedOnMapper: WidgetMapper = {
  map: ({ state, properties }) => {
    const input = properties.liquid("input");
    const ids = new UniqueIds();
    const ruleOf = new Map<number, string>();
    const rules: Array<RuleParts & { id: string }> = [];
    state.transitions.forEach((transition, index) => {
      if (transition.event !== "match") return;
      const rule = ruleFor(transition, index, input, properties);
      if (rule === undefined) return;
      const id = ids.allocate(ruleName(transition.conditions?.[0]), `rule-${index}`);
      ruleOf.set(index, id);
      rules.push({ id, ...rule });
    });
    if (rules.length === 0) properties.error("has no condition Switchboard can test; everything takes No Match", "input");
    return {
      type: "condition",
      data: { rules: rules.length > 0 ? rules : [{ id: "never", left: "", operator: "is_not_empty" }] },
      handles: (transition, index) => {
        if (transition.event === "noMatch") return ["no_match"];
        const rule = ruleOf.get(index);
        if (rule !== undefined) return [`match:${rule}`];
        if (transition.event === "match") return { reason: "its condition could not be converted" };
        return { reason: `a split-based-on has no "${transition.event}" outcome` };
      },
    };
  },
};

function ruleFor(transition: StudioTransition, index: number, input: string | undefined, properties: WidgetProperties): RuleParts | undefined {
  const conditions = transition.conditions ?? [];
  const [first, ...others] = conditions;
  if (first === undefined) {
    properties.report("error", `transition ${index} is a match with no conditions; it is dropped`, properties.transition(index));
    return undefined;
  }
  if (others.length > 0) {
    properties.report(
      "error",
      `transition ${index} needs all of its ${conditions.length} conditions; only the first is tested (chain a second condition node for the others)`,
      properties.transition(index, "conditions", 1),
    );
  }
  const argument = first.arguments?.[0];
  const subject =
    typeof argument === "string" && argument.trim() !== "" ? properties.liquidAt(argument, properties.transition(index, "conditions", 0, "arguments", 0)) : input;
  if (subject === undefined) {
    properties.report("error", `transition ${index} has nothing to test (no input, no argument); it is dropped`, properties.transition(index, "conditions", 0));
    return undefined;
  }
  return conditionRule(first, subject, properties, (...segments) => properties.transition(index, "conditions", 0, ...segments));
}

/** The rule's id: the condition's value when it makes a readable id (`1`, `yes`), else its friendly name; is_blank and is_not_blank by their type. */
function ruleName(condition: StudioCondition | undefined): string {
  if (condition?.type === "is_blank" || condition?.type === "is_not_blank") return condition.type;
  const value = condition?.value;
  if ((typeof value === "string" || typeof value === "number") && /^[A-Za-z0-9 _-]{1,30}$/.test(String(value).trim())) return String(value).trim();
  return condition?.friendly_name ?? "rule";
}
