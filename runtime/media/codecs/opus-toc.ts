/**
 * The duration of an Opus packet from its TOC byte and frame count code (RFC 6716 §3.1), with the
 * packet checked against the rules of §3.4 (R1–R7) the way libopus checks it, so a packet this
 * accepts is one a decoder accepts.
 */

/** Frame duration in 48 kHz samples for each of the 32 TOC configurations. */
const FRAME_SAMPLES_48K: readonly number[] = [
  // SILK-only NB, MB, WB: 10, 20, 40, 60 ms
  480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880,
  // Hybrid SWB, FB: 10, 20 ms
  480, 960, 480, 960,
  // CELT-only NB, WB, SWB, FB: 2.5, 5, 10, 20 ms
  120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960,
];

/** RFC 6716 R5: a packet carries at most 120 ms. */
const MAX_PACKET_SAMPLES_48K = 5760;
/** RFC 6716 R2: a frame holds at most 1275 bytes. */
const MAX_FRAME_BYTES = 1275;

/** The samples (at 48 kHz) the packet decodes to, or undefined when it is malformed. */
export function opusPacketSamples48k(payload: Buffer): number | undefined {
  const toc = payload[0];
  if (toc === undefined) return undefined; // R1: at least one byte
  const frameSamples = FRAME_SAMPLES_48K[toc >> 3] ?? 0;
  const rest = payload.length - 1;
  switch (toc & 0x03) {
    case 0:
      return rest <= MAX_FRAME_BYTES ? frameSamples : undefined;
    case 1: // two frames of equal size (R3)
      return rest % 2 === 0 && rest / 2 <= MAX_FRAME_BYTES ? 2 * frameSamples : undefined;
    case 2: {
      // two frames, the first one's length coded in 1 or 2 bytes (R4)
      const first = frameLength(payload, 1);
      if (first === undefined) return undefined;
      const second = payload.length - first.next - first.length;
      return second >= 0 && second <= MAX_FRAME_BYTES ? 2 * frameSamples : undefined;
    }
    default:
      return code3Samples(payload, frameSamples);
  }
}

/**
 * What a packet was meant to last, read from the TOC alone (frame size × frame count, the count
 * byte of code 3 when it is sane), for a packet that is malformed further on; 960 (20 ms) when
 * not even that can be read. A decoder answers this much silence for a corrupt packet.
 */
export function opusNominalSamples48k(payload: Buffer): number {
  const toc = payload[0];
  if (toc === undefined) return 960;
  const frameSamples = FRAME_SAMPLES_48K[toc >> 3] ?? 960;
  const code = toc & 0x03;
  if (code === 0) return frameSamples;
  if (code !== 3) return 2 * frameSamples;
  const frames = (payload[1] ?? 0) & 0x3f;
  return frames > 0 && frames * frameSamples <= MAX_PACKET_SAMPLES_48K ? frames * frameSamples : frameSamples;
}

/** A frame length (1 or 2 bytes, RFC 6716 §3.2.1) at `at`: the length and the offset after it. */
function frameLength(payload: Buffer, at: number): { length: number; next: number } | undefined {
  const first = payload[at];
  if (first === undefined) return undefined;
  if (first < 252) return { length: first, next: at + 1 };
  const second = payload[at + 1];
  if (second === undefined) return undefined;
  const length = second * 4 + first;
  return length <= MAX_FRAME_BYTES ? { length, next: at + 2 } : undefined;
}

/** Code 3: a frame count byte (VBR, padding, M), optional padding length, then M frames (R5–R7). */
function code3Samples(payload: Buffer, frameSamples: number): number | undefined {
  const countByte = payload[1];
  if (countByte === undefined) return undefined;
  const frames = countByte & 0x3f;
  if (frames === 0 || frames * frameSamples > MAX_PACKET_SAMPLES_48K) return undefined;
  let at = 2;
  let padding = 0;
  if ((countByte & 0x40) !== 0) {
    // Padding length: each 255 adds 254 and another byte follows.
    for (;;) {
      const byte = payload[at++];
      if (byte === undefined) return undefined;
      padding += byte === 255 ? 254 : byte;
      if (byte !== 255) break;
    }
  }
  let available = payload.length - at - padding;
  if (available < 0) return undefined;
  if ((countByte & 0x80) !== 0) {
    // VBR: the first M−1 frame lengths are coded, the last frame takes what is left.
    for (let i = 0; i < frames - 1; i++) {
      const frame = frameLength(payload, at);
      if (frame === undefined) return undefined;
      available -= frame.length + (frame.next - at);
      at = frame.next;
      if (available < 0) return undefined;
    }
    return available <= MAX_FRAME_BYTES ? frames * frameSamples : undefined;
  }
  // CBR: every frame the same size.
  return available % frames === 0 && available / frames <= MAX_FRAME_BYTES ? frames * frameSamples : undefined;
}
