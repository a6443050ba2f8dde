import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeAudio } from "../runtime/audio/probe-audio";
import { EspeakEngine } from "../runtime/tts/espeak-engine";
import { TtsService } from "../runtime/tts/tts-service";
import { startTestServer } from "../runtime/test-support/test-server";
import { round, summarizeSamples } from "./measure";

/** A 20-word prompt; `n` makes each render a new text (no cache hit). */
const prompt = (n: number) => `Thank you for calling Acme support. Your account balance is ${n} dollars. Press one to pay it now, please.`;

/**
 * Text to speech figures: an espeak-ng render of a 20-word prompt as a real-time factor (time to
 * render ÷ length of the speech; below 1 is faster than real time), alone and with the ffmpeg
 * transcode to the phone and web renditions; and a cached prompt served over loopback HTTP.
 */
export async function benchAudio(runs = 10, serves = 200): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-audio-bench-"));
  const espeak = new EspeakEngine();
  const tts = new TtsService(dataDir, espeak);
  if (!(await tts.checkEngines()).espeak) throw new Error("espeak-ng is not installed");
  try {
    const voice = await espeak.resolveVoice(undefined, "en-US");
    const synthRtf: number[] = [];
    const renderRtf: number[] = [];
    const renderMs: number[] = [];
    let seconds = 0;
    for (let i = 0; i < runs; i++) {
      const raw = join(dataDir, `raw-${i}.wav`);
      let started = performance.now();
      await espeak.synthesize(prompt(100 + i), voice, raw);
      const synthMs = performance.now() - started;
      seconds = ((await probeAudio(raw))?.durationMs ?? Number.NaN) / 1000;
      synthRtf.push(synthMs / 1000 / seconds);
      started = performance.now();
      const rendered = await tts.renderEspeak({ text: prompt(500 + i), language: "en-US" });
      const ms = performance.now() - started;
      if (rendered.cached) throw new Error("a new text was found in the cache");
      renderMs.push(ms);
      renderRtf.push(ms / 1000 / seconds);
    }

    const server = await startTestServer({ SEED_EXAMPLES: "0" });
    const serveMs: number[] = [];
    let bytes = 0;
    try {
      const res = await server.api("POST", "/api/tts/render", { text: prompt(42), language: "en-US" });
      const { wavUrl } = res.body as { wavUrl: string };
      for (let i = 0; i < serves + 20; i++) {
        const started = performance.now();
        const body = await (await fetch(`${server.url}${wavUrl}`)).arrayBuffer();
        if (i >= 20) serveMs.push(performance.now() - started);
        bytes = body.byteLength;
      }
    } finally {
      await server.stop();
    }
    const synth = summarizeSamples(synthRtf);
    const render = summarizeSamples(renderRtf);
    const renderTime = summarizeSamples(renderMs);
    const serve = summarizeSamples(serveMs);
    console.log(`audio: espeak-ng 20 words → ${round(seconds)} s of speech: RTF ${round(synth.median, 3)} (synthesis), ${round(render.median, 3)} with the transcode (${round(renderTime.median)} ms)`);
    console.log(`audio: cached prompt served (${bytes} bytes, loopback HTTP): median ${round(serve.median)} ms, p90 ${round(serve.p90)} ms, RTF ${round(serve.median / 1000 / seconds, 4)}`);
    return {
      audio_prompt_seconds: round(seconds),
      audio_espeak_rtf: round(synth.median, 3),
      audio_espeak_render_rtf: round(render.median, 3),
      audio_espeak_render_ms: round(renderTime.median),
      audio_cached_serve_median_ms: round(serve.median),
      audio_cached_serve_p90_ms: round(serve.p90),
      audio_cached_serve_rtf: round(serve.median / 1000 / seconds, 4),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchAudio()));
}
