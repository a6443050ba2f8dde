/** Expected failures of the audio library, returned in a `Result`: each has a code, an HTTP status and a message naming the field. */

export const MAX_AUDIO_BYTES = 20 * 1024 * 1024;

export class AudioTooLarge {
  readonly code = "audio_too_large";
  readonly status = 413;
  readonly message = `file: larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB`;
  constructor(readonly size: number) {}
}

/** How long an upload may play, unless `AUDIO_MAX_SECONDS` says otherwise. */
export const DEFAULT_AUDIO_MAX_SECONDS = 600;

export class AudioTooLong {
  readonly code = "audio_too_long";
  readonly status = 413;
  readonly message: string;
  readonly details: { maxSeconds: number; durationSeconds: number };
  /** `atLeast`: ffmpeg stopped at the cap, so the audio is this long or longer. */
  constructor(maxSeconds: number, durationMs: number, atLeast = false) {
    const durationSeconds = Math.round(durationMs / 100) / 10;
    this.details = { maxSeconds, durationSeconds };
    this.message = `file: ${atLeast ? "at least " : ""}${durationSeconds} s of audio; at most ${maxSeconds} s is allowed (AUDIO_MAX_SECONDS)`;
  }
}

export class UnsupportedAudio {
  readonly code = "unsupported_audio";
  readonly status = 400;
  readonly message = "file: not WAV, MP3, OGG or M4A audio (the content was checked, not the file name)";
}

export class MalformedAudio {
  readonly code = "invalid_audio";
  readonly status = 400;
  readonly message: string;
  constructor(format: string) {
    this.message = `file: looks like ${format.toUpperCase()} but cannot be read as audio`;
  }
}

export class AudioNotFound {
  readonly code = "audio_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly id: string) {
    this.message = `audio ${id} does not exist`;
  }
}

/** Where a published version uses an asset. */
export interface AudioUse {
  flowId: string;
  flowName: string;
  versions: number[];
}

/** A team whose hold audio is an asset. */
export interface AudioTeamUse {
  id: string;
  name: string;
}

export class AudioInUse {
  readonly code = "audio_in_use";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly id: string,
    readonly usedBy: AudioUse[],
    readonly usedByTeams: AudioTeamUse[] = [],
  ) {
    const where = [
      ...(usedBy.length === 0 ? [] : [`published versions: ${usedBy.map((use) => `${use.flowId} (v${use.versions.join(", v")})`).join("; ")}`]),
      ...(usedByTeams.length === 0 ? [] : [`the hold audio of teams: ${usedByTeams.map((team) => team.id).join(", ")}`]),
    ];
    this.message = `audio ${id} is used by ${where.join("; and by ")}`;
  }
}

export type UploadError = AudioTooLarge | AudioTooLong | UnsupportedAudio | MalformedAudio;
