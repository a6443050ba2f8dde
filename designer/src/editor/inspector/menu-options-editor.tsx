import { MenuKey, type MenuOption } from "../../../../flow-schema/nodes/menu";
import type { UpdateDataOptions } from "../store/editor-state";
import type { FieldErrors } from "./field-errors";
import { FieldProblems } from "./fields/field-problems";
import { KeywordsField } from "./fields/keywords-field";
import { ListControls } from "./fields/list-controls";
import { moveItem, removeItem, replaceItem } from "./fields/list-edits";
import { SelectField } from "./fields/select-field";
import { TextField } from "./fields/text-field";

const KEYS = MenuKey.options;
const MAX_OPTIONS = 12;

/** The menu's options: key, label and say-keywords; add, remove, reorder. Each option is one handle. */
export function MenuOptionsEditor({ options, errors, onChange }: {
  options: readonly MenuOption[];
  errors: FieldErrors;
  onChange: (options: MenuOption[], update?: UpdateDataOptions) => void;
}) {
  const add = () => {
    const used = new Set(options.map((option) => option.key));
    const key = KEYS.find((candidate) => candidate !== "0" && !used.has(candidate)) ?? KEYS.find((candidate) => !used.has(candidate));
    if (key === undefined) return;
    onChange([...options, { key, label: `Option ${key}` }]);
  };
  return (
    <fieldset className="list-editor">
      <legend>Options</legend>
      <FieldProblems errors={errors.at("options")} />
      <ol className="list-rows">
        {options.map((option, index) => (
          <li key={`${index}-${option.key}`} className="list-row" aria-label={`Option ${index + 1}`}>
            <div className="list-row-head">
              <span className="list-row-title">Option {index + 1}</span>
              <ListControls
                index={index}
                count={options.length}
                what={`option ${option.key}`}
                canRemove={options.length > 1}
                onMove={(from, to) => onChange(moveItem(options, from, to))}
                onRemove={(at) => onChange(removeItem(options, at))}
              />
            </div>
            <div className="list-row-fields list-row-key">
              <SelectField
                label="Key"
                value={option.key}
                options={KEYS.map((key) => ({ value: key, label: key }))}
                errors={errors.at("options", index, "key")}
                onChange={(key) => onChange(replaceItem(options, index, { ...option, key }), { renames: { [`option:${option.key}`]: `option:${key}` } })}
              />
              <TextField
                label="Label"
                value={option.label}
                errors={errors.at("options", index, "label")}
                onChange={(label) => onChange(replaceItem(options, index, { ...option, label }), { coalesce: `options.${index}.label` })}
              />
            </div>
            <KeywordsField
              label="Say keywords"
              value={option.say ?? []}
              errors={errors.within("options", index, "say")}
              hint="Comma-separated words a caller may say or type"
              onChange={(say) => {
                const { say: _old, ...rest } = option;
                onChange(replaceItem(options, index, say.length > 0 ? { ...rest, say } : rest), { coalesce: `options.${index}.say` });
              }}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small add-button" onClick={add} disabled={options.length >= MAX_OPTIONS}>
        + Add option
      </button>
    </fieldset>
  );
}
