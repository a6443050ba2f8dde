import { createCipheriv, createHmac, timingSafeEqual } from "node:crypto";
import { deriveSessionKeys, MASTER_KEY_BYTES, MASTER_SALT_BYTES, type SrtpSessionKeys } from "./srtp-keys";

/** The SDES crypto suites we speak (RFC 4568 §6.2): AES-128 counter mode, HMAC-SHA1 tags of 80 or 32 bits. */
export type SrtpSuite = "AES_CM_128_HMAC_SHA1_80" | "AES_CM_128_HMAC_SHA1_32";

/** RTP auth tag bytes per suite; SRTCP always uses 80 bits (RFC 4568 §6.2.2). */
const RTP_TAG_BYTES: Record<SrtpSuite, number> = { AES_CM_128_HMAC_SHA1_80: 10, AES_CM_128_HMAC_SHA1_32: 4 };
const RTCP_TAG_BYTES = 10;
/** RFC 3711 §3.3.2: at least 64 packets. */
const REPLAY_WINDOW = 64n;
const SEQ_MOD = 65536;
const MAX_SSRCS = 16;

export interface SrtpPolicy {
  suite: SrtpSuite;
  /** The 30 bytes of an SDES `inline:` key: 16-byte master key followed by the 14-byte master salt. */
  keyMaterial: Buffer;
  /** The MKI carried in every packet, when the key declared one (RFC 4568 §6.1). */
  mki?: Buffer;
}

/** Why a packet was refused: counted per context. */
export interface SrtpFailures {
  malformed: number;
  authentication: number;
  replayed: number;
}

interface ReplayState {
  /** Highest index accepted (RTP: ROC · 2^16 + SEQ, 48 bits; RTCP: the 31-bit SRTCP index). */
  highest: number;
  /** Bit i set: index `highest − i` was accepted. */
  window: bigint;
}

/**
 * SRTP and SRTCP (RFC 3711) for one direction of one SDES key: `protect*` what we send with our
 * key, `unprotect*` what the peer sends with theirs (one context each). AES-CM with HMAC-SHA1,
 * key derivation rate 0, the rollover counter kept per SSRC by the index estimate of RFC 3711
 * §3.3.1 (so a reordered packet around a sequence wrap gets the right ROC), and a 64-packet replay
 * window. State only moves for packets that authenticate: forged or replayed ones change nothing.
 */
export class SrtpContext {
  readonly suite: SrtpSuite;
  readonly failures: SrtpFailures = { malformed: 0, authentication: 0, replayed: 0 };
  private readonly rtpKeys: SrtpSessionKeys;
  private readonly rtcpKeys: SrtpSessionKeys;
  private readonly rtpTagBytes: number;
  private readonly mki: Buffer;
  /** Sender: highest RTP index sent per SSRC; receiver: replay state per SSRC. */
  private readonly rtpState = new Map<number, ReplayState>();
  private readonly rtcpState = new Map<number, ReplayState>();
  private readonly rtcpSent = new Map<number, number>();

  constructor(policy: SrtpPolicy) {
    if (policy.keyMaterial.length !== MASTER_KEY_BYTES + MASTER_SALT_BYTES) throw new RangeError(`an SRTP key is ${MASTER_KEY_BYTES + MASTER_SALT_BYTES} bytes, not ${policy.keyMaterial.length}`);
    const masterKey = policy.keyMaterial.subarray(0, MASTER_KEY_BYTES);
    const masterSalt = policy.keyMaterial.subarray(MASTER_KEY_BYTES);
    this.suite = policy.suite;
    this.rtpKeys = deriveSessionKeys(masterKey, masterSalt, "srtp");
    this.rtcpKeys = deriveSessionKeys(masterKey, masterSalt, "srtcp");
    this.rtpTagBytes = RTP_TAG_BYTES[policy.suite];
    this.mki = policy.mki ?? Buffer.alloc(0);
  }

  /** An RTP packet as SRTP: header in clear, payload encrypted, MKI and auth tag appended. Throws a RangeError for a packet that is not RTP. */
  protectRtp(packet: Buffer): Buffer {
    const headerLength = rtpHeaderLength(packet);
    if (headerLength === undefined) throw new RangeError("not an RTP packet");
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    const state = this.rtpState.get(ssrc);
    // A packet from before the first one sent (a relay reordering across the start) keeps ROC 0.
    const index = state === undefined ? seq : (estimateIndex(seq, state.highest) ?? seq);
    if (state === undefined) this.remember(this.rtpState, ssrc, { highest: index, window: 1n });
    else if (index > state.highest) state.highest = index;
    const encrypted = Buffer.concat([packet.subarray(0, headerLength), aesCm(this.rtpKeys, ssrc, index, packet.subarray(headerLength))]);
    const tag = this.tag(this.rtpKeys, encrypted, roc(index), this.rtpTagBytes);
    return Buffer.concat([encrypted, this.mki, tag]);
  }

  /** The RTP packet inside an SRTP one, or undefined (counted) when it is malformed, forged or replayed. */
  unprotectRtp(packet: Buffer): Buffer | undefined {
    const trailer = this.mki.length + this.rtpTagBytes;
    const headerLength = packet.length >= 12 + trailer ? rtpHeaderLength(packet.subarray(0, packet.length - trailer)) : undefined;
    if (headerLength === undefined) {
      this.failures.malformed++;
      return undefined;
    }
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    const state = this.rtpState.get(ssrc);
    const index = state === undefined ? seq : estimateIndex(seq, state.highest);
    if (index === undefined || (state !== undefined && seen(state, index))) {
      this.failures.replayed++;
      return undefined;
    }
    const body = packet.subarray(0, packet.length - trailer);
    if (!this.mkiMatches(packet, body.length) || !this.tagMatches(this.rtpKeys, body, roc(index), packet.subarray(packet.length - this.rtpTagBytes))) {
      this.failures.authentication++;
      return undefined;
    }
    if (state === undefined) this.remember(this.rtpState, ssrc, { highest: index, window: 1n });
    else accept(state, index);
    return Buffer.concat([body.subarray(0, headerLength), aesCm(this.rtpKeys, ssrc, index, body.subarray(headerLength))]);
  }

  /** An RTCP compound packet as SRTCP: the first 8 bytes in clear, the rest encrypted, E flag + index, MKI, tag. */
  protectRtcp(packet: Buffer): Buffer {
    if (packet.length < 8 || (packet[0] ?? 0) >> 6 !== 2) throw new RangeError("not an RTCP packet");
    const ssrc = packet.readUInt32BE(4);
    const index = ((this.rtcpSent.get(ssrc) ?? 0) + 1) & 0x7fffffff;
    this.rtcpSent.set(ssrc, index);
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE((0x80000000 | index) >>> 0);
    const authenticated = Buffer.concat([packet.subarray(0, 8), aesCm(this.rtcpKeys, ssrc, index, packet.subarray(8)), trailer]);
    return Buffer.concat([authenticated, this.mki, this.tag(this.rtcpKeys, authenticated, undefined, RTCP_TAG_BYTES)]);
  }

  /** The RTCP packet inside an SRTCP one, or undefined (counted) when it is malformed, forged or replayed. */
  unprotectRtcp(packet: Buffer): Buffer | undefined {
    const trailer = this.mki.length + RTCP_TAG_BYTES;
    if (packet.length < 8 + 4 + trailer || (packet[0] ?? 0) >> 6 !== 2) {
      this.failures.malformed++;
      return undefined;
    }
    const authenticated = packet.subarray(0, packet.length - trailer);
    const word = authenticated.readUInt32BE(authenticated.length - 4);
    const encrypted = (word & 0x80000000) !== 0;
    const index = word & 0x7fffffff;
    const ssrc = packet.readUInt32BE(4);
    const state = this.rtcpState.get(ssrc);
    if (state !== undefined && seen(state, index)) {
      this.failures.replayed++;
      return undefined;
    }
    if (!this.mkiMatches(packet, authenticated.length) || !this.tagMatches(this.rtcpKeys, authenticated, undefined, packet.subarray(packet.length - RTCP_TAG_BYTES))) {
      this.failures.authentication++;
      return undefined;
    }
    if (state === undefined) this.remember(this.rtcpState, ssrc, { highest: index, window: 1n });
    else accept(state, index);
    const body = authenticated.subarray(8, authenticated.length - 4);
    return Buffer.concat([authenticated.subarray(0, 8), encrypted ? aesCm(this.rtcpKeys, ssrc, index, body) : body]);
  }

  private tag(keys: SrtpSessionKeys, authenticated: Buffer, rolloverCounter: number | undefined, bytes: number): Buffer {
    const hmac = createHmac("sha1", keys.authKey).update(authenticated);
    if (rolloverCounter !== undefined) {
      const rocBytes = Buffer.alloc(4);
      rocBytes.writeUInt32BE(rolloverCounter >>> 0);
      hmac.update(rocBytes);
    }
    return hmac.digest().subarray(0, bytes);
  }

  private tagMatches(keys: SrtpSessionKeys, authenticated: Buffer, rolloverCounter: number | undefined, actual: Buffer): boolean {
    const expected = this.tag(keys, authenticated, rolloverCounter, actual.length);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  private mkiMatches(packet: Buffer, at: number): boolean {
    return this.mki.length === 0 || packet.subarray(at, at + this.mki.length).equals(this.mki);
  }

  /** Keeps state for a bounded number of SSRCs (only ones that authenticated get here). */
  private remember(map: Map<number, ReplayState>, ssrc: number, state: ReplayState): void {
    if (map.size >= MAX_SSRCS) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(ssrc, state);
  }
}

/** 12 bytes, CSRCs and the header extension; undefined when the packet is not RTP version 2 or too short. */
function rtpHeaderLength(packet: Buffer): number | undefined {
  if (packet.length < 12 || (packet[0] ?? 0) >> 6 !== 2) return undefined;
  let length = 12 + ((packet[0] ?? 0) & 0x0f) * 4;
  if (((packet[0] ?? 0) & 0x10) !== 0) {
    if (length + 4 > packet.length) return undefined;
    length += 4 + packet.readUInt16BE(length + 2) * 4;
  }
  return length <= packet.length ? length : undefined;
}

/**
 * RFC 3711 §3.3.1 / Appendix A: the packet's 48-bit index from its 16-bit sequence number and the
 * highest index so far, choosing ROC − 1, ROC or ROC + 1. Undefined for an index below zero.
 */
export function estimateIndex(seq: number, highest: number): number | undefined {
  const rolloverCounter = Math.floor(highest / SEQ_MOD);
  const last = highest % SEQ_MOD;
  let guess = rolloverCounter;
  if (last < SEQ_MOD / 2) {
    if (seq - last > SEQ_MOD / 2) guess = rolloverCounter - 1;
  } else if (last - SEQ_MOD / 2 > seq) {
    guess = rolloverCounter + 1;
  }
  return guess < 0 ? undefined : guess * SEQ_MOD + seq;
}

const roc = (index: number) => Math.floor(index / SEQ_MOD) % 0x1_0000_0000;

function seen(state: ReplayState, index: number): boolean {
  if (index > state.highest) return false;
  const behind = BigInt(state.highest - index);
  return behind >= REPLAY_WINDOW || (state.window & (1n << behind)) !== 0n;
}

function accept(state: ReplayState, index: number): void {
  if (index > state.highest) {
    const ahead = BigInt(index - state.highest);
    state.window = ahead >= REPLAY_WINDOW ? 1n : ((state.window << ahead) | 1n) & ((1n << REPLAY_WINDOW) - 1n);
    state.highest = index;
  } else {
    state.window |= 1n << BigInt(state.highest - index);
  }
}

/**
 * AES in counter mode (RFC 3711 §4.1.1): IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16);
 * node's aes-128-ctr counts the low bits up from there, as the block counter does.
 */
export function aesCm(keys: SrtpSessionKeys, ssrc: number, index: number, data: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  keys.salt.copy(iv, 0);
  iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
  const high = Math.floor(index / 0x1_0000_0000);
  iv.writeUInt16BE(iv.readUInt16BE(8) ^ (high & 0xffff), 8);
  iv.writeUInt32BE((iv.readUInt32BE(10) ^ (index >>> 0)) >>> 0, 10);
  return createCipheriv("aes-128-ctr", keys.cipherKey, iv).update(data);
}
