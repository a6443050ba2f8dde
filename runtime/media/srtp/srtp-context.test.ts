import { RtpHeader, SrtpSession, SrtcpSession, ProtectionProfileAes128CmHmacSha1_80 } from "werift";
import { describe, expect, it } from "vitest";
import { serializeRtp } from "../rtp/rtp-packet";
import { aesCm, estimateIndex, SrtpContext } from "./srtp-context";
import { deriveSessionKeys } from "./srtp-keys";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

/** RFC 3711 Appendix B.3 (and libsrtp's srtp_driver.c test key). */
const MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
const MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
const KEY_MATERIAL = Buffer.concat([MASTER_KEY, MASTER_SALT]);

const rtp = (seq: number, ssrc = 0x11223344, payload = Buffer.alloc(160, seq & 0xff)) =>
  serializeRtp({ marker: false, payloadType: 0, sequenceNumber: seq & 0xffff, timestamp: (seq * 160) >>> 0, ssrc, csrcs: [], payload });

describe("SRTP key derivation and AES-CM (RFC 3711 Appendix B)", () => {
  it("derives B.3's session keys from its master key and salt", () => {
    const keys = deriveSessionKeys(MASTER_KEY, MASTER_SALT, "srtp");
    expect(keys.cipherKey.toString("hex")).toBe("c61e7a93744f39ee10734afe3ff7a087");
    expect(keys.salt.toString("hex")).toBe("30cbbc08863d8c85d49db34a9ae1");
    expect(keys.authKey.toString("hex")).toBe("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
  });

  it("derives the SRTCP keys (labels 3–5) werift derives", () => {
    const keys = deriveSessionKeys(MASTER_KEY, MASTER_SALT, "srtcp");
    expect(keys.cipherKey.toString("hex")).toBe("4c1aa45a81f73d61c800bbb00fbb1eaa");
    expect(keys.authKey.toString("hex")).toBe("8d54534feb49ae8e7993a6bd0b844fc323a93dfd");
    expect(keys.salt.toString("hex")).toBe("9581c7ad87b3e530bf3e4454a8b3");
  });

  it("produces B.2's AES-CM keystream (SSRC 0, index 0)", () => {
    const keys = { cipherKey: hex("2B7E151628AED2A6ABF7158809CF4F3C"), salt: hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), authKey: Buffer.alloc(20) };
    const keystream = aesCm(keys, 0, 0, Buffer.alloc(48));
    expect(keystream.toString("hex")).toBe("e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b02d0f72a43a2fe4a5f97ab" + "41e95b3bb0a2e8dd477901e4fca894c0");
  });
});

describe("SrtpContext", () => {
  // libsrtp's srtp_driver.c reference packets (AES_CM_128_HMAC_SHA1_80, SSRC cafebabe).
  const plainRtp = hex("800f1234decafbad cafebabe abababab abababab abababab abababab");
  const srtp = hex("800f1234decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb");
  const plainRtcp = hex("81c8000b cafebabe abababab abababab abababab abababab");
  const srtcp = hex("81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");

  it("protects and unprotects libsrtp's reference RTP and RTCP packets", () => {
    const sender = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    expect(sender.protectRtp(plainRtp).toString("hex")).toBe(srtp.toString("hex"));
    expect(sender.protectRtcp(plainRtcp).toString("hex")).toBe(srtcp.toString("hex"));
    const receiver = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    expect(receiver.unprotectRtp(srtp)?.toString("hex")).toBe(plainRtp.toString("hex"));
    expect(receiver.unprotectRtcp(srtcp)?.toString("hex")).toBe(plainRtcp.toString("hex"));
  });

  it("refuses every truncation, a flipped bit and a wrong key, and such packets change no state", () => {
    const receiver = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    for (let length = 0; length < srtp.length; length++) expect(receiver.unprotectRtp(srtp.subarray(0, length))).toBeUndefined();
    for (let length = 0; length < srtcp.length; length++) expect(receiver.unprotectRtcp(srtcp.subarray(0, length))).toBeUndefined();
    const flipped = Buffer.from(srtp);
    flipped[14] = (flipped[14] ?? 0) ^ 1;
    expect(receiver.unprotectRtp(flipped)).toBeUndefined();
    const otherKey = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: Buffer.alloc(30, 7) });
    expect(otherKey.unprotectRtp(srtp)).toBeUndefined();
    expect(receiver.failures.authentication).toBeGreaterThan(0);
    // Nothing above moved the replay window: the genuine packets still pass, once.
    expect(receiver.unprotectRtp(srtp)?.equals(plainRtp)).toBe(true);
    expect(receiver.unprotectRtcp(srtcp)?.equals(plainRtcp)).toBe(true);
    expect(receiver.unprotectRtp(srtp)).toBeUndefined();
    expect(receiver.unprotectRtcp(srtcp)).toBeUndefined();
    expect(receiver.failures.replayed).toBe(2);
  });

  it("keeps the rollover counter across the sequence wrap, with packets reordered around it", () => {
    const sender = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    const receiver = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    // 65500 … 65535, then 0 … 103 under ROC 1.
    const sent = Array.from({ length: 140 }, (_, k) => (65500 + k) & 0xffff).map((seq) => ({ seq, packet: sender.protectRtp(rtp(seq)) }));
    // Delivery order: 65535 arrives after 0 and 1 (reordered across the wrap); 5 after 9.
    const order = [...sent];
    const move = (seq: number, after: number) => {
      const [item] = order.splice(order.findIndex((candidate) => candidate.seq === seq), 1);
      if (item !== undefined) order.splice(order.findIndex((candidate) => candidate.seq === after) + 1, 0, item);
    };
    move(65535, 1);
    move(5, 9);
    expect(order.slice(34, 40).map((item) => item.seq)).toEqual([65534, 0, 1, 65535, 2, 3]);
    for (const { seq, packet } of order) expect(receiver.unprotectRtp(packet)?.equals(rtp(seq)), `seq ${seq}`).toBe(true);
    expect(receiver.failures).toEqual({ malformed: 0, authentication: 0, replayed: 0 });
    // A receiver that guessed ROC 0 for the packets after the wrap would fail their tags: check one more directly.
    const stale = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    expect(stale.unprotectRtp(sent[100]?.packet ?? Buffer.alloc(0))).toBeUndefined();
  });

  it("refuses replays and packets older than the 64-packet window", () => {
    const sender = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    const receiver = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: KEY_MATERIAL });
    const packets = Array.from({ length: 100 }, (_, k) => sender.protectRtp(rtp(1000 + k)));
    expect(receiver.unprotectRtp(packets[0] ?? Buffer.alloc(0))).toBeDefined();
    for (const packet of packets.slice(2)) expect(receiver.unprotectRtp(packet)).toBeDefined();
    // Packet 1 is 98 behind the newest: outside the window, refused although never seen.
    expect(receiver.unprotectRtp(packets[1] ?? Buffer.alloc(0))).toBeUndefined();
    expect(receiver.unprotectRtp(packets[99] ?? Buffer.alloc(0))).toBeUndefined();
    expect(receiver.unprotectRtp(packets[50] ?? Buffer.alloc(0))).toBeUndefined();
    expect(receiver.failures.replayed).toBe(3);
  });

  it("speaks the 32-bit tag suite and keys with an MKI", () => {
    const short = { suite: "AES_CM_128_HMAC_SHA1_32" as const, keyMaterial: KEY_MATERIAL };
    const packet = new SrtpContext(short).protectRtp(rtp(7));
    expect(packet.length).toBe(rtp(7).length + 4);
    expect(new SrtpContext(short).unprotectRtp(packet)?.equals(rtp(7))).toBe(true);
    const withMki = { suite: "AES_CM_128_HMAC_SHA1_80" as const, keyMaterial: KEY_MATERIAL, mki: Buffer.from([0, 1]) };
    const tagged = new SrtpContext(withMki).protectRtp(rtp(8));
    expect(tagged.length).toBe(rtp(8).length + 2 + 10);
    expect(new SrtpContext(withMki).unprotectRtp(tagged)?.equals(rtp(8))).toBe(true);
    expect(new SrtpContext({ ...withMki, mki: Buffer.from([0, 2]) }).unprotectRtp(tagged)).toBeUndefined();
  });

  it("interoperates with werift's SRTP and SRTCP both ways", () => {
    const ours = KEY_MATERIAL;
    const theirs = Buffer.alloc(30, 0x5a);
    const werift = new SrtpSession({
      keys: { localMasterKey: theirs.subarray(0, 16), localMasterSalt: theirs.subarray(16), remoteMasterKey: ours.subarray(0, 16), remoteMasterSalt: ours.subarray(16) },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const weriftRtcp = new SrtcpSession({
      keys: { localMasterKey: theirs.subarray(0, 16), localMasterSalt: theirs.subarray(16), remoteMasterKey: ours.subarray(0, 16), remoteMasterSalt: ours.subarray(16) },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const sender = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: ours });
    const receiver = new SrtpContext({ suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: theirs });
    for (const seq of [65533, 65534, 65535, 0, 1, 2]) {
      expect(werift.decrypt(sender.protectRtp(rtp(seq))).equals(rtp(seq))).toBe(true);
      const plain = rtp(seq, 0x55667788);
      const header = new RtpHeader({ payloadType: 0, sequenceNumber: seq, timestamp: (seq * 160) >>> 0, ssrc: 0x55667788, marker: false });
      expect(receiver.unprotectRtp(werift.encrypt(plain.subarray(12), header))?.equals(plain)).toBe(true);
    }
    expect(weriftRtcp.decrypt(sender.protectRtcp(plainRtcp)).equals(plainRtcp)).toBe(true);
    expect(receiver.unprotectRtcp(weriftRtcp.encrypt(plainRtcp))?.equals(plainRtcp)).toBe(true);
  });
});

describe("estimateIndex (RFC 3711 §3.3.1)", () => {
  it("chooses ROC − 1, ROC or ROC + 1", () => {
    expect(estimateIndex(5, 65535)).toBe(65536 + 5);
    expect(estimateIndex(65535, 65536 + 3)).toBe(65535);
    expect(estimateIndex(100, 200)).toBe(100);
    expect(estimateIndex(65000, 10)).toBeUndefined();
  });
});
