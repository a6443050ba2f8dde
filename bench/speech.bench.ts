import { requirePocketsphinx } from "../runtime/speech/test-support/require-pocketsphinx";
import { PocketsphinxEngine } from "../runtime/speech/pocketsphinx-engine";
import { frames20ms, pinkNoise } from "../runtime/speech/test-support/spoken-audio";
import { measureAccuracy } from "../runtime/speech/test-support/speech-accuracy";
import { UtteranceDetector } from "../runtime/speech/utterance-detector";
import { round } from "./measure";

/**
 * Speech recognition on our own calls: pocketsphinx (en-us, JSGF grammars with the filler
 * rejection) over espeak-ng fixtures cut by the Silero VAD, at 16 kHz and at 8 kHz through μ-law:
 * accuracy (the answer a menu / yes-no / digit question takes), word error rate, false accepts of
 * out-of-grammar sentences, real-time factor, and the delay from the end of speech to the result
 * (the VAD's 320 ms wait for silence + recognition), p50/p99. And the VAD's CPU per stream.
 */
export async function benchSpeech(): Promise<Record<string, number>> {
  requirePocketsphinx();
  const engine = new PocketsphinxEngine();
  const out: Record<string, number> = {};
  for (const rate of [16000, 8000] as const) {
    const report = await measureAccuracy(engine, rate);
    const k = rate === 16000 ? "16k" : "8k";
    console.log(
      `speech ${k}: ${report.correct}/${report.utterances} right (${round(report.accuracy * 100, 1)}%: menu ${round(report.byAsk.menu * 100, 0)}%, yes/no ${round(report.byAsk.yesno * 100, 0)}%, digits ${round(report.byAsk.digits * 100, 0)}%), ` +
        `WER ${round(report.wordErrorRate * 100, 1)}%, false accepts ${report.falseAccepts}/${report.outOfGrammar}, RTF ${round(report.realTimeFactor, 3)}, ` +
        `end of speech → result p50 ${round(report.decisionP50Ms, 0)} ms, p99 ${round(report.decisionP99Ms, 0)} ms`,
    );
    Object.assign(out, {
      [`speech_${k}_accuracy`]: round(report.accuracy, 3),
      [`speech_${k}_wer`]: round(report.wordErrorRate, 3),
      [`speech_${k}_false_accept_rate`]: round(report.falseAcceptRate, 3),
      [`speech_${k}_rtf`]: round(report.realTimeFactor, 4),
      [`speech_${k}_decision_p50_ms`]: round(report.decisionP50Ms, 0),
      [`speech_${k}_decision_p99_ms`]: round(report.decisionP99Ms, 0),
    });
  }
  // VAD cost: 60 s of 8 kHz noise in 20 ms frames through one stream's detector.
  const noise = pinkNoise(8000, 60, -45);
  const detector = await UtteranceDetector.create(() => {});
  const started = performance.now();
  for (const frame of frames20ms(noise, 8000)) detector.write(frame);
  await detector.end();
  const vadCpu = (performance.now() - started) / 60_000;
  console.log(`speech VAD: ${round(vadCpu * 100, 2)}% of a core per stream (Silero, resampling included)`);
  out.speech_vad_core_share_per_stream = round(vadCpu, 4);
  await engine.close();
  return out;
}
