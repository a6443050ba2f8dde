import { FieldShell } from "./fields/field-shell";
import { TextField } from "./fields/text-field";

export interface PickerItem {
  id: string;
  name: string;
}

/** Picks an id from a list loaded from the server; a text field when the list is unavailable. Keeps an unknown current id visible. */
export function ReferencePicker({ label, value, items, errors, hint, onChange }: {
  label: string;
  value: string;
  items: readonly PickerItem[] | undefined;
  errors: readonly string[];
  hint?: string;
  onChange: (id: string) => void;
}) {
  if (items === undefined || items.length === 0) {
    return <TextField label={label} value={value} errors={errors} hint={hint} monospace onChange={onChange} />;
  }
  const known = items.some((item) => item.id === value);
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <select id={inputId} value={value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => onChange(event.target.value)}>
          {!known && <option value={value}>{value ? `${value} (not found)` : "Choose…"}</option>}
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name === item.id ? item.id : `${item.name} (${item.id})`}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
