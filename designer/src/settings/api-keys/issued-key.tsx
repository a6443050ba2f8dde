import { useState } from "react";
import { toast } from "../../ui/toasts";
import type { IssuedApiKey } from "../settings-schemas";

/** The new key, with a copy button and the warning that it is not shown again. */
export function IssuedKey({ issued, onDone }: { issued: IssuedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <p className="settings-warning" role="alert">
        Copy this key now: it will not be shown again. Anyone with it can call the API as <strong>{issued.role}</strong>.
      </p>
      <label>
        API key “{issued.name}”
        <input
          className="settings-key"
          readOnly
          value={issued.key}
          aria-label="API key"
          onFocus={(event) => event.currentTarget.select()}
        />
      </label>
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(issued.key);
              setCopied(true);
              toast.success("Copied the key");
            } catch {
              toast.info("Copying is not allowed here: select the key and copy it");
            }
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </>
  );
}
