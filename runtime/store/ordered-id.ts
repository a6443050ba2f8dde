import { randomUUID } from "node:crypto";

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Rows keyed by it land at
 * the end of their primary-key index instead of on a random page, so a write dirties fewer pages
 * (append-only tables: the inbound log, timers). The random part comes from `randomUUID` (Node
 * keeps a pool of random bytes for it; `randomBytes(16)` per id asked OpenSSL each time).
 * Unguessable enough for row ids, not a secret.
 */
export function orderedId(now = Date.now()): string {
  const time = (Math.max(0, Math.trunc(now)) % 2 ** 48).toString(16).padStart(12, "0");
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx: keep its variant and random bits
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
