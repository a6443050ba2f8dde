import { useId } from "react";
import { Dialog } from "../../ui/dialog";
import { DialPad } from "./dial-pad";
import { dialerActions } from "./dialer-actions";
import { numberNote } from "./dialer-state";
import { useDialer } from "./dialer-store";

/**
 * Call a number (seeds 002 and 003): the number, checked as E.164 while it is typed (what is
 * wrong said under it, read out politely), a keypad, the trunk (a choice when there are several,
 * remembered), and Call → POST /api/calls → the call's room opens. Refusals stay here in words.
 */
export function DialerDialog() {
  const state = useDialer((store) => store.dialer);
  const trunks = useDialer((store) => store.trunks);
  const dispatch = useDialer((store) => store.dispatch);
  const id = useId();
  const calling = state.phase === "calling";
  const note = numberNote(state);
  const usable = (trunks ?? []).filter((trunk) => trunk.enabled);
  const chosen = usable.find((trunk) => trunk.id === state.channelId);
  const trunkError = state.error?.field === "channelId" ? state.error.message : undefined;
  return (
    <Dialog title="Call a number" open={state.open} onClose={() => dispatch({ type: "close" })}>
      <form
        className="dialer"
        aria-busy={calling}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void dialerActions.call().then(() => {
            // Still open: the number was not ready, or the call was refused: back to the number.
            if (useDialer.getState().dialer.open) document.getElementById(`${id}-number`)?.focus();
          });
        }}
      >
        <div className={note.tone === "error" ? "dialer-field dialer-field-invalid" : "dialer-field"}>
          <label htmlFor={`${id}-number`}>Number</label>
          <input
            id={`${id}-number`}
            className="dialer-number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            placeholder="+15550100123"
            data-autofocus
            readOnly={calling}
            value={state.text}
            aria-invalid={note.tone === "error"}
            aria-describedby={`${id}-note`}
            onChange={(event) => dispatch({ type: "edit", text: event.target.value })}
          />
          <p id={`${id}-note`} className={`dialer-note dialer-note-${note.tone}`} aria-live="polite">
            {note.text}
          </p>
        </div>

        <DialPad disabled={calling} onKey={(key) => dispatch({ type: "key", key })} onBackspace={() => dispatch({ type: "backspace" })} />

        <div className={trunkError === undefined ? "dialer-field" : "dialer-field dialer-field-invalid"}>
          {usable.length > 1 ? (
            <>
              <label htmlFor={`${id}-trunk`}>Call through</label>
              <select
                id={`${id}-trunk`}
                value={state.channelId}
                disabled={calling}
                aria-invalid={trunkError !== undefined}
                aria-describedby={trunkError === undefined ? undefined : `${id}-trunk-error`}
                onChange={(event) => dialerActions.pickTrunk(event.target.value)}
              >
                {usable.map((trunk) => (
                  <option key={trunk.id} value={trunk.id}>
                    {trunk.name}
                    {trunk.status === "error" ? " (error)" : ""}
                  </option>
                ))}
              </select>
            </>
          ) : chosen !== undefined ? (
            <p className="muted small">
              Through <strong>{chosen.name}</strong>
            </p>
          ) : (
            <p className="form-error" role="alert">
              No SIP trunk is enabled: an admin can enable one under Settings → Channels.
            </p>
          )}
          {trunkError !== undefined && (
            <p id={`${id}-trunk-error`} className="dialer-note dialer-note-error">
              {trunkError}
            </p>
          )}
          {chosen?.status === "error" && (
            <p className="dialer-note dialer-note-warning" role="note">
              “{chosen.name}” reports a problem: {chosen.statusMessage ?? "see its status under Settings → Channels"}
            </p>
          )}
        </div>

        {state.error !== null && state.error.field === null && (
          <p className="form-error" role="alert">
            {state.error.message}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => dispatch({ type: "close" })}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={calling}>
            {calling ? "Calling…" : "Call"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
