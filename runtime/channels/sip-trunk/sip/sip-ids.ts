import { randomBytes } from "node:crypto";
import { MAGIC_COOKIE } from "./via";

/** A new Via branch: the RFC 3261 magic cookie and 64 random bits. */
export function newBranch(): string {
  return `${MAGIC_COOKIE}${randomBytes(8).toString("hex")}`;
}

/** A new From/To tag (64 random bits). */
export function newTag(): string {
  return randomBytes(8).toString("hex");
}

/** A new Call-ID (128 random bits), `@host` appended when given. */
export function newCallId(host?: string): string {
  const id = randomBytes(16).toString("hex");
  return host ? `${id}@${host}` : id;
}
