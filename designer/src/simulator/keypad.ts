import type { WaitInfo } from "./wait-info";

/** The 12 keys of a phone keypad, in keypad order. */
export const KEYPAD_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

/**
 * How keys are sent: `menu` sends each key at once (one key chooses), `gather` buffers an entry
 * until the terminator, maxDigits or Send, `free` sends each key at once (nothing waits for keys:
 * the engine keeps them as barge-in or ignores them).
 */
export type KeypadMode = { kind: "menu" } | { kind: "gather"; terminator?: "#" | "*"; maxDigits?: number } | { kind: "free" };

/** The keypad mode for what the session waits for (decided from the last collect). */
export function keypadMode(wait: WaitInfo | null): KeypadMode {
  if (wait?.kind !== "input") return { kind: "free" };
  if (wait.mode === "menu") return { kind: "menu" };
  return { kind: "gather", ...(wait.terminator === undefined ? {} : { terminator: wait.terminator }), ...(wait.maxDigits === undefined ? {} : { maxDigits: wait.maxDigits }) };
}

export interface KeyResult {
  /** The entry typed so far, still to send. */
  buffer: string;
  /** Digits to send now, if any. */
  send: string | null;
}

/** A key pressed on the keypad. */
export function pressKey(buffer: string, key: string, mode: KeypadMode): KeyResult {
  if (mode.kind !== "gather") return { buffer: "", send: buffer + key };
  const terminator = mode.terminator ?? "#";
  if (key === terminator) return { buffer: "", send: buffer === "" ? key : buffer };
  const next = buffer + key;
  if (mode.maxDigits !== undefined && next.length >= mode.maxDigits) return { buffer: "", send: next };
  return { buffer: next, send: null };
}

/** The Send button: the buffered entry, if any. */
export function flushKeys(buffer: string): KeyResult {
  return { buffer: "", send: buffer === "" ? null : buffer };
}

/** The keypad key for a keyboard key (digits, * and #, numpad included), else null. */
export function keyFromKeyboard(key: string): string | null {
  if (/^[0-9*#]$/.test(key)) return key;
  if (key === "Multiply") return "*";
  return null;
}
