import { useId } from "react";
import { useSoftphone } from "../softphone/softphone-store";
import { dialerActions } from "./dialer-actions";
import { callAvailability } from "./dialer-state";
import { useDialer } from "./dialer-store";

/**
 * The header's Call button: shown when a SIP trunk exists; on when one is enabled and the
 * softphone is connected. Off, it stays focusable (`aria-disabled`) and says why, beside it and
 * as its description; pressing it says it again.
 */
export function CallButton() {
  const trunks = useDialer((store) => store.trunks);
  const voice = useSoftphone((store) => store.status);
  const id = useId();
  const { shown, enabled, reason } = callAvailability(trunks, voice);
  if (!shown) return null;
  return (
    <div className="call-button">
      {reason !== null && (
        <span id={`${id}-why`} className="call-button-why muted small" title={reason}>
          {reason}
        </span>
      )}
      <button
        type="button"
        className="button button-primary button-small"
        aria-haspopup="dialog"
        aria-disabled={!enabled}
        aria-describedby={reason === null ? undefined : `${id}-why`}
        onClick={() => (enabled ? dialerActions.open() : dialerActions.explain(reason))}
      >
        Call
      </button>
    </div>
  );
}
