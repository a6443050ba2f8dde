import { type LocalHttpServer, startLocalHttpServer } from "../../test-support/local-http-server";

/** A tool call the stand-in's model makes: `arguments` is sent as is (so it may be invalid JSON); `id: null` sends none. */
export interface ScriptedToolCall {
  name: string;
  arguments: string;
  id?: string | null;
}

/**
 * One scripted exchange, taken in order by the chat requests that pass auth and model checks.
 * Each answers as JSON, or as SSE when the request asks `stream: true`.
 */
export type ScriptedReply =
  /** A text answer (streamed a word at a time); `finishReason: "length"` as when cut at max_tokens. */
  | { text: string; finishReason?: "stop" | "length"; delayMs?: number }
  /**
   * Tool calls; streamed, each call's arguments are split into `pieces` deltas (default 3). `withoutIndex`
   * leaves `index` out of the deltas, as some servers do. `cutAtLength` ends with finish_reason "length".
   */
  | { toolCalls: ScriptedToolCall[]; text?: string; pieces?: number; withoutIndex?: boolean; cutAtLength?: boolean; delayMs?: number }
  /** An error answer in OpenAI's shape (`{"error": {message, type, code}}`), with Retry-After when given. */
  | { status: number; message: string; code?: string; retryAfter?: string; delayMs?: number }
  /** Never answers (until the client gives up or the stand-in closes). */
  | { hang: true }
  /** Sends the headers and the first event of a stream, then nothing more. */
  | { hangAfterFirstEvent: true; text: string }
  /** Anything else: a body with its content type (an HTML page, invalid JSON…). */
  | { status?: number; body: string; contentType: string };

export interface ReceivedChat {
  method: string;
  path: string;
  /** `api-version` (Azure). */
  apiVersion: string | null;
  authorization: string | null;
  /** Azure's key header. */
  apiKey: string | null;
  /** The JSON body (undefined when it did not parse). */
  body: Record<string, unknown> | undefined;
  /** The status it answered (0 while waiting). */
  status: number;
}

export interface ChatStandInOptions {
  /** The key requests must carry (`Authorization: Bearer`, or `api-key` on Azure paths); undefined: none checked (Ollama needs none). */
  apiKey?: string;
  /** The models it serves; others: 404 model_not_found. Default ["test-model", "fallback-model"]. */
  models?: string[];
  /** Delay between streamed events (ms, default 5): the client must assemble what arrives in pieces. */
  eventGapMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An OpenAI-compatible chat server on 127.0.0.1 that replays scripted exchanges: real HTTP, real
 * SSE (`data: {chunk}\n\n` … `data: [DONE]`), OpenAI's shapes and error bodies. Serves
 * `POST /v1/chat/completions` and `GET /v1/models` (`url`, as OpenAI, Ollama, vLLM and llama.cpp
 * do) and Azure's `POST /openai/deployments/{deployment}/chat/completions?api-version=…` with the
 * `api-key` header (`origin` is the Azure "resource"). `always` answers every request the script
 * does not cover (a model that never stops calling a tool).
 */
export class ChatStandIn {
  readonly received: ReceivedChat[] = [];
  private readonly script: ScriptedReply[] = [];
  private fallback: ScriptedReply | undefined;
  private readonly waiting = new Set<() => void>();
  private readonly models: string[];
  private counter = 0;

  private constructor(
    private readonly server: LocalHttpServer,
    private readonly options: ChatStandInOptions,
  ) {
    this.models = options.models ?? ["test-model", "fallback-model"];
  }

  static async start(options: ChatStandInOptions = {}): Promise<ChatStandIn> {
    let standIn: ChatStandIn | undefined;
    const server = await startLocalHttpServer((request) => (standIn === undefined ? new Response("starting", { status: 503 }) : standIn.handle(request)));
    standIn = new ChatStandIn(server, options);
    return standIn;
  }

  /** The OpenAI-compatible base URL (`…/v1`). */
  get url(): string {
    return `${this.server.origin}/v1`;
  }

  /** The Azure resource endpoint. */
  get origin(): string {
    return this.server.origin;
  }

  /** Scripts the next exchanges. */
  plan(...replies: ScriptedReply[]): this {
    this.script.push(...replies);
    return this;
  }

  /** The answer to every request past the script (undefined: 500 "nothing planned"). */
  always(reply: ScriptedReply | undefined): this {
    this.fallback = reply;
    return this;
  }

  /** Drops what is left of the script and `always`; says how many scripted replies were left. */
  reset(): number {
    const left = this.script.length;
    this.script.length = 0;
    this.fallback = undefined;
    return left;
  }

  get pending(): number {
    return this.script.length;
  }

  /** Chat requests received (model listings aside). */
  get chats(): ReceivedChat[] {
    return this.received.filter((entry) => entry.path.endsWith("/chat/completions"));
  }

  async close(): Promise<void> {
    for (const release of this.waiting) release();
    await this.server.close();
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const text = await request.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = text === "" ? undefined : JSON.parse(text);
      body = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : undefined;
    } catch {
      body = undefined;
    }
    const entry: ReceivedChat = {
      method: request.method,
      path: url.pathname,
      apiVersion: url.searchParams.get("api-version"),
      authorization: request.headers.get("authorization"),
      apiKey: request.headers.get("api-key"),
      body,
      status: 0,
    };
    this.received.push(entry);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): Response => {
      entry.status = status;
      return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json", ...headers } });
    };
    const error = (status: number, message: string, type: string, code: string | null = null, headers: Record<string, string> = {}) =>
      json(status, { error: { message, type, param: null, code } }, headers);

    const key = azure === null ? request.headers.get("authorization") : request.headers.get("api-key");
    const expected = azure === null ? `Bearer ${this.options.apiKey}` : this.options.apiKey;
    if (this.options.apiKey !== undefined && key !== expected) return error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
    if (url.pathname === "/v1/models" && request.method === "GET") {
      return json(200, { object: "list", data: this.models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "switchboard-tests" })) });
    }
    if (azure !== null && entry.apiVersion === null) return error(404, "Resource not found", "invalid_request_error", "404");
    if ((url.pathname !== "/v1/chat/completions" && azure === null) || request.method !== "POST") return error(404, `no route ${request.method} ${url.pathname}`, "invalid_request_error");
    if (body === undefined) return error(400, "We could not parse the JSON body of your request.", "invalid_request_error");
    const model = azure?.[1] ?? body.model;
    if (typeof model !== "string") return error(400, "you must provide a model parameter", "invalid_request_error");
    if (!this.models.includes(model)) return error(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
    if (!Array.isArray(body.messages) || body.messages.length === 0) return error(400, "'messages' must be a non-empty array", "invalid_request_error");

    const reply = this.script.shift() ?? this.fallback;
    if (reply === undefined) return error(500, "the test planned no answer for this request", "server_error");
    const stream = body.stream === true;
    const id = `chatcmpl-${++this.counter}`;

    if ("hang" in reply) {
      await new Promise<void>((resolve) => this.waiting.add(resolve));
      return error(503, "the stand-in closed", "server_error");
    }
    if ("delayMs" in reply && reply.delayMs !== undefined) await sleep(reply.delayMs);
    if ("body" in reply) {
      entry.status = reply.status ?? 200;
      return new Response(reply.body, { status: entry.status, headers: { "content-type": reply.contentType } });
    }
    if ("message" in reply) {
      return error(reply.status, reply.message, reply.status === 429 ? "rate_limit_exceeded" : "server_error", reply.code ?? null, reply.retryAfter === undefined ? {} : { "retry-after": reply.retryAfter });
    }
    if ("hangAfterFirstEvent" in reply) {
      entry.status = 200;
      return this.sse([this.chunk(id, model, { role: "assistant", content: reply.text }, null)], true);
    }
    if ("toolCalls" in reply) {
      const finish = reply.cutAtLength === true ? "length" : "tool_calls";
      if (!stream) {
        const calls = reply.toolCalls.map((call, index) => ({ ...(call.id === null ? {} : { id: call.id ?? `call_${id}_${index}` }), type: "function", function: { name: call.name, arguments: call.arguments } }));
        return json(200, this.completion(id, model, { role: "assistant", content: reply.text ?? null, tool_calls: calls }, finish));
      }
      const events: unknown[] = [this.chunk(id, model, { role: "assistant", content: reply.text ?? null }, null)];
      reply.toolCalls.forEach((call, index) => {
        const at = reply.withoutIndex === true ? {} : { index };
        const callId = call.id === null ? {} : { id: call.id ?? `call_${id}_${index}` };
        events.push(this.chunk(id, model, { tool_calls: [{ ...at, ...callId, type: "function", function: { name: call.name, arguments: "" } }] }, null));
        for (const piece of split(call.arguments, reply.pieces ?? 3)) events.push(this.chunk(id, model, { tool_calls: [{ ...at, function: { arguments: piece } }] }, null));
      });
      events.push(this.chunk(id, model, {}, finish));
      entry.status = 200;
      return this.sse(events);
    }
    const finish = reply.finishReason ?? "stop";
    entry.status = 200;
    if (!stream) return json(200, this.completion(id, model, { role: "assistant", content: reply.text }, finish));
    const words = reply.text.match(/\S+\s*|\s+/g) ?? [];
    return this.sse([this.chunk(id, model, { role: "assistant", content: "" }, null), ...words.map((word) => this.chunk(id, model, { content: word }, null)), this.chunk(id, model, {}, finish)]);
  }

  private completion(id: string, model: string, message: unknown, finish: string): unknown {
    return { id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } };
  }

  private chunk(id: string, model: string, delta: unknown, finish: string | null): unknown {
    return { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  }

  /** The events as SSE, written one by one with a gap; `hang` stops after them without ending the stream. */
  private sse(events: unknown[], hang = false): Response {
    const gap = this.options.eventGapMs ?? 5;
    const encoder = new TextEncoder();
    const waiting = this.waiting;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const event of events) {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
          if (gap > 0) await sleep(gap);
        }
        if (hang) {
          await new Promise<void>((resolve) => waiting.add(resolve));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  }
}

/** `text` in `pieces` parts of about equal length (cutting inside keys and strings, as real streams do). */
function split(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}
