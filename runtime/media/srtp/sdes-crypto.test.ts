import { describe, expect, it } from "vitest";
import { formatSdesCrypto, newSrtpKeyMaterial, parseSdesCrypto } from "./sdes-crypto";

const KEY = Buffer.from(Array.from({ length: 30 }, (_, k) => k));
const INLINE = KEY.toString("base64");

describe("SDES a=crypto (RFC 4568)", () => {
  it("reads the lines baresip and carriers send", () => {
    expect(parseSdesCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}`)).toEqual({ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY });
    expect(parseSdesCrypto(`2 AES_CM_128_HMAC_SHA1_32 inline:${INLINE}|2^31`)).toEqual({ tag: 2, suite: "AES_CM_128_HMAC_SHA1_32", keyMaterial: KEY });
    expect(parseSdesCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}|2^20|1:4`)).toEqual({ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY, mki: Buffer.from([0, 0, 0, 1]) });
    expect(parseSdesCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}|3:1 WSH=64`)).toEqual({ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY, mki: Buffer.from([3]) });
  });

  it("refuses what it cannot honour", () => {
    for (const line of [
      `1 AEAD_AES_128_GCM inline:${INLINE}`,
      `1 AES_256_CM_HMAC_SHA1_80 inline:${INLINE}`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${KEY.subarray(0, 29).toString("base64")}`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE} UNENCRYPTED_SRTP`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE} KDR=10`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE};inline:${INLINE}`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}|2^31|300:1`,
      `1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}|2^31|1:9`,
      `x AES_CM_128_HMAC_SHA1_80 inline:${INLINE}`,
      "1 AES_CM_128_HMAC_SHA1_80",
      "",
      "1 AES_CM_128_HMAC_SHA1_80 inline:!!!",
    ]) {
      expect(parseSdesCrypto(line), line).toBeUndefined();
    }
  });

  it("writes a line it reads back, with a fresh key each time", () => {
    const keyMaterial = newSrtpKeyMaterial();
    expect(keyMaterial.length).toBe(30);
    expect(newSrtpKeyMaterial().equals(keyMaterial)).toBe(false);
    const line = formatSdesCrypto({ tag: 3, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial });
    expect(parseSdesCrypto(line)).toEqual({ tag: 3, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial });
  });
});
