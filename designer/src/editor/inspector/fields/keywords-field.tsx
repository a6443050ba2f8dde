import { useEffect, useState } from "react";
import { FieldShell } from "./field-shell";

export function parseKeywords(text: string): string[] {
  return text
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((word, index) => word === b[index]);

/** Comma-separated words, edited as text and committed as a list. */
export function KeywordsField({ label, value, onChange, errors, hint }: {
  label: string;
  value: readonly string[];
  onChange: (words: string[]) => void;
  errors?: readonly string[];
  hint?: string;
}) {
  const [text, setText] = useState(value.join(", "));
  useEffect(() => {
    setText((current) => (same(parseKeywords(current), value) ? current : value.join(", ")));
  }, [value]);
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <input
          id={inputId}
          type="text"
          value={text}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            setText(event.target.value);
            const words = parseKeywords(event.target.value);
            if (!same(words, value)) onChange(words);
          }}
        />
      )}
    </FieldShell>
  );
}
