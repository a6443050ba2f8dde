import { useState } from "react";

/** An on/off switch that waits for `onChange` to finish (a PUT) before it can be flipped again. */
export function EnabledSwitch({ checked, label, onChange }: { checked: boolean; label: string; onChange: (enabled: boolean) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <label className="switch" title={checked ? "Enabled: click to disable" : "Disabled: click to enable"}>
      <input
        type="checkbox"
        role="switch"
        aria-label={label}
        checked={checked}
        disabled={busy}
        onChange={async (event) => {
          setBusy(true);
          try {
            await onChange(event.currentTarget.checked);
          } finally {
            setBusy(false);
          }
        }}
      />
      <span className="switch-track" aria-hidden="true" />
    </label>
  );
}
