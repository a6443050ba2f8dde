import { type LocalHttpServer, startLocalHttpServer } from "../../test-support/local-http-server";
import { readWav, type WavInfo } from "./wav-header";

/** How the stand-in answers: OpenAI's shapes, or whisper.cpp's server's (`{"error": "…"}`, per-segment words with probabilities). */
export type StandInStyle = "openai" | "whispercpp";

/** One planned answer, taken in order by the requests that reach the transcription step. */
export type PlannedAnswer =
  | { text: string; delayMs?: number }
  | { status: number; message: string; retryAfter?: string; delayMs?: number };

export interface ReceivedRequest {
  authorization: string | null;
  fields: Record<string, string[]>;
  fileName: string | null;
  fileType: string | null;
  wav: WavInfo | null;
  /** What the stand-in answered (status). */
  status: number;
}

export interface StandInOptions {
  style?: StandInStyle;
  /** The key requests must carry as `Authorization: Bearer …`; undefined: no auth checked (whisper.cpp's server has none). */
  apiKey?: string;
  /** The model name it serves (others: 404 model_not_found). */
  model?: string;
  /** Whether it does `verbose_json` (false: 400 naming response_format, as gpt-4o-transcribe answers). */
  verbose?: boolean;
}

/**
 * A stand-in for an OpenAI-compatible transcription server on 127.0.0.1: `POST /v1/audio/transcriptions`
 * with the multipart body parsed by the platform (`Request.formData()`), auth, model and fields
 * checked as the real servers do. It cannot recognise speech: each request takes the next planned
 * answer (a text the test chooses, or an error, possibly slow). Word timings are spread evenly over
 * the audio it received.
 */
export class TranscriptionStandIn {
  readonly received: ReceivedRequest[] = [];
  /** The most requests it was answering at once. */
  maxConcurrent = 0;
  private concurrent = 0;
  private readonly planned: PlannedAnswer[] = [];
  private readonly options: Required<Omit<StandInOptions, "apiKey">> & { apiKey: string | undefined };

  private constructor(
    private readonly server: LocalHttpServer,
    readonly url: string,
    options: StandInOptions,
  ) {
    this.options = { style: options.style ?? "openai", apiKey: options.apiKey, model: options.model ?? "whisper-1", verbose: options.verbose ?? true };
  }

  static async start(options: StandInOptions = {}): Promise<TranscriptionStandIn> {
    let standIn: TranscriptionStandIn | undefined;
    const server = await startLocalHttpServer((request) => (standIn === undefined ? new Response("starting", { status: 503 }) : standIn.handle(request)));
    standIn = new TranscriptionStandIn(server, `${server.origin}/v1`, options);
    return standIn;
  }

  /** Plans the next answers. */
  plan(...answers: PlannedAnswer[]): void {
    this.planned.push(...answers);
  }

  get pending(): number {
    return this.planned.length;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private async handle(request: Request): Promise<Response> {
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      return await this.transcribe(request);
    } finally {
      this.concurrent--;
    }
  }

  private async transcribe(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const entry: ReceivedRequest = { authorization: request.headers.get("authorization"), fields: {}, fileName: null, fileType: null, wav: null, status: 0 };
    this.received.push(entry);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Response => {
      entry.status = status;
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...headers } });
    };
    if (path !== "/v1/audio/transcriptions" || request.method !== "POST") return answer(404, this.error("not found", "invalid_request_error"));
    if (this.options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${this.options.apiKey}`) {
      return answer(401, this.error("Incorrect API key provided", "invalid_request_error", "invalid_api_key"));
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch (error) {
      return answer(400, this.error(`could not parse multipart form: ${error instanceof Error ? error.message : String(error)}`, "invalid_request_error"));
    }
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === "string") (entry.fields[name] ??= []).push(value);
      else if (name === "file") file = value;
    }
    if (file === undefined) return answer(400, this.error("no 'file' field in the request", "invalid_request_error"));
    entry.fileName = file.name;
    entry.fileType = file.type;
    try {
      entry.wav = readWav(Buffer.from(await file.arrayBuffer()));
    } catch (error) {
      return answer(400, this.error(`Invalid file format: ${error instanceof Error ? error.message : String(error)}`, "invalid_request_error"));
    }
    const model = entry.fields.model?.[0];
    if (model === undefined) return answer(400, this.error("you must provide a model parameter", "invalid_request_error"));
    if (model !== this.options.model) return answer(404, this.error(`The model '${model}' does not exist`, "invalid_request_error", "model_not_found"));
    const format = entry.fields.response_format?.[0] ?? "json";
    if (!["json", "text", "verbose_json"].includes(format) || (format === "verbose_json" && !this.options.verbose)) {
      return answer(400, this.error(`response_format '${format}' is not compatible with model '${model}'`, "invalid_request_error"));
    }
    const planned = this.planned.shift();
    if (planned === undefined) return answer(500, this.error("the test planned no answer for this request", "server_error"));
    if (planned.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
    if ("status" in planned) return answer(planned.status, this.error(planned.message, "server_error"), planned.retryAfter === undefined ? {} : { "retry-after": planned.retryAfter });
    if (format === "text") return answer(200, `${planned.text}\n`);
    if (format === "json") return answer(200, { text: planned.text });
    return answer(200, this.verboseAnswer(planned.text, entry.wav.durationSeconds, entry.fields["timestamp_granularities[]"] ?? []));
  }

  private error(message: string, type: string, code: string | null = null): unknown {
    return this.options.style === "whispercpp" ? { error: message } : { error: { message, type, param: null, code } };
  }

  /** Word timings spread evenly over the audio (the stand-in hears nothing). */
  private verboseAnswer(text: string, duration: number, granularities: string[]): unknown {
    const tokens = text.split(/\s+/).filter(Boolean);
    const step = tokens.length === 0 ? 0 : duration / tokens.length;
    const words = tokens.map((word, index) => ({ word, start: Number((index * step).toFixed(2)), end: Number(((index + 1) * step).toFixed(2)) }));
    if (this.options.style === "whispercpp") {
      return {
        task: "transcribe",
        language: "english",
        duration,
        text: ` ${text}`,
        segments: [{ id: 0, text: ` ${text}`, start: 0, end: duration, tokens: [], words: words.map((word) => ({ ...word, word: ` ${word.word}`, t_dtw: -1, probability: 0.9 })), temperature: 0, avg_logprob: -0.2, no_speech_prob: 0.01 }],
        detected_language: "english",
        detected_language_probability: 0.98,
      };
    }
    return {
      task: "transcribe",
      language: "english",
      duration,
      text,
      ...(granularities.includes("word") ? { words } : {}),
      segments: [{ id: 0, seek: 0, start: 0, end: duration, text, tokens: [], temperature: 0, avg_logprob: -0.25, compression_ratio: 1, no_speech_prob: 0.01 }],
    };
  }
}
