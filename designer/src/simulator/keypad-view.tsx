import { type KeyboardEvent, useEffect, useState } from "react";
import { flushKeys, KEYPAD_KEYS, type KeypadMode, keyFromKeyboard, pressKey } from "./keypad";

const LETTERS: Record<string, string> = { "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ", "0": "+" };

interface Props {
  mode: KeypadMode;
  disabled: boolean;
  /** Changes when a new wait starts: the typed entry is dropped. */
  resetKey: unknown;
  onSend: (digits: string) => void;
}

/**
 * A 12-key phone keypad. Menus get each key at once; a gather's entry is buffered until its
 * terminator, maxDigits or Send. Typing digits, * or # while the keypad has focus presses them.
 */
export function KeypadView({ mode, disabled, resetKey, onSend }: Props) {
  const [buffer, setBuffer] = useState("");
  useEffect(() => setBuffer(""), [resetKey]);

  const press = (key: string) => {
    if (disabled) return;
    const result = pressKey(buffer, key, mode);
    setBuffer(result.buffer);
    if (result.send !== null) onSend(result.send);
  };
  const flush = () => {
    const result = flushKeys(buffer);
    setBuffer(result.buffer);
    if (result.send !== null) onSend(result.send);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Backspace" && mode.kind === "gather") {
      setBuffer((current) => current.slice(0, -1));
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" && mode.kind === "gather" && event.target === event.currentTarget) {
      flush();
      event.preventDefault();
      return;
    }
    const key = keyFromKeyboard(event.key);
    if (key === null || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    press(key);
  };

  const gather = mode.kind === "gather";
  return (
    <div className="sim-keypad-wrap">
      {gather && (
        <div className="sim-entry">
          <output aria-label="Digits typed" className="sim-entry-digits">
            {buffer === "" ? <span className="muted">type the entry, end with {mode.terminator ?? "#"}</span> : buffer}
          </output>
          <button type="button" className="button button-primary" disabled={disabled || buffer === ""} onClick={flush}>
            Send
          </button>
        </div>
      )}
      <div className="sim-keypad" role="group" aria-label="Keypad" tabIndex={0} onKeyDown={onKeyDown}>
        {KEYPAD_KEYS.map((key) => (
          <button key={key} type="button" className="sim-key" disabled={disabled} aria-label={`Key ${key}`} onClick={() => press(key)}>
            <span className="sim-key-digit">{key}</span>
            <span className="sim-key-letters">{LETTERS[key] ?? "\u00a0"}</span>
          </button>
        ))}
      </div>
      <p className="muted small">{mode.kind === "menu" ? "Menu: each key is sent at once." : gather ? "Gather: keys are collected until # or Send." : "Keys are sent at once."}</p>
    </div>
  );
}
