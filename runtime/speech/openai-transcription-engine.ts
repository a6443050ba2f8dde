import type { AddressPolicy } from "../callbacks/address-policy";
import { type HttpOutcome, performHttpRequest } from "../callbacks/perform-http-request";
import { ProviderError } from "../provider-endpoint/provider-error";
import { retryAfterSeconds } from "../provider-endpoint/retry-after";
import { RECOGNIZER_RATE } from "./pcm-frame";
import { errorInAnswer, parseTranscriptionAnswer, providerErrorMessage, type Transcription } from "./transcription-answer";
import { wavBytes } from "./wav-bytes";

/** What the engine needs: the provider's settings, its key opened. */
export interface TranscriptionConfig {
  /** e.g. `https://api.openai.com/v1` (no trailing slash): the engine posts to `{baseUrl}/audio/transcriptions`. */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  language?: string | undefined;
  /** How long one utterance may take, a 429's wait and retry included. */
  timeoutSeconds: number;
}

/** The provider failed on an utterance: `status` is its HTTP status (absent for timeouts and network errors). */
export class TranscriptionError extends ProviderError<"refused" | "rate_limited" | "timeout" | "network" | "blocked" | "bad_answer"> {
  override name = "TranscriptionError";
}

export interface TranscriptionOutcome extends Transcription {
  /** Wall time from the first byte sent to the answer, retries included (ms). */
  elapsedMs: number;
  /** The response format the answer came in. */
  format: "verbose_json" | "json";
}

export { retryAfterSeconds };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A refusal that names the response format: the provider does not do verbose_json (gpt-4o-transcribe, some servers). */
const refusesVerbose = (status: number, message: string): boolean => status === 400 && /verbose_json|response_format|timestamp_granularities/i.test(message);

/**
 * Free-form transcription by an OpenAI-compatible provider: one utterance (16 kHz PCM) → a 16 kHz
 * mono WAV → `POST {baseUrl}/audio/transcriptions` (multipart: `file`, `model`,
 * `response_format`, `language` when set; `Authorization: Bearer` when a key is set), which
 * OpenAI, whisper.cpp's server and vLLM speak. Asks for `verbose_json` with word timings, and
 * falls back to `json` for good when the provider refuses it. Behind the SSRF guard of HTTP
 * callbacks (`HTTP_CALLBACK_ALLOWLIST`). Never takes longer than `timeoutSeconds`: a 429 is retried
 * once after its Retry-After only when that fits in the time left.
 */
export class OpenAiTranscriptionEngine {
  readonly name = "openai-compatible";
  private verbose = true;

  constructor(
    private readonly config: TranscriptionConfig,
    private readonly policy: AddressPolicy,
  ) {}

  get timeoutMs(): number {
    return this.config.timeoutSeconds * 1000;
  }

  async transcribe(audio: Int16Array): Promise<TranscriptionOutcome> {
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    const wav = wavBytes(audio, RECOGNIZER_RATE);
    let retried429 = false;
    let fellBack = false;
    for (;;) {
      const format = this.verbose ? "verbose_json" : "json";
      const outcome = await this.post(wav, format, deadline - performance.now());
      if (!outcome.ok) {
        const kind = outcome.error === "timeout" ? "timeout" : outcome.error === "blocked" ? "blocked" : "network";
        throw new TranscriptionError(`transcription provider: ${outcome.message}`, kind);
      }
      if (outcome.status === 429 && !retried429) {
        const wait = retryAfterSeconds(outcome.retryAfter) ?? 1;
        const left = deadline - performance.now();
        // The retry needs its wait plus time for an answer: at least a quarter of the timeout.
        if (wait * 1000 + this.timeoutMs / 4 <= left) {
          retried429 = true;
          await sleep(wait * 1000);
          continue;
        }
        throw new TranscriptionError(
          `transcription provider answered 429 (${providerErrorMessage(outcome.body)}); Retry-After ${outcome.retryAfter ?? "(none)"} does not fit in the ${this.config.timeoutSeconds} s timeout`,
          "rate_limited",
          429,
        );
      }
      if (outcome.status < 200 || outcome.status > 299) {
        const message = providerErrorMessage(outcome.body);
        if (format === "verbose_json" && !fellBack && refusesVerbose(outcome.status, message)) {
          this.verbose = false;
          fellBack = true;
          continue;
        }
        throw new TranscriptionError(`transcription provider answered ${outcome.status}: ${message}`, outcome.status === 429 ? "rate_limited" : "refused", outcome.status);
      }
      const inAnswer = errorInAnswer(outcome.body);
      if (inAnswer !== undefined) throw new TranscriptionError(`transcription provider answered an error: ${inAnswer}`, "refused", outcome.status);
      const transcription = parseTranscriptionAnswer(outcome.body, outcome.contentType);
      if (transcription === undefined) {
        throw new TranscriptionError(`transcription provider's answer has no text: ${outcome.body.slice(0, 200)}`, "bad_answer", outcome.status);
      }
      return { ...transcription, elapsedMs: performance.now() - started, format };
    }
  }

  private async post(wav: Buffer, format: "verbose_json" | "json", leftMs: number): Promise<HttpOutcome> {
    if (leftMs <= 0) return { ok: false, error: "timeout", message: `no answer within ${this.config.timeoutSeconds} s` };
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "utterance.wav");
    form.append("model", this.config.model);
    form.append("response_format", format);
    if (format === "verbose_json") {
      form.append("timestamp_granularities[]", "word");
      form.append("timestamp_granularities[]", "segment");
    }
    if (this.config.language !== undefined) form.append("language", this.config.language);
    // The platform writes the multipart body (boundary and all): a Request turns the form into bytes.
    const encoded = new Request("http://localhost/", { method: "POST", body: form });
    const body = new Uint8Array(await encoded.arrayBuffer());
    const headers: Record<string, string> = { "content-type": encoded.headers.get("content-type") ?? "multipart/form-data", accept: "application/json" };
    if (this.config.apiKey !== undefined) headers.authorization = `Bearer ${this.config.apiKey}`;
    const seconds = leftMs / 1000;
    return performHttpRequest(
      { url: `${this.config.baseUrl}/audio/transcriptions`, method: "POST", headers, body, timeoutSeconds: seconds },
      { policy: this.policy, maxSeconds: seconds, userAgent: "Switchboard/1 (speech)" },
    );
  }
}
