import { createHash, randomUUID } from "node:crypto";
import { access, mkdir, rename, rm, stat } from "node:fs/promises";
import { LruCache } from "../cache/lru-cache";
import { join } from "node:path";
import { transcodeAudio } from "../audio/transcode";
import type { Rendition } from "../audio/audio-library";

/** What is rendered: the cache key is the sha256 of exactly these three. */
export interface TtsRequest {
  engine: string;
  /** The engine's voice (resolved: the same text with the same voice is one entry). */
  voice: string;
  text: string;
}

export interface TtsRendered {
  key: string;
  /** The id `/audio/<id>.wav|.ogg` serves it under. */
  assetId: string;
  /** True when it was in the cache already (nothing was synthesised). */
  cached: boolean;
  wavBytes: number;
  oggBytes: number;
}

/** Writes `text` in `voice` as a WAV file at the path given. */
export type Synthesize = (request: TtsRequest, outFile: string) => Promise<void>;

export const TTS_ASSET_PREFIX = "tts-";

/** sha256 hex of (engine, voice, text). */
export function ttsKey(request: TtsRequest): string {
  return createHash("sha256").update(JSON.stringify([request.engine, request.voice, request.text])).digest("hex");
}

/** The cache key in a `tts-<key>` asset id, if it is one. */
export function ttsKeyOf(assetId: string): string | undefined {
  const match = /^tts-([0-9a-f]{64})$/.exec(assetId);
  return match?.[1];
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Rendered prompts under `$DATA_DIR/tts-cache/<key>.wav` (8 kHz μ-law, phone) and `<key>.ogg`
 * (Opus, web), keyed by sha256(engine, voice, text): the second render of the same prompt is a
 * cache hit, and concurrent renders of one key share one synthesis.
 */
export class TtsCache {
  readonly folder: string;
  private readonly inFlight = new Map<string, Promise<TtsRendered>>();
  /**
   * Entries seen complete on disk, with their sizes: a file named by the hash of its content never
   * changes, so every call's prompts need not `access` and `stat` it again (at 200 SIP calls those
   * checks were a fifth of the runtime's CPU). Bounded; nothing in the runtime deletes entries.
   */
  private readonly known = new LruCache<string, { wavBytes: number; oggBytes: number }>(4096);

  constructor(dataDir: string) {
    this.folder = join(dataDir, "tts-cache");
  }

  filePath(key: string, rendition: Rendition): string {
    return join(this.folder, `${key}.${rendition}`);
  }

  /** Renders (or finds) a prompt. */
  render(request: TtsRequest, synthesize: Synthesize): Promise<TtsRendered> {
    const key = ttsKey(request);
    const running = this.inFlight.get(key);
    if (running !== undefined) return running.then((rendered) => ({ ...rendered, cached: true }));
    const work = this.produce(key, request, synthesize).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  /** A render of this key still running, if any (the audio route waits for it). */
  pending(key: string): Promise<TtsRendered> | undefined {
    return this.inFlight.get(key);
  }

  async has(key: string): Promise<boolean> {
    if (this.known.get(key) !== undefined) return true;
    return (await exists(this.filePath(key, "wav"))) && (await exists(this.filePath(key, "ogg")));
  }

  private async produce(key: string, request: TtsRequest, synthesize: Synthesize): Promise<TtsRendered> {
    const assetId = `${TTS_ASSET_PREFIX}${key}`;
    const known = this.known.get(key);
    if (known !== undefined) return { key, assetId, cached: true, ...known };
    if (await this.has(key)) {
      const sizes = { wavBytes: (await stat(this.filePath(key, "wav"))).size, oggBytes: (await stat(this.filePath(key, "ogg"))).size };
      this.known.set(key, sizes);
      return { key, assetId, cached: true, ...sizes };
    }
    const work = join(this.folder, ".work", randomUUID());
    await mkdir(work, { recursive: true });
    try {
      const raw = join(work, "speech.wav");
      await synthesize(request, raw);
      const out = { wav: join(work, `${key}.wav`), ogg: join(work, `${key}.ogg`) };
      await transcodeAudio(raw, out);
      const [wavBytes, oggBytes] = [(await stat(out.wav)).size, (await stat(out.ogg)).size];
      // The .ogg first: `has()` looks for both, and the .wav (what phones fetch) completes the entry.
      await rename(out.ogg, this.filePath(key, "ogg"));
      await rename(out.wav, this.filePath(key, "wav"));
      this.known.set(key, { wavBytes, oggBytes });
      return { key, assetId, cached: false, wavBytes, oggBytes };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
