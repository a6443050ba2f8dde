import { type ReactNode, useId } from "react";

export interface FieldShellProps {
  label: string;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A labelled field with its hint and its errors, wired for screen readers. */
export function FieldShell({ label, errors = [], hint, children }: FieldShellProps) {
  const inputId = useId();
  const errorId = `${inputId}-errors`;
  const hintId = `${inputId}-hint`;
  const describedBy = [errors.length > 0 ? errorId : "", hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${errors.length > 0 ? " field-invalid" : ""}`}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      {children({ inputId, describedBy, invalid: errors.length > 0 })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <ul id={errorId} className="field-errors" role="alert">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
