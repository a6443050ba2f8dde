import type { FieldErrors } from "./field-errors";
import { FieldProblems } from "./fields/field-problems";

export interface KeyValueEditorProps {
  legend: string;
  entries: Readonly<Record<string, string>>;
  /** Where the record is in the node's data, for its errors. */
  path: readonly string[];
  errors: FieldErrors;
  keyLabel: string;
  valueLabel: string;
  newKey: string;
  onChange: (entries: Record<string, string>, coalesce?: string) => void;
}

function renameKey(entries: Readonly<Record<string, string>>, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key === from ? to : key, value]));
}

/** Name → value pairs (HTTP headers): add, rename, edit, remove; a name already used is refused. */
export function KeyValueEditor({ legend, entries, path, errors, keyLabel, valueLabel, newKey, onChange }: KeyValueEditorProps) {
  const pairs = Object.entries(entries);
  const add = () => {
    let key = newKey;
    for (let n = 2; Object.hasOwn(entries, key); n++) key = `${newKey}-${n}`;
    onChange({ ...entries, [key]: "" });
  };
  return (
    <fieldset className="list-editor">
      <legend>{legend}</legend>
      {pairs.length === 0 && <p className="field-hint">None.</p>}
      <ul className="list-rows">
        {pairs.map(([key, value], index) => (
          <li key={index} className="kv-row">
            <input
              type="text"
              className="input-mono"
              aria-label={`${keyLabel} ${index + 1}`}
              value={key}
              aria-invalid={errors.within(...path, key).length > 0}
              onChange={(event) => {
                const next = event.target.value;
                if (next !== key && !Object.hasOwn(entries, next)) onChange(renameKey(entries, key, next), `${path.join(".")}.${index}.key`);
              }}
            />
            <input
              type="text"
              aria-label={`${valueLabel} ${index + 1}`}
              value={value}
              onChange={(event) => onChange({ ...entries, [key]: event.target.value }, `${path.join(".")}.${index}.value`)}
            />
            <button
              type="button"
              className="icon-button icon-button-danger"
              aria-label={`Remove ${key || keyLabel}`}
              onClick={() => onChange(Object.fromEntries(pairs.filter(([other]) => other !== key)))}
            >
              ×
            </button>
            <FieldProblems errors={errors.within(...path, key)} />
          </li>
        ))}
      </ul>
      <button type="button" className="button button-small add-button" onClick={add}>
        + Add {keyLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}
