import type { ExtractField, ExtractSchema } from "../../../../../flow-schema/nodes/ai-agent";
import type { FieldErrors } from "../field-errors";
import { CheckboxField } from "../fields/checkbox-field";
import { FieldProblems } from "../fields/field-problems";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";

const TYPES = [
  { value: "string", label: "Text" },
  { value: "number", label: "Number" },
  { value: "integer", label: "Whole number" },
  { value: "boolean", label: "Yes / no" },
] as const;

/**
 * The fields the model fills (`extract`), one row each: variable name, type, description,
 * required. Renaming keeps the order; removing the last field removes `extract`.
 */
export function ExtractFieldsEditor({ extract, errors, onChange }: { extract: ExtractSchema | undefined; errors: FieldErrors; onChange: (extract: ExtractSchema | undefined, coalesce?: string) => void }) {
  const fields = Object.entries(extract?.properties ?? {});
  const required = new Set(extract?.required ?? []);
  const write = (next: Array<[string, ExtractField]>, nextRequired: Set<string>, coalesce?: string) => {
    if (next.length === 0) return onChange(undefined);
    const names = new Set(next.map(([name]) => name));
    const kept = [...nextRequired].filter((name) => names.has(name));
    onChange({ type: "object", properties: Object.fromEntries(next), ...(kept.length === 0 ? {} : { required: kept }) }, coalesce);
  };
  return (
    <fieldset className="list-editor">
      <legend>Extract (variables the model fills)</legend>
      <FieldProblems errors={errors.at("extract")} />
      <ol className="list-rows">
        {fields.map(([name, field], index) => (
          <li key={index} className="list-row" aria-label={`Field ${name}`}>
            <div className="list-row-head">
              <span className="list-row-title">vars.{name || "…"}</span>
              <button type="button" className="button button-small" aria-label={`Remove field ${name}`} onClick={() => write(fields.filter((_entry, at) => at !== index), required)}>
                ✕
              </button>
            </div>
            <div className="list-row-fields">
              <div className="field-row">
                <TextField
                  label="Variable"
                  value={name}
                  monospace
                  errors={errors.at("extract", "properties", name)}
                  onChange={(renamed) => {
                    const nextRequired = new Set([...required].map((entry) => (entry === name ? renamed : entry)));
                    write(fields.map((entry, at) => (at === index ? [renamed, field] : entry)), nextRequired, `extract.${index}.name`);
                  }}
                />
                <SelectField label="Type" value={field.type} options={TYPES} onChange={(type) => write(fields.map((entry, at) => (at === index ? [name, { ...field, type }] : entry)), required)} />
              </div>
              <TextField
                label="Description"
                value={field.description ?? ""}
                onChange={(description) => {
                  const { description: _old, ...rest } = field;
                  write(fields.map((entry, at) => (at === index ? [name, description === "" ? rest : { ...rest, description }] : entry)), required, `extract.${index}.description`);
                }}
              />
              <CheckboxField
                label="Required"
                checked={required.has(name)}
                onChange={(checked) => {
                  const next = new Set(required);
                  if (checked) next.add(name);
                  else next.delete(name);
                  write(fields, next);
                }}
              />
            </div>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small add-button" onClick={() => write([...fields, [`field_${fields.length + 1}`, { type: "string" }]], required)}>
        + Add field
      </button>
    </fieldset>
  );
}
