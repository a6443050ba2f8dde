import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** AES-256 needs exactly this many key bytes. */
export const SECRET_KEY_BYTES = 32;

/** The key file created in the data directory when `SWITCHBOARD_SECRET_KEY` is unset. */
export const SECRET_KEY_FILE = "secret.key";

/** A 32-byte key written as 64 hex digits or as base64 (standard or url-safe); undefined when it is neither. */
export function decodeSecretKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined;
  const key = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === SECRET_KEY_BYTES ? key : undefined;
}

export interface SecretKeySource {
  /** `SWITCHBOARD_SECRET_KEY`, when set. */
  secretKey?: string | undefined;
  /** Where the key file lives otherwise. */
  dataDir: string;
}

export interface ResolvedSecretKey {
  key: Buffer;
  /** "env", or the path of the key file. */
  origin: string;
  /** True when the key file was created just now. */
  created: boolean;
}

/**
 * The key that seals channel credentials: `SWITCHBOARD_SECRET_KEY`, else `<dataDir>/secret.key`
 * (base64), created with mode 0600 when missing. Losing the key makes stored credentials
 * unreadable: back it up with the database.
 */
export function resolveSecretKey(source: SecretKeySource): ResolvedSecretKey {
  if (source.secretKey !== undefined && source.secretKey.trim() !== "") {
    const key = decodeSecretKey(source.secretKey);
    if (key === undefined) throw new Error("SWITCHBOARD_SECRET_KEY must be 32 bytes written as base64 or as 64 hex digits");
    return { key, origin: "env", created: false };
  }
  mkdirSync(source.dataDir, { recursive: true });
  const file = join(source.dataDir, SECRET_KEY_FILE);
  let created = false;
  try {
    // "wx": fails when the file exists, so two processes starting at once cannot overwrite each other's key.
    writeFileSync(file, `${randomBytes(SECRET_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    created = true;
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
  // The umask may have narrowed the mode further; it must never be wider.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = decodeSecretKey(readFileSync(file, "utf8"));
  if (key === undefined) throw new Error(`${file} does not hold a 32-byte key (base64 or hex)`);
  return { key, origin: file, created };
}
