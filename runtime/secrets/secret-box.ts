import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SECRET_KEY_BYTES } from "./secret-key";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The sealed text could not be opened: another key, another channel, or tampered with. */
export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/**
 * AES-256-GCM sealing of small secrets (channel credentials). Sealed text is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), with a random 96-bit IV per seal. The `context`
 * (e.g. the channel id) is authenticated data: a sealed value copied to another row does not open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secret key has ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext, extra] = sealed.split(".");
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || extra !== undefined) {
      throw new SecretBoxError("not a sealed value");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("the sealed value does not open with this key (wrong SWITCHBOARD_SECRET_KEY or secret.key?)");
    }
  }
}
