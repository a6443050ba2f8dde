import { randomBytes } from "node:crypto";
import type { SrtpPolicy, SrtpSuite } from "./srtp-context";

/** One `a=crypto` line of SDP Security Descriptions (RFC 4568) that we can use. */
export interface SdesCrypto extends SrtpPolicy {
  /** The line's tag: an answer repeats the tag of the offer's line it accepts. */
  tag: number;
}

const SUITES: readonly SrtpSuite[] = ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"];
const KEY_BYTES = 30;

const isSuite = (name: string): name is SrtpSuite => SUITES.some((suite) => suite === name);

/**
 * Reads the value of an `a=crypto:` attribute (`1 AES_CM_128_HMAC_SHA1_80 inline:<base64>|2^31|1:4`).
 * Undefined for anything we cannot honour: another suite, a key that is not 30 bytes, several
 * keys, an MKI longer than 4 bytes, a key derivation rate other than 0, or session parameters that
 * switch encryption or authentication off. A lifetime is accepted (calls never reach 2^31 packets);
 * `WSH` (window size hint) is accepted and ignored.
 */
export function parseSdesCrypto(value: string): SdesCrypto | undefined {
  const [tagText, suite, keyParams, ...sessionParams] = value.trim().split(/\s+/);
  if (tagText === undefined || suite === undefined || keyParams === undefined || !/^\d{1,9}$/.test(tagText) || !isSuite(suite)) return undefined;
  if (keyParams.includes(";")) return undefined;
  const match = /^inline:([A-Za-z0-9+/]+={0,2})(?:\|([^|]*))?(?:\|([^|]*))?$/.exec(keyParams);
  if (match === null) return undefined;
  const keyMaterial = Buffer.from(match[1] ?? "", "base64");
  if (keyMaterial.length !== KEY_BYTES) return undefined;
  let lifetime: string | undefined = match[2];
  let mkiText: string | undefined = match[3];
  // The lifetime is optional: "inline:key|1:4" is a key with an MKI.
  if (mkiText === undefined && lifetime?.includes(":")) {
    mkiText = lifetime;
    lifetime = undefined;
  }
  if (lifetime !== undefined && !/^(?:2\^\d{1,2}|\d{1,20})$/.test(lifetime)) return undefined;
  let mki: Buffer | undefined;
  if (mkiText !== undefined) {
    const mkiMatch = /^(\d{1,10}):(\d)$/.exec(mkiText);
    if (mkiMatch === null) return undefined;
    const length = Number(mkiMatch[2]);
    const mkiValue = Number(mkiMatch[1]);
    if (length < 1 || length > 4 || mkiValue >= 2 ** (8 * length)) return undefined;
    mki = Buffer.alloc(length);
    mki.writeUIntBE(mkiValue, 0, length);
  }
  for (const param of sessionParams) {
    if (/^WSH=\d+$/.test(param)) continue;
    if (param === "KDR=0") continue;
    return undefined;
  }
  return { tag: Number(tagText), suite, keyMaterial, ...(mki === undefined ? {} : { mki }) };
}

/** The value of our `a=crypto:` attribute for a key (no lifetime, no MKI). */
export function formatSdesCrypto(crypto: { tag: number; suite: SrtpSuite; keyMaterial: Buffer }): string {
  return `${crypto.tag} ${crypto.suite} inline:${crypto.keyMaterial.toString("base64")}`;
}

/** A fresh random master key and salt (30 bytes) for what we send. */
export function newSrtpKeyMaterial(): Buffer {
  return randomBytes(KEY_BYTES);
}

export const SDES_SUITES = SUITES;
