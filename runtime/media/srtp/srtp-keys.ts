import { createCipheriv } from "node:crypto";

/** The session keys of one direction and one of SRTP or SRTCP (RFC 3711 §4.3). */
export interface SrtpSessionKeys {
  /** AES-128 session encryption key (16 bytes). */
  cipherKey: Buffer;
  /** HMAC-SHA1 session authentication key (20 bytes). */
  authKey: Buffer;
  /** Session salt (14 bytes), XORed into every packet's IV. */
  salt: Buffer;
}

export const MASTER_KEY_BYTES = 16;
export const MASTER_SALT_BYTES = 14;

/** Labels of RFC 3711 §4.3.2: 0–2 for SRTP, 3–5 for SRTCP. */
const LABELS = { srtp: { cipher: 0, auth: 1, salt: 2 }, srtcp: { cipher: 3, auth: 4, salt: 5 } } as const;

/**
 * The AES-CM pseudo-random function of RFC 3711 §4.3.3 with a key derivation rate of 0 (keys are
 * derived once): x = (label · 2^48) XOR master salt, keystream from AES-128-CTR with IV x · 2^16.
 */
function prf(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0);
  // key_id = label || r (48 bits, r = 0) sits at the low 56 bits of the 112-bit salt.
  iv[7] = (iv[7] ?? 0) ^ label;
  return createCipheriv("aes-128-ctr", masterKey, iv).update(Buffer.alloc(length));
}

/** Derives one set of session keys from a 16-byte master key and 14-byte master salt. */
export function deriveSessionKeys(masterKey: Buffer, masterSalt: Buffer, kind: "srtp" | "srtcp"): SrtpSessionKeys {
  if (masterKey.length !== MASTER_KEY_BYTES || masterSalt.length !== MASTER_SALT_BYTES) {
    throw new RangeError(`SRTP master key and salt must be ${MASTER_KEY_BYTES} and ${MASTER_SALT_BYTES} bytes, not ${masterKey.length} and ${masterSalt.length}`);
  }
  const labels = LABELS[kind];
  return {
    cipherKey: prf(masterKey, masterSalt, labels.cipher, 16),
    authKey: prf(masterKey, masterSalt, labels.auth, 20),
    salt: prf(masterKey, masterSalt, labels.salt, 14),
  };
}
