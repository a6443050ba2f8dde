import { FieldShell } from "./field-shell";

export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: ReadonlyArray<SelectOption<T>>;
  onChange: (value: T) => void;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
}

/** A select over a fixed set of values. */
export function SelectField<T extends string>({ label, value, options, onChange, errors, hint }: SelectFieldProps<T>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <select
          id={inputId}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            const picked = options.find((option) => option.value === event.target.value);
            if (picked) onChange(picked.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
