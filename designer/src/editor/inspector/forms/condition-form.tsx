import { ConditionOperator, type ConditionRule, UNARY_OPERATORS } from "../../../../../flow-schema/nodes/condition";
import { uniqueId } from "../../store/ids";
import { FieldProblems } from "../fields/field-problems";
import { ListControls } from "../fields/list-controls";
import { moveItem, removeItem, replaceItem } from "../fields/list-edits";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import type { FormProps } from "./form-props";

const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  starts_with: "starts with",
  matches: "matches (regex)",
  less_than: "is less than",
  greater_than: "is greater than",
  is_empty: "is empty",
  is_not_empty: "is not empty",
};
const OPERATORS = ConditionOperator.options.map((operator) => ({ value: operator, label: OPERATOR_LABELS[operator] }));

function withOperator(rule: ConditionRule, operator: ConditionOperator): ConditionRule {
  if (UNARY_OPERATORS.has(operator)) {
    const { right: _unused, ...rest } = rule;
    return { ...rest, operator };
  }
  return { ...rule, operator, right: rule.right ?? "" };
}

export function ConditionForm({ data, errors, onChange }: FormProps<"condition">) {
  const rules = data.rules;
  const setRules = (next: ConditionRule[], coalesce?: string, renames?: Record<string, string>) =>
    onChange({ ...data, rules: next }, { ...(coalesce ? { coalesce } : {}), ...(renames ? { renames } : {}) });
  const add = () => {
    const id = uniqueId(`rule-${rules.length + 1}`, new Set(rules.map((rule) => rule.id)));
    setRules([...rules, { id, left: "{{vars.}}", operator: "equals", right: "" }]);
  };
  return (
    <fieldset className="list-editor">
      <legend>Rules (the first that holds wins)</legend>
      <FieldProblems errors={errors.at("rules")} />
      <ol className="list-rows">
        {rules.map((rule, index) => (
          <li key={index} className="list-row" aria-label={`Rule ${index + 1}`}>
            <div className="list-row-head">
              <span className="list-row-title">Rule {index + 1}</span>
              <ListControls
                index={index}
                count={rules.length}
                what={`rule ${rule.id}`}
                canRemove={rules.length > 1}
                onMove={(from, to) => setRules(moveItem(rules, from, to))}
                onRemove={(at) => setRules(removeItem(rules, at))}
              />
            </div>
            <TextField
              label="Rule id (names its output)"
              value={rule.id}
              monospace
              errors={errors.at("rules", index, "id")}
              onChange={(id) => setRules(replaceItem(rules, index, { ...rule, id }), `rules.${index}.id`, { [`match:${rule.id}`]: `match:${id}` })}
            />
            <TextField label="Value" value={rule.left} monospace placeholder="{{vars.tier}}" errors={errors.at("rules", index, "left")} onChange={(left) => setRules(replaceItem(rules, index, { ...rule, left }), `rules.${index}.left`)} />
            <SelectField label="Operator" value={rule.operator} options={OPERATORS} errors={errors.at("rules", index, "operator")} onChange={(operator) => setRules(replaceItem(rules, index, withOperator(rule, operator)))} />
            {!UNARY_OPERATORS.has(rule.operator) && (
              <TextField
                label={rule.operator === "matches" ? "Pattern" : "Compare with"}
                value={rule.right ?? ""}
                monospace
                errors={errors.at("rules", index, "right")}
                hint={rule.operator === "matches" ? "RE2 syntax, found anywhere in the value: no lookaround or backreferences" : undefined}
                onChange={(right) => setRules(replaceItem(rules, index, { ...rule, right }), `rules.${index}.right`)}
              />
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small add-button" onClick={add} disabled={rules.length >= 50}>
        + Add rule
      </button>
    </fieldset>
  );
}
