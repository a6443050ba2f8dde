import OpenAI, { APIConnectionError, APIError, APIUserAbortError, AzureOpenAI } from "openai";
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { AddressPolicy } from "../callbacks/address-policy";
import { guardedFetch, RefusedByGuard } from "../callbacks/guarded-fetch";
import { retryAfterSeconds } from "../provider-endpoint/retry-after";
import { AiError } from "./ai-error";
import { answerCheckingFetch, looksLikeHtml } from "./answer-checking-fetch";
import type { ChatMessage, ToolCall, ToolSpec } from "./chat-message";
import { ToolCallParts } from "./tool-call-parts";

/** Azure OpenAI's `api-version` when the provider names none (the GA version of the data plane). */
export const DEFAULT_AZURE_API_VERSION = "2024-10-21";

/** Where the model lives: a provider's settings, its key opened. */
export interface AiEndpoint {
  kind: "openai" | "azure";
  /** OpenAI-compatible: `{baseUrl}/chat/completions` (e.g. https://api.openai.com/v1). Azure: the resource, `https://<name>.openai.azure.com`. */
  baseUrl: string;
  apiKey?: string | undefined;
  /** Azure: the deployment. */
  defaultModel: string;
  fallbackModel?: string | undefined;
  apiVersion?: string | undefined;
  /** How long one turn may take, retries and the fallback model included. */
  timeoutSeconds: number;
}

export interface RetryPolicy {
  /** Retries of one model after a 429, a 5xx or a broken connection (default 2). */
  maxRetries: number;
  /** The first wait when the provider names none (doubled each time, ±25 %, default 500 ms). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 };

export interface ChatOptions {
  /** Default: the provider's default model. */
  model?: string;
  tools?: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
  /** Streams the answer (SSE) and hands on each piece of text as it arrives. */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
  /** False: never the fallback model (the Check asks the default one only). */
  fallback?: boolean;
}

/** One model turn: what it said, the tools it called, why it stopped. */
export interface ChatTurn {
  content: string;
  toolCalls: ToolCall[];
  /** `stop`, `tool_calls`, `length` (cut at the token limit), `content_filter`… as the provider said. */
  finishReason: string;
  /** The model that answered (the fallback when `fellBack`). */
  model: string;
  fellBack: boolean;
  /** Requests sent, retries and fallback included. */
  attempts: number;
  /** From the first request to the answer (ms). */
  elapsedMs: number;
}

/** An attempt's failure and, for 429s, how long the provider asked us to wait. */
interface Failure {
  error: AiError;
  retryAfterMs?: number | undefined;
}

const RETRYABLE = new Set(["rate_limited", "unavailable", "network"]);
const FALLS_BACK = new Set(["rate_limited", "unavailable", "network", "timeout"]);

/**
 * The one client for chat completions, on the official `openai` package: OpenAI-compatible
 * servers (`POST {baseUrl}/chat/completions`, `Authorization: Bearer`) and Azure OpenAI
 * (`{baseUrl}/openai/deployments/{model}/chat/completions?api-version=…`, `api-key`). Requests go
 * through the SSRF guard (`guardedFetch`). The package's own retries are off: this client retries
 * 429s (after Retry-After), 5xx and broken connections with backoff while the turn's time allows,
 * then tries the fallback model once, and classifies every failure as an `AiError`.
 */
export class ChatClient {
  private readonly client: OpenAI;

  constructor(
    private readonly endpoint: AiEndpoint,
    policy: AddressPolicy,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    const common = {
      fetch: answerCheckingFetch(guardedFetch(policy, "Switchboard/1 (ai)")),
      maxRetries: 0,
      timeout: endpoint.timeoutSeconds * 1000,
      organization: null,
      project: null,
      adminAPIKey: null,
    };
    if (endpoint.kind === "azure") {
      if (endpoint.apiKey === undefined) throw new AiError("an Azure OpenAI provider needs an API key", "refused");
      this.client = new AzureOpenAI({ ...common, baseURL: `${endpoint.baseUrl}/openai`, apiKey: endpoint.apiKey, apiVersion: endpoint.apiVersion ?? DEFAULT_AZURE_API_VERSION });
    } else {
      // No key: no Authorization header at all (Ollama, llama.cpp and vLLM need none).
      this.client = new OpenAI({ ...common, baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey ?? "none", ...(endpoint.apiKey === undefined ? { defaultHeaders: { authorization: null } } : {}) });
    }
  }

  get timeoutMs(): number {
    return this.endpoint.timeoutSeconds * 1000;
  }

  /** One model turn. Throws `AiError`. */
  async complete(messages: readonly ChatMessage[], options: ChatOptions = {}): Promise<ChatTurn> {
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    const primary = options.model ?? this.endpoint.defaultModel;
    const fallback = this.endpoint.fallbackModel;
    const models = fallback !== undefined && fallback !== primary && options.fallback !== false ? [primary, fallback] : [primary];
    const streamed = { any: false };
    let attempts = 0;
    let last: AiError | undefined;
    for (const [position, model] of models.entries()) {
      for (let retry = 0; ; retry++) {
        attempts++;
        try {
          const turn = await this.attempt(model, messages, options, deadline, streamed);
          return { ...turn, model, fellBack: position > 0, attempts, elapsedMs: performance.now() - started };
        } catch (caught) {
          const failure = this.classify(caught, options.signal);
          last = failure.error;
          // Text already handed on cannot be taken back: no retry after it.
          if (failure.error.kind === "aborted" || streamed.any) throw failure.error;
          if (!RETRYABLE.has(failure.error.kind) || retry >= this.retry.maxRetries) break;
          const wait = failure.retryAfterMs ?? this.backoffMs(retry);
          // The retry needs its wait plus time for an answer: at least a quarter of the timeout.
          if (performance.now() + wait + this.timeoutMs / 4 > deadline) break;
          await sleep(wait, options.signal);
        }
      }
      const modelMissing = last?.kind === "refused" && last.status === 404;
      if (last === undefined || !(FALLS_BACK.has(last.kind) || modelMissing) || performance.now() >= deadline) break;
    }
    const error = last ?? new AiError("no model to ask", "refused");
    throw attempts > 1 ? new AiError(`${error.message} (after ${attempts} requests)`, error.kind, error.status) : error;
  }

  /** The model ids the provider lists (`GET {baseUrl}/models`). Throws `AiError`. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    try {
      const ids: string[] = [];
      for await (const model of this.client.models.list({ signal: signal ?? AbortSignal.timeout(this.timeoutMs) })) ids.push(model.id);
      return ids;
    } catch (caught) {
      throw this.classify(caught, signal).error;
    }
  }

  private async attempt(model: string, messages: readonly ChatMessage[], options: ChatOptions, deadline: number, streamed: { any: boolean }): Promise<Omit<ChatTurn, "model" | "fellBack" | "attempts" | "elapsedMs">> {
    const left = deadline - performance.now();
    if (left <= 0) throw new AiError(`no answer within ${this.endpoint.timeoutSeconds} s`, "timeout");
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new AiError(`no answer within ${this.endpoint.timeoutSeconds} s`, "timeout")), left);
    const signal = options.signal === undefined ? timer.signal : AbortSignal.any([timer.signal, options.signal]);
    const body: ChatCompletionCreateParamsBase = {
      model,
      messages: messages.map(toApiMessage),
      ...(options.tools === undefined || options.tools.length === 0
        ? {}
        : { tools: options.tools.map((tool) => ({ type: "function" as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) }),
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    };
    try {
      const parts = new ToolCallParts();
      if (options.onText !== undefined) {
        const stream = await this.client.chat.completions.create({ ...body, stream: true }, { signal, timeout: Math.ceil(left) });
        let content = "";
        let finishReason: string | undefined;
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          if (choice === undefined) continue;
          const text = choice.delta.content;
          if (typeof text === "string" && text !== "") {
            content += text;
            streamed.any = true;
            options.onText(text);
          }
          for (const call of choice.delta.tool_calls ?? []) parts.add(call);
          if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReason = choice.finish_reason;
        }
        if (finishReason === undefined) throw new AiError("the provider's stream ended before the answer did (no finish_reason)", "network");
        return { content, toolCalls: parts.finish(finishReason === "length"), finishReason };
      }
      const completion: unknown = await this.client.chat.completions.create({ ...body, stream: false }, { signal, timeout: Math.ceil(left) });
      const choice = firstChoice(completion);
      choice.toolCalls.forEach((call, index) => parts.add({ ...call, index }));
      return { content: choice.content, toolCalls: parts.finish(choice.finishReason === "length"), finishReason: choice.finishReason };
    } catch (error) {
      // Whatever broke once the turn's time was up (the socket, the stream) is the timeout.
      if (timer.signal.aborted && options.signal?.aborted !== true) throw timer.signal.reason;
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  }

  private backoffMs(retry: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retry) * (0.75 + Math.random() * 0.5);
  }

  /** Any failure as an `AiError`, with the provider's Retry-After for 429s. */
  private classify(caught: unknown, callerSignal: AbortSignal | undefined): Failure {
    if (caught instanceof AiError) return { error: caught };
    const cause = caught instanceof Error ? caught.cause : undefined;
    if (cause instanceof AiError) return { error: cause };
    if (callerSignal?.aborted === true) return { error: new AiError("the turn was cancelled", "aborted") };
    if (caught instanceof APIUserAbortError || (caught instanceof Error && caught.name === "AbortError")) {
      // Our timer aborts with an AiError as the reason: the signal's reason may be what was thrown.
      return { error: new AiError(`no answer within ${this.endpoint.timeoutSeconds} s`, "timeout") };
    }
    if (caught instanceof APIConnectionError) {
      if (cause instanceof RefusedByGuard) return { error: new AiError(`AI provider: ${cause.message} (HTTP_CALLBACK_ALLOWLIST)`, "blocked") };
      if (caught.name === "APIConnectionTimeoutError" || /timed? ?out/i.test(caught.message)) return { error: new AiError(`no answer within ${this.endpoint.timeoutSeconds} s`, "timeout") };
      return { error: new AiError(`AI provider could not be reached: ${cause instanceof Error ? cause.message : caught.message}`, "network") };
    }
    if (caught instanceof APIError && typeof caught.status === "number") {
      const status = caught.status;
      const said = providerMessage(caught);
      if (status === 429) {
        const header = caught.headers?.get("retry-after-ms");
        const ms = header !== null && header !== undefined && /^\d+(\.\d+)?$/.test(header) ? Number(header) : (retryAfterSeconds(caught.headers?.get("retry-after") ?? undefined) ?? NaN) * 1000;
        return { error: new AiError(`AI provider answered 429: ${said.text}`, "rate_limited", 429), retryAfterMs: Number.isNaN(ms) ? undefined : ms };
      }
      if (status >= 500) return { error: new AiError(`AI provider answered ${status}: ${said.text}`, "unavailable", status) };
      if (said.html) return { error: new AiError(`AI provider answered ${status} with an HTML page, not the API (is the base URL right?): ${said.text}`, "html", status) };
      return { error: new AiError(`AI provider answered ${status}: ${said.text}`, "refused", status) };
    }
    if (caught instanceof APIError) {
      // An error event inside a stream (`data: {"error": {…}}`): the provider's message, no status.
      return { error: new AiError(`AI provider sent an error in its stream: ${providerMessage(caught).text}`, "refused") };
    }
    if (caught instanceof SyntaxError || (caught instanceof Error && /JSON/.test(caught.message))) {
      return { error: new AiError(`AI provider's answer is not valid JSON: ${caught.message}`, "invalid_json") };
    }
    return { error: new AiError(`AI provider: ${caught instanceof Error ? caught.message : String(caught)}`, "network") };
  }
}

/** What the provider said in an error answer: its `error.message`, or the start of its body (an HTML page's title). */
function providerMessage(error: APIError): { text: string; html: boolean } {
  const body: unknown = error.error;
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string") return { text: body.message, html: false };
  const raw = error.message.replace(/^\d{3}\s*/, "");
  if (looksLikeHtml(raw)) {
    const title = /<title>([^<]*)<\/title>/i.exec(raw)?.[1]?.trim();
    return { text: title === undefined || title === "" ? raw.slice(0, 120) : `"${title}"`, html: true };
  }
  return { text: raw.slice(0, 300) || "(no message)", html: false };
}

interface FirstChoice {
  content: string;
  toolCalls: Array<{ id?: string | null; function?: { name?: string | null; arguments?: string | null } | null }>;
  finishReason: string;
}

/** `choices[0]` of a non-streamed answer, checked: the package returns what the server sent. */
function firstChoice(completion: unknown): FirstChoice {
  const choices = typeof completion === "object" && completion !== null && "choices" in completion ? completion.choices : undefined;
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (typeof choice !== "object" || choice === null || !("message" in choice) || typeof choice.message !== "object" || choice.message === null) {
    throw new AiError(`AI provider's answer has no choices[0].message: ${JSON.stringify(completion).slice(0, 200)}`, "invalid_json");
  }
  const message = choice.message;
  const content = "content" in message && typeof message.content === "string" ? message.content : "";
  const calls: unknown = "tool_calls" in message ? message.tool_calls : undefined;
  const toolCalls = Array.isArray(calls)
    ? calls.flatMap((call: unknown) => {
        if (typeof call !== "object" || call === null || !("function" in call) || typeof call.function !== "object" || call.function === null) return [];
        const fn = call.function;
        return [
          {
            id: "id" in call && typeof call.id === "string" ? call.id : null,
            function: { name: "name" in fn && typeof fn.name === "string" ? fn.name : null, arguments: "arguments" in fn && typeof fn.arguments === "string" ? fn.arguments : null },
          },
        ];
      })
    : [];
  const finishReason = "finish_reason" in choice && typeof choice.finish_reason === "string" ? choice.finish_reason : toolCalls.length > 0 ? "tool_calls" : "stop";
  return { content, toolCalls, finishReason };
}

function toApiMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case "system":
    case "user":
      return { role: message.role, content: message.content };
    case "tool":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
    case "assistant":
      return {
        role: "assistant",
        content: message.content,
        ...(message.toolCalls === undefined || message.toolCalls.length === 0
          ? {}
          : { tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: "function" as const, function: { name: call.name, arguments: JSON.stringify(call.arguments) } })) }),
      };
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", cancel);
      resolve();
    }, ms);
    const cancel = () => {
      clearTimeout(timer);
      reject(new AiError("the turn was cancelled", "aborted"));
    };
    signal?.addEventListener("abort", cancel, { once: true });
  });
}
