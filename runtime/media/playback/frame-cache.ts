import { readFile, stat } from "node:fs/promises";
import type { AudioCodec } from "../codecs/codec";
import { CODECS } from "../codecs/codec";
import { aLawToMuLaw, muLawToALaw, pcmToMuLaw } from "../codecs/g711";
import { opusPacketSamples48k } from "../codecs/opus-toc";
import { readWav } from "../audio-files/wav-reader";
import { readOggOpus } from "../ogg/ogg-opus-reader";
import type { ClipFiles, ClipFrames } from "./clip-frames";

const G711_FRAME = 160;

function g711Frames(codec: AudioCodec, data: Buffer): ClipFrames {
  const payloads: Buffer[] = [];
  const samples: number[] = [];
  for (let offset = 0; offset < data.length; offset += G711_FRAME) {
    let frame = data.subarray(offset, offset + G711_FRAME);
    // The last frame is padded with silence to a whole 20 ms.
    if (frame.length < G711_FRAME) frame = Buffer.concat([frame, CODECS[codec].silence20ms.subarray(0, G711_FRAME - frame.length)]);
    payloads.push(Buffer.from(frame));
    samples.push(G711_FRAME);
  }
  return { codec, payloads, samples, durationMs: (payloads.length * G711_FRAME) / 8 };
}

/** Little-endian 16-bit samples (a copy: the buffer's offset need not be aligned). */
function pcm16(data: Buffer): Int16Array {
  const samples = new Int16Array(data.length >> 1);
  for (let i = 0; i < samples.length; i += 1) samples[i] = data.readInt16LE(i * 2);
  return samples;
}

/** Reads a file into frames for one codec (no caching). */
export async function loadClipFrames(files: ClipFiles, codec: AudioCodec): Promise<ClipFrames> {
  if (codec === "opus") {
    const { packets } = readOggOpus(await readFile(files.ogg));
    const samples = packets.map((packet) => opusPacketSamples48k(packet) ?? 960);
    return { codec, payloads: packets, samples, durationMs: samples.reduce((sum, n) => sum + n, 0) / 48 };
  }
  const wav = readWav(await readFile(files.wav));
  if (wav.sampleRate !== 8000 || wav.channels !== 1) throw new Error(`${files.wav}: expected 8 kHz mono, found ${wav.sampleRate} Hz × ${wav.channels}`);
  if (wav.format === "alaw") return g711Frames(codec, codec === "pcma" ? wav.data : aLawToMuLaw(wav.data));
  const mulaw = wav.format === "mulaw" ? wav.data : pcmToMuLaw(pcm16(wav.data));
  return g711Frames(codec, codec === "pcmu" ? mulaw : muLawToALaw(mulaw));
}

interface Entry {
  frames: Promise<ClipFrames>;
  bytes: number;
  version: string;
}

/**
 * Every clip the media plane plays, read and split into frames once per codec and kept (least
 * recently used first out, bounded by bytes): a prompt played to 100 callers is read and framed
 * once, never transcoded per call. A file that changes on disk (same path, new size or mtime) is
 * read again.
 */
export class FrameCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  async get(files: ClipFiles, codec: AudioCodec): Promise<ClipFrames> {
    const path = codec === "opus" ? files.ogg : files.wav;
    const info = await stat(path);
    const version = `${info.size}:${info.mtimeMs}`;
    const key = `${codec}\u0000${path}`;
    const found = this.entries.get(key);
    if (found !== undefined && found.version === version) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.frames;
    }
    if (found !== undefined) this.drop(key, found);
    const entry: Entry = { frames: loadClipFrames(files, codec), bytes: info.size, version };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    entry.frames.catch(() => {
      if (this.entries.get(key) === entry) this.drop(key, entry);
    });
    this.evict();
    return entry.frames;
  }

  get size(): { clips: number; bytes: number } {
    return { clips: this.entries.size, bytes: this.bytes };
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size <= 1) return;
      this.drop(key, entry);
    }
  }
}
