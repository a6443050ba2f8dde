/** What a WAV file's header says, read strictly: RIFF/WAVE, a PCM `fmt ` chunk, a `data` chunk. */
export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  samples: Int16Array;
  durationSeconds: number;
}

/** Reads a PCM WAV; throws naming what is wrong. */
export function readWav(bytes: Buffer): WavInfo {
  if (bytes.length < 12 || bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a RIFF/WAVE file");
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error(`RIFF size ${bytes.readUInt32LE(4)} ≠ file size − 8 (${bytes.length - 8})`);
  let offset = 12;
  let fmt: Omit<WavInfo, "samples" | "durationSeconds"> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      fmt = { format: bytes.readUInt16LE(body), channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === "data") {
      if (fmt === undefined) throw new Error("data before fmt");
      if (body + size > bytes.length) throw new Error(`data chunk of ${size} bytes runs past the file`);
      const copy = Buffer.from(bytes.subarray(body, body + size));
      const samples = new Int16Array(copy.buffer, copy.byteOffset, Math.floor(copy.length / 2));
      return { ...fmt, samples, durationSeconds: size / (fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8)) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("no data chunk");
}
