import { createHash, randomBytes } from "node:crypto";

/** Secrets handed out once (API keys, login cookies): 32 random bytes, base64url, after a prefix. */
export const secretToken = {
  create(prefix = ""): string {
    return `${prefix}${randomBytes(32).toString("base64url")}`;
  },
  /** What the store keeps instead of the secret: its sha256, hex. */
  hash(token: string): string {
    return createHash("sha256").update(token).digest("hex");
  },
};
