import { FieldShell } from "./field-shell";

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
  placeholder?: string | undefined;
  multiline?: boolean;
  monospace?: boolean;
  list?: string | undefined;
  rows?: number;
}

/** A text input (or textarea) with its label and errors. */
export function TextField({ label, value, onChange, errors, hint, placeholder, multiline, monospace, list, rows = 3 }: TextFieldProps) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) =>
        multiline ? (
          <textarea
            id={inputId}
            className={monospace ? "input-mono" : "input-prose"}
            value={value}
            rows={rows}
            placeholder={placeholder}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            id={inputId}
            type="text"
            className={monospace ? "input-mono" : undefined}
            value={value}
            list={list}
            placeholder={placeholder}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </FieldShell>
  );
}
