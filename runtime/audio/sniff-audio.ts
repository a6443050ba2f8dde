import type { AudioFormat } from "../store/audio-repo";

/** ISO base media brands an M4A (AAC or ALAC in an MP4 container) is written with. */
const MP4_BRANDS = new Set(["M4A ", "M4B ", "M4P ", "mp41", "mp42", "isom", "iso2", "iso4", "iso5", "iso6", "dash", "MSNV", "3gp4", "3gp5", "3gp6", "3g2a", "qt  "]);

const text = (bytes: Uint8Array, start: number, length: number): string => Buffer.from(bytes.subarray(start, start + length)).toString("latin1");

/** An MPEG audio frame header: 11 sync bits, a version and a layer that are not reserved (ADTS AAC has layer 00). */
function mpegFrame(bytes: Uint8Array): boolean {
  const [first, second] = [bytes[0], bytes[1]];
  if (first === undefined || second === undefined) return false;
  const version = (second >> 3) & 0b11;
  const layer = (second >> 1) & 0b11;
  return first === 0xff && (second & 0xe0) === 0xe0 && version !== 0b01 && layer !== 0b00;
}

/**
 * What an upload is, from its first bytes (never its file name): WAV (`RIFF…WAVE`), OGG (`OggS`),
 * M4A (an `ftyp` box with an MP4 brand), MP3 (an ID3 tag or an MPEG audio frame). Undefined: none.
 */
export function sniffAudio(bytes: Uint8Array): AudioFormat | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes.length >= 12 && text(bytes, 0, 4) === "RIFF" && text(bytes, 8, 4) === "WAVE") return "wav";
  if (text(bytes, 0, 4) === "OggS") return "ogg";
  if (bytes.length >= 12 && text(bytes, 4, 4) === "ftyp" && MP4_BRANDS.has(text(bytes, 8, 4))) return "m4a";
  if (text(bytes, 0, 3) === "ID3" || mpegFrame(bytes)) return "mp3";
  return undefined;
}

/** The ffmpeg demuxer that reads a format (so a file is read as what it was sniffed to be). */
export const DEMUXERS: Record<AudioFormat, string> = { wav: "wav", ogg: "ogg", m4a: "mov", mp3: "mp3" };
