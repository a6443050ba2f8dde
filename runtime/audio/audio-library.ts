import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AudioRecord, AudioRepo } from "../store/audio-repo";
import { flowDocumentCodec } from "../store/flow-document-codec";
import { err, ok, type Result } from "../store/result";
import { audioReferences } from "./audio-references";
import {
  AudioInUse,
  AudioNotFound,
  type AudioTeamUse,
  AudioTooLarge,
  AudioTooLong,
  type AudioUse,
  DEFAULT_AUDIO_MAX_SECONDS,
  MalformedAudio,
  MAX_AUDIO_BYTES,
  UnsupportedAudio,
  type UploadError,
} from "./audio-errors";
import { probeAudio } from "./probe-audio";
import { DEMUXERS, sniffAudio } from "./sniff-audio";
import { transcodeAudio } from "./transcode";

export type Rendition = "wav" | "ogg";

export interface UploadInput {
  bytes: Uint8Array;
  /** Shown in the library; defaults to the file name without its extension. */
  name?: string | undefined;
  fileName?: string | undefined;
  createdBy: string | null;
}

export interface Uploaded {
  record: AudioRecord;
  /** False when the same bytes were uploaded before: `record` is that asset. */
  created: boolean;
}

/** The name an upload gets when none is given. */
function defaultName(fileName: string | undefined): string {
  const base = (fileName ?? "").replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "").trim();
  return (base === "" ? "audio" : base).slice(0, 200);
}

export interface AudioLibraryOptions {
  /** Longest audio an upload may hold, in seconds (`AUDIO_MAX_SECONDS`, default 600). */
  maxSeconds?: number;
}

/**
 * The audio library: uploads sniffed, hashed, transcoded (ffmpeg) into `$DATA_DIR/audio/<id>.wav`
 * and `<id>.ogg`, with a row per asset. A refused upload leaves no row and no file.
 */
export class AudioLibrary {
  readonly folder: string;
  readonly maxSeconds: number;

  constructor(
    private readonly repo: AudioRepo,
    dataDir: string,
    options: AudioLibraryOptions = {},
  ) {
    this.folder = join(dataDir, "audio");
    this.maxSeconds = options.maxSeconds ?? DEFAULT_AUDIO_MAX_SECONDS;
  }

  /** Where an asset's rendition is. */
  filePath(id: string, rendition: Rendition): string {
    return join(this.folder, `${id}.${rendition}`);
  }

  async upload(input: UploadInput): Promise<Result<Uploaded, UploadError>> {
    if (input.bytes.byteLength > MAX_AUDIO_BYTES) return err(new AudioTooLarge(input.bytes.byteLength));
    const format = sniffAudio(input.bytes);
    if (format === undefined) return err(new UnsupportedAudio());
    const contentHash = createHash("sha256").update(input.bytes).digest("hex");
    const existing = await this.repo.findByHash(contentHash);
    if (existing !== undefined) return ok({ record: existing, created: false });

    const id = randomUUID();
    const work = join(this.folder, ".incoming", id);
    await mkdir(work, { recursive: true });
    try {
      const source = join(work, `upload.${format}`);
      await writeFile(source, input.bytes);
      const demuxer = DEMUXERS[format];
      const probed = await probeAudio(source, demuxer);
      if (probed === undefined) return err(new MalformedAudio(format));
      const maxMs = this.maxSeconds * 1000;
      if (probed.durationMs > maxMs) return err(new AudioTooLong(this.maxSeconds, probed.durationMs));
      const out = { wav: join(work, `${id}.wav`), ogg: join(work, `${id}.ogg`) };
      try {
        // A header can claim less than the file holds (an MP3's first frames, say): ffmpeg stops a second past the cap.
        await transcodeAudio(source, out, demuxer, this.maxSeconds + 1);
      } catch {
        return err(new MalformedAudio(format));
      }
      const phone = await probeAudio(out.wav);
      if (phone === undefined) return err(new MalformedAudio(format));
      if (phone.durationMs > maxMs) return err(new AudioTooLong(this.maxSeconds, phone.durationMs, true));
      const [wavSize, oggSize] = [(await stat(out.wav)).size, (await stat(out.ogg)).size];
      await rename(out.wav, this.filePath(id, "wav"));
      await rename(out.ogg, this.filePath(id, "ogg"));
      try {
        const inserted = await this.repo.insert({
          id,
          name: input.name?.trim() ? input.name.trim().slice(0, 200) : defaultName(input.fileName),
          contentHash,
          sourceFormat: format,
          size: input.bytes.byteLength,
          durationMs: phone.durationMs,
          wavSize,
          oggSize,
          createdBy: input.createdBy,
        });
        if (!inserted.created) await this.removeFiles(id);
        return ok(inserted);
      } catch (error) {
        await this.removeFiles(id);
        throw error;
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  list(): Promise<AudioRecord[]> {
    return this.repo.list();
  }

  get(id: string): Promise<AudioRecord | undefined> {
    return this.repo.get(id);
  }

  async rename(id: string, name: string): Promise<Result<AudioRecord, AudioNotFound>> {
    const renamed = await this.repo.rename(id, name);
    return renamed === undefined ? err(new AudioNotFound(id)) : ok(renamed);
  }

  /** The published versions (of flows not deleted) that use an asset, by flow. */
  async usage(id: string): Promise<AudioUse[]> {
    const uses = new Map<string, AudioUse>();
    for (const version of await this.repo.versionsMentioning(JSON.stringify(id))) {
      if (!audioReferences(flowDocumentCodec.decode(version.document)).has(id)) continue;
      const use = uses.get(version.flowId) ?? { flowId: version.flowId, flowName: version.flowName, versions: [] };
      use.versions.push(version.number);
      uses.set(version.flowId, use);
    }
    return [...uses.values()];
  }

  /** The teams whose hold audio is the asset. */
  teamUsage(id: string): Promise<AudioTeamUse[]> {
    return this.repo.teamsUsing(id);
  }

  /** Deletes an asset and its files, unless a published version uses it or a team plays it as hold audio. */
  async delete(id: string): Promise<Result<true, AudioNotFound | AudioInUse>> {
    if ((await this.repo.get(id)) === undefined) return err(new AudioNotFound(id));
    const usedBy = await this.usage(id);
    const usedByTeams = await this.teamUsage(id);
    if (usedBy.length > 0 || usedByTeams.length > 0) return err(new AudioInUse(id, usedBy, usedByTeams));
    if (!(await this.repo.delete(id))) {
      // Refused by the statement itself: a team took it as hold audio meanwhile (or it is gone).
      const teams = await this.teamUsage(id);
      return err(teams.length > 0 ? new AudioInUse(id, [], teams) : new AudioNotFound(id));
    }
    await this.removeFiles(id);
    return ok(true);
  }

  private async removeFiles(id: string): Promise<void> {
    await rm(this.filePath(id, "wav"), { force: true });
    await rm(this.filePath(id, "ogg"), { force: true });
  }
}
