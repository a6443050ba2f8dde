import { join } from "node:path";
import type { TtsService } from "../tts/tts-service";
import { ttsKeyOf } from "../tts/tts-cache";
import type { AudioLibrary, Rendition } from "./audio-library";
import type { ServedFile } from "./serve-file";
import { isShippedAudio, SHIPPED_AUDIO_FOLDER } from "./shipped-audio";

const CONTENT_TYPES: Record<Rendition, string> = { wav: "audio/wav", ogg: "audio/ogg" };
/** How long a render waits for an espeak render still running before answering 404. */
const RENDER_WAIT_MS = 15_000;

/**
 * What `/audio/<id>.<wav|ogg>` serves: the shipped hold music and ringback (`audio/`), a rendered
 * prompt (`tts-<sha256>`, waiting for a render still running), or a library asset.
 */
export class AudioFiles {
  constructor(
    private readonly library: AudioLibrary,
    private readonly tts: TtsService,
  ) {}

  async resolve(id: string, rendition: Rendition): Promise<ServedFile | undefined> {
    const contentType = CONTENT_TYPES[rendition];
    if (isShippedAudio(id)) return { path: join(SHIPPED_AUDIO_FOLDER, `${id}.${rendition}`), contentType, cacheControl: "public, max-age=86400" };
    const key = ttsKeyOf(id);
    if (key !== undefined) {
      const pending = this.tts.cache.pending(key);
      if (pending !== undefined) await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, RENDER_WAIT_MS))]);
      if (!(await this.tts.cache.has(key))) return undefined;
      // The key is a hash of engine, voice and text: its content never changes.
      return { path: this.tts.cache.filePath(key, rendition), contentType, cacheControl: "public, max-age=31536000, immutable" };
    }
    if ((await this.library.get(id)) === undefined) return undefined;
    // Ids are never reused and a rename does not change the sound: clients may keep it a day.
    return { path: this.library.filePath(id, rendition), contentType, cacheControl: "public, max-age=86400" };
  }
}
