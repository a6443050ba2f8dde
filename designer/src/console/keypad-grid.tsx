import type { ReactNode } from "react";

/** The twelve keys of a phone, with their letters. */
export const PHONE_KEYS: ReadonlyArray<readonly [string, string]> = [
  ["1", ""],
  ["2", "ABC"],
  ["3", "DEF"],
  ["4", "GHI"],
  ["5", "JKL"],
  ["6", "MNO"],
  ["7", "PQRS"],
  ["8", "TUV"],
  ["9", "WXYZ"],
  ["*", ""],
  ["0", "+"],
  ["#", ""],
];

/** A phone's keys as buttons, three a row (each named by its key): the DTMF keypad of a call and the dialer's pad. */
export function KeypadGrid({
  keys = PHONE_KEYS,
  onKey,
  disabled = false,
  children,
}: {
  keys?: ReadonlyArray<readonly [string, string]>;
  onKey: (key: string) => void;
  disabled?: boolean;
  /** More buttons after the keys (the dialer's delete key). */
  children?: ReactNode;
}) {
  return (
    <div className="dtmf-keys">
      {keys.map(([key, letters]) => (
        <button key={key} type="button" className="dtmf-key" aria-label={key} disabled={disabled} onClick={() => onKey(key)}>
          <span className="dtmf-digit">{key}</span>
          <span className="dtmf-letters" aria-hidden="true">
            {letters}
          </span>
        </button>
      ))}
      {children}
    </div>
  );
}
