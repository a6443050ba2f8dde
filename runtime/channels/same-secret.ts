import { timingSafeEqual } from "node:crypto";

/** Constant-time equality of a token a request carries and the stored one (WhatsApp verify token, Telegram secret token). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
