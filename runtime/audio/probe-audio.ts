import { z } from "zod";
import { runTool } from "./run-tool";

export interface AudioProbe {
  codec: string;
  sampleRate: number;
  channels: number;
  durationMs: number;
}

const FfprobeOutput = z.object({
  streams: z.array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional(), sample_rate: z.string().optional(), channels: z.number().optional(), duration: z.string().optional() })).default([]),
  format: z.object({ duration: z.string().optional() }).optional(),
});

/**
 * The first audio stream of a file, read by ffprobe (optionally forcing a demuxer). Undefined when
 * ffprobe cannot read it or it has no audio stream with a duration.
 */
export async function probeAudio(file: string, demuxer?: string): Promise<AudioProbe | undefined> {
  const args = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", ...(demuxer === undefined ? [] : ["-f", demuxer]), file];
  const result = await runTool("ffprobe", args, { timeoutMs: 30_000 });
  if (result.code !== 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(result.stdout.toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = FfprobeOutput.safeParse(json);
  if (!parsed.success) return undefined;
  const stream = parsed.data.streams.find((candidate) => candidate.codec_type === "audio");
  if (stream === undefined) return undefined;
  const seconds = Number(stream.duration ?? parsed.data.format?.duration ?? Number.NaN);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return { codec: stream.codec_name ?? "unknown", sampleRate: Number(stream.sample_rate ?? 0), channels: stream.channels ?? 0, durationMs: Math.round(seconds * 1000) };
}
