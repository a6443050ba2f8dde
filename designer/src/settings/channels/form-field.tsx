import { type ReactNode, useId } from "react";

/**
 * One labelled input with its help and its problem: the label names the input, the help and the
 * problem describe it (`aria-describedby`), and the problem sits right under it.
 */
export function FormField({ label, help, error, children }: { label: string; help?: ReactNode; error?: string | undefined; children: (props: { id: string; "aria-describedby": string; "aria-invalid": boolean }) => ReactNode }) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({ id, "aria-describedby": [help ? helpId : "", error ? errorId : ""].join(" ").trim(), "aria-invalid": error !== undefined })}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {help && (
        <p id={helpId} className="field-help muted small">
          {help}
        </p>
      )}
    </div>
  );
}
