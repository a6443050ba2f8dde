import { useState } from "react";
import { toast } from "../../ui/toasts";

/** Writes `text` to the clipboard and says so (or says how to copy by hand). */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`Copied “${what}” to the clipboard`);
    return true;
  } catch {
    toast.info(`Copying is not allowed here: select “${what}” and copy it`);
    return false;
  }
}

/** A value to paste somewhere else: read-only, selected on focus, with a Copy button. */
export function CopyField({ label, value, hint, multiline }: { label: string; value: string; hint?: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <div className="copy-field-label">
        <span className="strong">{label}</span>
        {hint && <span className="muted small">{hint}</span>}
      </div>
      <div className="copy-field-row">
        {multiline ? (
          <textarea readOnly rows={3} value={value} aria-label={label} onFocus={(event) => event.currentTarget.select()} />
        ) : (
          <input readOnly value={value} aria-label={label} onFocus={(event) => event.currentTarget.select()} />
        )}
        <button type="button" className="button" aria-label={`Copy ${label}`} onClick={async () => setCopied(await copyText(value, label))}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
