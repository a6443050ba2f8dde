import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Leg } from "../legs/leg";
import { LegCodec } from "../legs/leg-codec";
import { OggOpusWriter } from "../ogg/ogg-opus-writer";
import type { CallRecorder } from "./call-recorder";
import { DirectionTrack } from "./direction-track";

/** A packet this loud (RMS of its decoded samples, 16-bit) counts as the caller speaking: about −38 dBFS, above a quiet line's hiss. */
export const VOICE_RMS = 400;
/** `onVoice` is called at most this often while the caller speaks. */
export const VOICE_EVERY_MS = 200;

/** Root mean square of 16-bit samples. */
function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/**
 * Records only what a leg's party says (a voicemail: the caller, never the beep or prompts they
 * hear) into one mono Ogg/Opus file at `path`, placed by RTP timestamp like a call recording's
 * directions (holes become silence). Every packet is also decoded to tell speech from silence:
 * `onVoice` is called (at most every `VOICE_EVERY_MS`) while the caller is heard, so the runtime
 * can time the silence after they stop and tell an empty recording from one with a message.
 */
export function recordCaller(leg: Leg, path: string, onVoice: () => void, now: () => number = () => performance.now()): CallRecorder {
  const startedAt = now();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const stream = createWriteStream(path, { mode: 0o600 });
  const writer = new OggOpusWriter({ write: (chunk) => void stream.write(chunk) }, { startTimestamp48k: 0 });
  const track = new DirectionTrack(writer, new LegCodec(leg.codec.codec), startedAt, now);
  // Its own decoder: the leg's codec state is the leg's.
  const level = new LegCodec(leg.codec.codec);
  let voicedAt = -Infinity;
  const stopReceived = leg.onReceived((audio) => {
    track.add(audio.payload, audio.timestamp, audio.ssrc);
    if (rms(level.decodeForSpeech(audio.payload).samples) < VOICE_RMS) return;
    const at = now();
    if (at - voicedAt < VOICE_EVERY_MS) return;
    voicedAt = at;
    onVoice();
  });
  let stopped: Promise<{ path: string; durationMs: number }> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopReceived();
        const durationMs = now() - startedAt;
        track.finish(durationMs);
        stream.end();
        await once(stream, "close");
        await stat(path);
        return { path, durationMs };
      })();
      return stopped;
    },
  };
}
