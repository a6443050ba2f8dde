import { runTool } from "./run-tool";

/** The phone rendition: what Twilio plays best (G.711 μ-law, 8 kHz, mono, in a WAV). */
export const PHONE_WAV_ARGS = ["-ac", "1", "-ar", "8000", "-c:a", "pcm_mulaw", "-f", "wav"] as const;
/** The web rendition: OGG/Opus, mono, for browsers and WhatsApp voice notes. */
export const WEB_OGG_ARGS = ["-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", "-f", "ogg"] as const;

/**
 * Transcodes an audio file into the two renditions in one ffmpeg run (no shell, metadata
 * dropped). `maxSeconds` stops each rendition at that length, whatever the input's header
 * claimed. Throws with ffmpeg's message when it cannot.
 */
export async function transcodeAudio(input: string, output: { wav: string; ogg: string }, demuxer?: string, maxSeconds?: number): Promise<void> {
  const cap = maxSeconds === undefined ? [] : ["-t", String(maxSeconds)];
  const args = [
    "-v", "error", "-nostdin", "-y",
    ...(demuxer === undefined ? [] : ["-f", demuxer]),
    "-i", input,
    "-map", "0:a:0", "-map_metadata", "-1", "-fflags", "+bitexact", ...cap, ...PHONE_WAV_ARGS, output.wav,
    "-map", "0:a:0", "-map_metadata", "-1", ...cap, ...WEB_OGG_ARGS, output.ogg,
  ];
  const result = await runTool("ffmpeg", args, { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`ffmpeg could not transcode the audio: ${result.stderr.split("\n").slice(-3).join(" ") || `exit ${String(result.code)}`}`);
}
