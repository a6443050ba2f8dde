import { useEffect, useState } from "react";
import { FieldShell } from "./field-shell";

export interface NumberFieldProps {
  label: string;
  value: number;
  onChange: (value: number) => void;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
  min?: number;
  max?: number;
}

/** A whole-number input: what is typed is kept as text until it is a number, then committed. */
export function NumberField({ label, value, onChange, errors = [], hint, min, max }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current.trim() !== "" ? current : String(value)));
  }, [value]);
  const notNumber = text.trim() === "" || !Number.isFinite(Number(text));
  return (
    <FieldShell label={label} errors={notNumber ? ["enter a number", ...errors] : errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <input
          id={inputId}
          type="number"
          inputMode="numeric"
          value={text}
          min={min}
          max={max}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            setText(event.target.value);
            const parsed = Number(event.target.value);
            if (event.target.value.trim() !== "" && Number.isFinite(parsed)) onChange(parsed);
          }}
          onBlur={() => {
            if (notNumber) setText(String(value));
          }}
        />
      )}
    </FieldShell>
  );
}
