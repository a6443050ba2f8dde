import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { spawn } from "node:child_process";
import type { Leg } from "../legs/leg";
import { LegCodec } from "../legs/leg-codec";
import { OggOpusWriter } from "../ogg/ogg-opus-writer";
import { DirectionTrack } from "./direction-track";

export interface CallRecorder {
  /** Stops recording: both directions are padded to the same end and mixed into one stereo file. */
  stop(): Promise<{ path: string; durationMs: number }>;
}

interface Part {
  path: string;
  stream: WriteStream;
  track: DirectionTrack;
}

function openPart(path: string, codec: LegCodec, startedAt: number, now: () => number): Part {
  const stream = createWriteStream(path, { mode: 0o600 });
  const writer = new OggOpusWriter({ write: (chunk) => void stream.write(chunk) }, { startTimestamp48k: 0 });
  return { path, stream, track: new DirectionTrack(writer, codec, startedAt, now) };
}

/** Runs ffmpeg (no shell) and resolves with its stderr when it exits 0. */
function ffmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", ["-v", "error", "-nostdin", "-y", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not mix the recording: ${stderr.trim().split("\n").slice(-2).join(" ") || `exit ${String(code)}`}`))));
  });
}

/**
 * Records a call from one leg's side: what the party said (left channel) and what they heard —
 * prompts, hold music, the agent, a mix of everyone else — (right channel), each written as it
 * happens into its own mono Ogg/Opus file with gaps filled by RTP timestamp (MEDIA.md 6), then
 * mixed by ffmpeg into one stereo Ogg/Opus file at `path` (MEDIA.md 6.3: one file per
 * direction, never two encoders' output interleaved in one stream). The parts are deleted
 * once the mix is written; if ffmpeg fails they stay, and the error is reported.
 */
export function recordCall(leg: Leg, path: string, now: () => number = () => performance.now()): CallRecorder {
  const startedAt = now();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const said = openPart(`${path}.said.ogg`, new LegCodec(leg.codec.codec), startedAt, now);
  const heard = openPart(`${path}.heard.ogg`, new LegCodec(leg.codec.codec), startedAt, now);
  const stopSaid = leg.onReceived((audio) => said.track.add(audio.payload, audio.timestamp, audio.ssrc));
  const stopHeard = leg.onSent((sent) => heard.track.add(sent.payload, sent.timestamp));
  let stopped: Promise<{ path: string; durationMs: number }> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopSaid();
        stopHeard();
        const durationMs = now() - startedAt;
        for (const part of [said, heard]) {
          part.track.finish(durationMs);
          part.stream.end();
          await once(part.stream, "close");
        }
        await ffmpeg([
          "-i", said.path, "-i", heard.path,
          "-filter_complex", "[0:a]pan=stereo|c0=c0[l];[1:a]pan=stereo|c1=c0[r];[l][r]amix=inputs=2:duration=longest:normalize=0[a]",
          "-map", "[a]", "-c:a", "libopus", "-b:a", "48k", "-f", "ogg", path,
        ]);
        await stat(path);
        await Promise.all([rm(said.path, { force: true }), rm(heard.path, { force: true })]);
        return { path, durationMs };
      })();
      return stopped;
    },
  };
}
