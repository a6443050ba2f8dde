import { normalizeText } from "../../../flow-schema/index";
import { matchOption, type MatchableOption } from "../../engine/match-option";
import type { PocketsphinxEngine } from "../pocketsphinx-engine";
import type { PcmFrame } from "../pcm-frame";
import { DIGIT_WORDS, digitGrammar, menuGrammar, type SpeechGrammar, YES_NO_OPTIONS, yesNoGrammar } from "../speech-grammar";
import { UtteranceDetector, type UtteranceEvent } from "../utterance-detector";
import { frames20ms, speak } from "./spoken-audio";
import { wordErrors } from "./word-errors";

/** The menu the fixtures answer (labels and say-words, as a flow's menu node has them). */
export const BILLING_MENU: readonly MatchableOption[] = [
  { key: "1", label: "Billing", say: ["bill", "invoice"] },
  { key: "2", label: "Support", say: ["technical support"] },
  { key: "3", label: "Sales" },
];

/** espeak-ng voices, speeds (words per minute) and pitches the fixtures are spoken with. */
export const SPEAKERS = [
  { voice: "en-us", speed: 160, pitch: 50 },
  { voice: "en-gb", speed: 140, pitch: 40 },
  { voice: "en-us+f3", speed: 180, pitch: 60 },
  { voice: "en-gb-x-rp", speed: 150, pitch: 50 },
  { voice: "en-us+m3", speed: 200, pitch: 30 },
] as const;

type Ask = "menu" | "yesno" | "digits";

export interface Fixture {
  ask: Ask;
  /** What is said. */
  text: string;
  /** The right answer: an option key, or the digit string; undefined: out of grammar, must be rejected. */
  expected: string | undefined;
}

const digitsSaid = (digits: string): string => digits.split("").map((digit) => Object.keys(DIGIT_WORDS).find((word) => DIGIT_WORDS[word] === digit && word !== "oh") ?? "").join(" ");

/** In-grammar fixtures per speaker (13) and out-of-grammar ones (answers must be refused). */
export const IN_GRAMMAR: readonly Fixture[] = [
  { ask: "menu", text: "billing", expected: "1" },
  { ask: "menu", text: "support", expected: "2" },
  { ask: "menu", text: "sales", expected: "3" },
  { ask: "menu", text: "invoice", expected: "1" },
  { ask: "menu", text: "technical support", expected: "2" },
  { ask: "yesno", text: "yes", expected: "yes" },
  { ask: "yesno", text: "no", expected: "no" },
  { ask: "yesno", text: "yeah", expected: "yes" },
  { ask: "yesno", text: "nope", expected: "no" },
  ...["412", "9057", "33816", "1234"].map((digits): Fixture => ({ ask: "digits", text: digitsSaid(digits), expected: digits })),
];

export const OUT_OF_GRAMMAR: readonly Fixture[] = [
  { ask: "yesno", text: "I want to talk about my bill please", expected: undefined },
  { ask: "yesno", text: "can I speak to someone", expected: undefined },
  { ask: "yesno", text: "what is my balance", expected: undefined },
  { ask: "menu", text: "I need to change my address", expected: undefined },
  { ask: "menu", text: "can I speak to a real person", expected: undefined },
  { ask: "menu", text: "tomorrow morning would be fine", expected: undefined },
];

export const grammarFor = (ask: Ask): SpeechGrammar => (ask === "menu" ? menuGrammar(BILLING_MENU) : ask === "yesno" ? yesNoGrammar() : digitGrammar(1, 16));

/** The answer a recognised text gives at this question (an option key, or the digits). */
function answer(ask: Ask, text: string): string | undefined {
  if (text === "") return undefined;
  if (ask === "digits") return text;
  return matchOption(ask === "menu" ? BILLING_MENU : YES_NO_OPTIONS, text)?.key;
}

export interface Trial {
  fixture: Fixture;
  speaker: (typeof SPEAKERS)[number];
  sampleRate: 8000 | 16000;
  answer: string | undefined;
  text: string;
  heard: string;
  /** Reference and hypothesis word counts and errors, for WER. */
  referenceWords: number;
  errors: number;
  audioSeconds: number;
  recognitionMs: number;
  /** From the end of speech (the last sound) to the result: the VAD's wait for silence plus recognition. */
  decisionMs: number;
}

/** Plays one fixture through the VAD and the engine, as a caller's frames would arrive. */
export async function runTrial(engine: PocketsphinxEngine, fixture: Fixture, speaker: (typeof SPEAKERS)[number], sampleRate: 8000 | 16000): Promise<Trial> {
  const spoken = speak(fixture.text, { ...speaker, sampleRate, padBeforeSeconds: 0.6, padAfterSeconds: 1.0 });
  const ends: Extract<UtteranceEvent, { type: "speech-end" }>[] = [];
  const detector = await UtteranceDetector.create((event) => {
    if (event.type === "speech-end") ends.push(event);
  });
  const frames: PcmFrame[] = frames20ms(spoken.samples, sampleRate);
  for (const frame of frames) detector.write(frame);
  await detector.end();
  // The whole utterance (one; if the VAD cut it in two, both halves joined).
  const audio = ends.length === 1 ? (ends[0]?.audio ?? new Int16Array(0)) : Int16Array.from(ends.flatMap((end) => [...end.audio]));
  const last = ends.at(-1);
  const result = audio.length === 0 ? undefined : await engine.recognize(audio, grammarFor(fixture.ask));
  const text = result?.text ?? "";
  const reference = fixture.expected === undefined ? [] : normalizeText(fixture.text).split(" ");
  const hypothesis = text === "" ? [] : fixture.ask === "digits" ? digitsSaid(text).split(" ") : normalizeText(text).split(" ");
  const recognitionMs = result?.elapsedMs ?? 0;
  // The VAD decides the end `endSilenceMs` after the silence began; the silence began at or after the last sound.
  const vadWaitMs = last === undefined ? 0 : Math.max(0, last.endMs + 320 - spoken.speechEndMs);
  return {
    fixture,
    speaker,
    sampleRate,
    answer: answer(fixture.ask, text),
    text,
    heard: result?.heard ?? "",
    referenceWords: reference.length,
    errors: wordErrors(reference, hypothesis),
    audioSeconds: audio.length / 16000,
    recognitionMs,
    decisionMs: vadWaitMs + recognitionMs,
  };
}

export interface AccuracyReport {
  sampleRate: 8000 | 16000;
  utterances: number;
  correct: number;
  accuracy: number;
  wordErrorRate: number;
  outOfGrammar: number;
  falseAccepts: number;
  falseAcceptRate: number;
  realTimeFactor: number;
  decisionP50Ms: number;
  decisionP99Ms: number;
  /** Accuracy per kind of question. */
  byAsk: Record<Ask, number>;
  failures: string[];
}

const accuracyOf = (trials: Trial[], ask: Ask): number => {
  const asked = trials.filter((trial) => trial.fixture.ask === ask);
  return asked.filter((trial) => trial.answer === trial.fixture.expected).length / Math.max(1, asked.length);
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};

/** Every in-grammar fixture by every speaker, and out-of-grammar ones by `oogSpeakers` speakers, at one rate. */
export async function measureAccuracy(engine: PocketsphinxEngine, sampleRate: 8000 | 16000, options: { speakers?: number; oogSpeakers?: number } = {}): Promise<AccuracyReport> {
  const speakers = SPEAKERS.slice(0, options.speakers ?? SPEAKERS.length);
  const trials: Trial[] = [];
  for (const speaker of speakers) for (const fixture of IN_GRAMMAR) trials.push(await runTrial(engine, fixture, speaker, sampleRate));
  const oog: Trial[] = [];
  for (const speaker of SPEAKERS.slice(0, options.oogSpeakers ?? SPEAKERS.length)) for (const fixture of OUT_OF_GRAMMAR) oog.push(await runTrial(engine, fixture, speaker, sampleRate));
  const correct = trials.filter((trial) => trial.answer === trial.fixture.expected);
  const falseAccepts = oog.filter((trial) => trial.answer !== undefined);
  const all = [...trials, ...oog];
  const describe = (trial: Trial): string => `${trial.speaker.voice}/${trial.speaker.speed}: "${trial.fixture.text}" → "${trial.text}"${trial.heard ? ` (filler: ${trial.heard})` : ""}`;
  return {
    sampleRate,
    utterances: trials.length,
    correct: correct.length,
    accuracy: correct.length / trials.length,
    wordErrorRate: trials.reduce((sum, trial) => sum + trial.errors, 0) / trials.reduce((sum, trial) => sum + trial.referenceWords, 0),
    outOfGrammar: oog.length,
    falseAccepts: falseAccepts.length,
    falseAcceptRate: falseAccepts.length / Math.max(1, oog.length),
    realTimeFactor: all.reduce((sum, trial) => sum + trial.recognitionMs / 1000, 0) / all.reduce((sum, trial) => sum + trial.audioSeconds, 0),
    decisionP50Ms: percentile(trials.map((trial) => trial.decisionMs), 50),
    decisionP99Ms: percentile(trials.map((trial) => trial.decisionMs), 99),
    byAsk: { menu: accuracyOf(trials, "menu"), yesno: accuracyOf(trials, "yesno"), digits: accuracyOf(trials, "digits") },
    failures: [...trials.filter((trial) => trial.answer !== trial.fixture.expected), ...falseAccepts].map(describe),
  };
}
