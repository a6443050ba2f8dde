import { FieldProblems } from "../fields/field-problems";
import { ListControls } from "../fields/list-controls";
import { moveItem, removeItem, replaceItem } from "../fields/list-edits";
import { TextField } from "../fields/text-field";
import type { FormProps } from "./form-props";

export function SetVariablesForm({ data, errors, onChange }: FormProps<"set_variables">) {
  const assignments = data.assignments;
  type Assignment = (typeof assignments)[number];
  const set = (next: Assignment[], coalesce?: string) => onChange({ ...data, assignments: next }, coalesce ? { coalesce } : {});
  return (
    <fieldset className="list-editor">
      <legend>Assignments (in order)</legend>
      <FieldProblems errors={errors.at("assignments")} />
      <ol className="list-rows">
        {assignments.map((assignment, index) => (
          <li key={index} className="list-row" aria-label={`Assignment ${index + 1}`}>
            <div className="list-row-head">
              <span className="list-row-title">vars.{assignment.name || "…"}</span>
              <ListControls
                index={index}
                count={assignments.length}
                what={`assignment ${assignment.name}`}
                canRemove={assignments.length > 1}
                onMove={(from, to) => set(moveItem(assignments, from, to))}
                onRemove={(at) => set(removeItem(assignments, at))}
              />
            </div>
            <div className="list-row-fields">
              <TextField label="Variable" value={assignment.name} monospace errors={errors.at("assignments", index, "name")} onChange={(name) => set(replaceItem(assignments, index, { ...assignment, name }), `assignments.${index}.name`)} />
              <TextField label="Value" value={assignment.value} monospace errors={errors.at("assignments", index, "value")} onChange={(value) => set(replaceItem(assignments, index, { ...assignment, value }), `assignments.${index}.value`)} />
            </div>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small add-button" onClick={() => set([...assignments, { name: `var_${assignments.length + 1}`, value: "" }])} disabled={assignments.length >= 100}>
        + Add assignment
      </button>
    </fieldset>
  );
}
