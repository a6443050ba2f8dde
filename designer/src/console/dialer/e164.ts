/** E.164: a `+`, then the country code and number, 8 to 15 digits in all, never starting with 0. */
export const E164_MIN_DIGITS = 8;
export const E164_MAX_DIGITS = 15;

/** Spaces, dashes, dots and brackets people write numbers with (`+1 (555) 010-0123`): dropped. */
const SEPARATORS = /[\s().\-\u00a0]/g;

/**
 * What the dialer makes of a number as typed: the number to dial (separators dropped), and what
 * is wrong with it. `incomplete`: nothing wrong yet, it is only short (the agent is still
 * typing); `invalid`: it cannot become a number by typing on.
 */
export type NumberCheck =
  | { ok: true; number: string }
  | { ok: false; number: string; severity: "incomplete" | "invalid"; problem: string };

/** Checks a dialled number as E.164, saying what is wrong in words. */
export function checkNumber(text: string): NumberCheck {
  const number = text.replace(SEPARATORS, "");
  const fail = (severity: "incomplete" | "invalid", problem: string): NumberCheck => ({ ok: false, number, severity, problem });
  if (number === "") return fail("incomplete", "Enter the number with + and the country code, e.g. +15550100123");
  if (!number.startsWith("+")) {
    return /^[0-9]+$/.test(number)
      ? fail("invalid", `Start with + and the country code (e.g. +1 for the US, +44 for the UK), not ${number.startsWith("0") ? "a trunk prefix 0" : "the bare number"}`)
      : fail("invalid", "Start with + and the country code, e.g. +15550100123");
  }
  const digits = number.slice(1);
  const stray = digits.replace(/[0-9]/g, "");
  if (stray.includes("+")) return fail("invalid", "Only one +, at the start");
  if (stray !== "") return fail("invalid", `Only digits after the +: remove ${[...new Set(stray)].map((character) => `“${character}”`).join(", ")}`);
  if (digits === "") return fail("incomplete", "Now the country code and the number");
  if (digits.startsWith("0")) return fail("invalid", "A country code never starts with 0: drop the 0 after the +");
  if (digits.length < E164_MIN_DIGITS) return fail("incomplete", `Too short: ${digits.length} ${digits.length === 1 ? "digit" : "digits"}, a number has ${E164_MIN_DIGITS} to ${E164_MAX_DIGITS}`);
  if (digits.length > E164_MAX_DIGITS) return fail("invalid", `Too long: ${digits.length} digits, a number has at most ${E164_MAX_DIGITS}`);
  return { ok: true, number };
}

/** Whether a party's address is a phone number that can be dialled back. */
export const isDiallable = (address: string | null): address is string => address !== null && checkNumber(address).ok;
