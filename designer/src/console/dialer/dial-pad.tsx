import { KeypadGrid, PHONE_KEYS } from "../keypad-grid";
import { isDialKey } from "./dialer-state";

const DIAL_PAD_KEYS: ReadonlyArray<readonly [string, string]> = [...PHONE_KEYS, ["+", ""]];

/**
 * The dialer's keypad: 0–9, * and # and +, and a key deleting the last character. The keys can
 * also be typed while a key has focus (Backspace deletes); the number field takes typing itself.
 */
export function DialPad({ onKey, onBackspace, disabled }: { onKey: (key: string) => void; onBackspace: () => void; disabled: boolean }) {
  return (
    <div
      className="dial-pad"
      role="group"
      aria-label="Keypad"
      onKeyDown={(event) => {
        if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
        if (isDialKey(event.key)) {
          event.preventDefault();
          onKey(event.key);
        } else if (event.key === "Backspace") {
          event.preventDefault();
          onBackspace();
        }
      }}
    >
      <KeypadGrid keys={DIAL_PAD_KEYS} onKey={onKey} disabled={disabled}>
        <button type="button" className="dtmf-key dial-pad-delete" aria-label="Delete the last digit" disabled={disabled} onClick={onBackspace}>
          <span className="dtmf-digit" aria-hidden="true">
            ⌫
          </span>
        </button>
      </KeypadGrid>
    </div>
  );
}
