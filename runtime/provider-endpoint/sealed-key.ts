import { z } from "zod";
import type { SecretBox } from "../secrets/secret-box";

/** What admins send for a provider's key: omitted keeps the stored one, null removes it. */
export const ApiKeyInput = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .nullable()
  .optional()
  .describe("Stored sealed, never returned. Omit to keep the stored key, null to remove it");

/**
 * The sealed key to store: `input` undefined keeps `current` (already sealed), null removes it, a
 * string is sealed with `context` (the row it belongs to, so a sealed key copied to another row does not open).
 */
export function nextSealedKey(box: SecretBox, input: string | null | undefined, current: string | null | undefined, context: string): string | null {
  if (input === undefined) return current ?? null;
  return input === null ? null : box.seal(input, context);
}

/** The stored key opened (undefined when none). Throws `SecretBoxError` when it does not open. */
export function openSealedKey(box: SecretBox, sealed: string | null, context: string): string | undefined {
  return sealed === null ? undefined : box.open(sealed, context);
}
