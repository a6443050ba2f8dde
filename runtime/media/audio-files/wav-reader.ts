/**
 * The samples of a WAV file, found by walking its RIFF chunks (never a fixed 44-byte header: the
 * shipped `audio/hold.wav` has an 18-byte `fmt ` and a `fact` chunk, 58 bytes before its samples).
 * Reads the formats the media plane plays: G.711 μ-law, A-law, and 16-bit PCM (plain or
 * WAVE_FORMAT_EXTENSIBLE). Throws an Error saying what the file is instead.
 */

export interface WavAudio {
  format: "mulaw" | "alaw" | "pcm16";
  sampleRate: number;
  channels: number;
  /** The `data` chunk: one byte per sample for G.711, 16-bit little-endian for PCM (a view, not a copy). */
  data: Buffer;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_ALAW = 6;
const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export function readWav(file: Buffer): WavAudio {
  if (file.length < 12 || file.toString("latin1", 0, 4) !== "RIFF" || file.toString("latin1", 8, 12) !== "WAVE") {
    throw new Error("not a WAV file: it does not start with a RIFF/WAVE header");
  }
  let fmt: Buffer | undefined;
  let data: Buffer | undefined;
  let at = 12;
  while (at + 8 <= file.length && data === undefined) {
    const id = file.toString("latin1", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const start = at + 8;
    // A writer that streamed the file may leave the data size at 0 or 0xFFFFFFFF: take what is there.
    const end = Math.min(file.length, start + size);
    if (id === "fmt ") {
      if (start + size > file.length) throw new Error(`WAV: the fmt chunk at byte ${at} is truncated`);
      fmt = file.subarray(start, end);
    } else if (id === "data") {
      data = file.subarray(start, size === 0 || size === 0xffffffff ? file.length : end);
    }
    at = start + size + (size % 2); // chunks are padded to an even length
  }
  if (fmt === undefined) throw new Error("WAV: no fmt chunk before the samples");
  if (data === undefined) throw new Error("WAV: no data chunk");
  if (fmt.length < 16) throw new Error(`WAV: the fmt chunk is ${fmt.length} bytes, at least 16 expected`);
  let formatTag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.length < 40) throw new Error("WAV: WAVE_FORMAT_EXTENSIBLE without its 40-byte fmt chunk");
    formatTag = fmt.readUInt16LE(24); // the first two bytes of the sub-format GUID
  }
  if (channels === 0 || sampleRate === 0) throw new Error(`WAV: ${channels} channels at ${sampleRate} Hz`);
  const format = formatOf(formatTag, bitsPerSample);
  const frame = format === "pcm16" ? 2 * channels : channels;
  return { format, sampleRate, channels, data: data.subarray(0, data.length - (data.length % frame)) };
}

function formatOf(tag: number, bits: number): WavAudio["format"] {
  if (tag === WAVE_FORMAT_MULAW && bits === 8) return "mulaw";
  if (tag === WAVE_FORMAT_ALAW && bits === 8) return "alaw";
  if (tag === WAVE_FORMAT_PCM && bits === 16) return "pcm16";
  const name = tag === WAVE_FORMAT_PCM ? `${bits}-bit PCM` : tag === 3 ? `${bits}-bit float` : `format tag ${tag}, ${bits} bits`;
  throw new Error(`WAV: ${name} is not read here (μ-law, A-law or 16-bit PCM)`);
}
