import { randomBytes } from "node:crypto";

/** SDES suites (RFC 4568) with their master key + salt length in bytes. */
export const SDES_SUITES: Record<string, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
};

/** One `a=crypto:` line (RFC 4568 §9.1), with its first inline key read. */
export interface SdpCrypto {
  tag: number;
  suite: string;
  /** base64 of the master key and salt (30 bytes for the AES_CM_128 suites). */
  keySalt: string;
  /** `2^20` or a number, when given. */
  lifetime: string | undefined;
  /** `1:4` (MKI value : length), when given. */
  mki: string | undefined;
  /** Session parameters after the key parameters (`UNENCRYPTED_SRTCP`, …), as written. */
  sessionParams: string[];
}

const CRYPTO = /^(\d{1,9}) ([A-Za-z0-9_]{1,64}) inline:([A-Za-z0-9+/]+={0,2})(?:\|([0-9^]{1,12}))?(?:\|(\d{1,10}:\d{1,3}))?((?: \S{1,128}){0,16})$/;

/** Reads the value of an `a=crypto:` attribute; undefined when it is not one we can read. */
export function parseCrypto(value: string): SdpCrypto | undefined {
  const match = CRYPTO.exec(value.trim());
  if (!match) return undefined;
  const [, tag = "", suite = "", keySalt = "", lifetime, mki, params = ""] = match;
  return { tag: Number(tag), suite: suite.toUpperCase(), keySalt, lifetime, mki, sessionParams: params.trim() === "" ? [] : params.trim().split(" ") };
}

export function formatCrypto(crypto: SdpCrypto): string {
  const key = `inline:${crypto.keySalt}${crypto.lifetime ? `|${crypto.lifetime}` : ""}${crypto.mki ? `|${crypto.mki}` : ""}`;
  return [String(crypto.tag), crypto.suite, key, ...crypto.sessionParams].join(" ");
}

/** Whether the key decodes to the length its suite needs. */
export function cryptoKeyFits(crypto: SdpCrypto): boolean {
  const length = SDES_SUITES[crypto.suite];
  return length !== undefined && Buffer.from(crypto.keySalt, "base64").length === length;
}

/** A fresh master key and salt for `suite`, base64. */
export function newSdesKey(suite: string): string {
  return randomBytes(SDES_SUITES[suite] ?? 30).toString("base64");
}
