import { type ReactNode, useId } from "react";

/** The API's messages start in lower case (`a Twilio Account SID is …`); under a field they read as a sentence. */
export const sentence = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * One labelled input with its help and its problem: the label names the input, the help and the
 * problem describe it (`aria-describedby`), and the problem sits right under it.
 */
export function FormField({ label, help, error, children }: { label: string; help?: ReactNode; error?: string | undefined; children: (props: { id: string; "aria-describedby": string; "aria-invalid": boolean }) => ReactNode }) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={error ? "channel-field channel-field-invalid" : "channel-field"}>
      <label htmlFor={id} className="channel-field-label">
        {label}
      </label>
      {children({ id, "aria-describedby": [help ? helpId : "", error ? errorId : ""].join(" ").trim(), "aria-invalid": error !== undefined })}
      {error && (
        <p id={errorId} className="channel-field-error">
          {sentence(error)}
        </p>
      )}
      {help && (
        <p id={helpId} className="channel-field-help muted small">
          {help}
        </p>
      )}
    </div>
  );
}
