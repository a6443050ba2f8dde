import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body bytes keyed with the
 * app secret, compared in constant time. Checked before the body is parsed (re-serialising would
 * change the bytes).
 */
export function validWhatsAppSignature(header: string | null, body: Uint8Array, appSecret: string): boolean {
  if (header === null || !header.startsWith("sha256=")) return false;
  const hex = header.slice("sha256=".length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = createHmac("sha256", appSecret).update(body).digest();
  return timingSafeEqual(Buffer.from(hex, "hex"), expected);
}
