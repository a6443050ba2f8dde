import { z } from "zod";
import type { SpeechWord } from "./speech-result";

const Word = z.object({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  /** whisper.cpp's server gives each word's probability; OpenAI and vLLM do not. */
  probability: z.number().min(0).max(1).optional(),
});
const Segment = z.object({
  start: z.number().optional(),
  end: z.number().optional(),
  text: z.string().optional(),
  avg_logprob: z.number().optional(),
  /** whisper.cpp: each segment carries its words. */
  words: z.array(Word).nullish(),
});

/**
 * A transcription answer as OpenAI (`json`, `verbose_json`), whisper.cpp's server (`json`,
 * `verbose_json` with per-segment words) and vLLM (`json`, `verbose_json`) give it. Only `text` is
 * required; the rest is read when present.
 */
const Answer = z.object({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  /** OpenAI with `timestamp_granularities[]=word` (vLLM: null). */
  words: z.array(Word).nullish(),
  segments: z.array(Segment).nullish(),
});

export interface Transcription {
  text: string;
  /** Word timings (seconds from the utterance's start) when the provider gave them. */
  words: SpeechWord[];
  /** 0–1: the words' mean probability, else exp of the segments' mean log-probability, else 1 (no figure given). */
  confidence: number;
  language: string | null;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** The provider's answer body (JSON, or plain text for `response_format=text`) → a transcription; undefined when it is neither. */
export function parseTranscriptionAnswer(body: string, contentType: string | undefined): Transcription | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (contentType?.startsWith("text/plain")) return { text: body.trim(), words: [], confidence: 1, language: null };
    return undefined;
  }
  const parsed = Answer.safeParse(json);
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  const given = answer.words ?? answer.segments?.flatMap((segment) => segment.words ?? []) ?? [];
  const words: SpeechWord[] = given
    .map((word) => ({
      word: word.word.trim(),
      startSeconds: Math.max(0, word.start),
      endSeconds: Math.max(0, word.end, word.start),
      confidence: clamp01(word.probability ?? 1),
    }))
    .filter((word) => word.word !== "" && !/^\[.*\]$/.test(word.word)); // whisper.cpp's [_BEG_]-style tokens
  const probabilities = given.flatMap((word) => (word.probability === undefined ? [] : [word.probability]));
  const logprobs = (answer.segments ?? []).flatMap((segment) => (segment.avg_logprob === undefined ? [] : [segment.avg_logprob]));
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const confidence = probabilities.length > 0 ? clamp01(mean(probabilities)) : logprobs.length > 0 ? clamp01(Math.exp(mean(logprobs))) : 1;
  return { text: answer.text.trim(), words, confidence, language: answer.language ?? null };
}

const ErrorAnswer = z.union([
  /** OpenAI, newer vLLM: `{"error": {"message", "type", "code"}}`. */
  z.object({ error: z.object({ message: z.string() }) }).transform((value) => value.error.message),
  /** whisper.cpp's server: `{"error": "…"}`. */
  z.object({ error: z.string() }).transform((value) => value.error),
  /** older vLLM: `{"object": "error", "message": "…"}`; FastAPI-style `{"detail": "…"}`. */
  z.object({ message: z.string() }).transform((value) => value.message),
  z.object({ detail: z.string() }).transform((value) => value.detail),
]);

/** The provider's error message from an error body (JSON in any of the dialects, or text); the body's start otherwise. */
export function providerErrorMessage(body: string): string {
  try {
    const parsed = ErrorAnswer.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: the text itself
  }
  const text = body.trim().replace(/\s+/g, " ");
  return text === "" ? "(no message)" : text.slice(0, 300);
}

/** A 200 answer that is an error all the same (whisper.cpp's server answers some failures so). */
export function errorInAnswer(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    const parsed = z.object({ error: z.unknown() }).safeParse(json);
    if (parsed.success && parsed.data.error !== undefined && parsed.data.error !== null) return providerErrorMessage(body);
  } catch {
    return undefined;
  }
  return undefined;
}
