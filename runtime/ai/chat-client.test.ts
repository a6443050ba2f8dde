import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addressPolicy } from "../callbacks/address-policy";
import { AiError, type AiErrorKind } from "./ai-error";
import { type AiEndpoint, ChatClient, type ChatOptions, DEFAULT_AZURE_API_VERSION, type RetryPolicy } from "./chat-client";
import type { ChatMessage, ToolSpec } from "./chat-message";
import { ChatStandIn } from "./test-support/chat-stand-in";

const KEY = "sk-test-0123456789";
const open = addressPolicy(["127.0.0.1"]);
const quick: RetryPolicy = { maxRetries: 2, baseDelayMs: 50, maxDelayMs: 200 };
let standIn: ChatStandIn;

beforeAll(async () => {
  standIn = await ChatStandIn.start({ apiKey: KEY });
});
afterAll(async () => {
  await standIn.close();
});
afterEach(() => {
  expect(standIn.reset(), "scripted replies left over").toBe(0);
});

const endpoint = (overrides: Partial<AiEndpoint> = {}): AiEndpoint => ({ kind: "openai", baseUrl: standIn.url, apiKey: KEY, defaultModel: "test-model", timeoutSeconds: 5, ...overrides });
const client = (overrides: Partial<AiEndpoint> = {}, retry = quick) => new ChatClient(endpoint(overrides), open, retry);
const ask: ChatMessage[] = [
  { role: "system", content: "You qualify leads for Acme." },
  { role: "user", content: "Hi, I would like a quote for 20 seats." },
];
const tools: ToolSpec[] = [
  { name: "lookup_order", description: "Finds an order", parameters: { type: "object", properties: { order: { type: "string" } }, required: ["order"] } },
  { name: "handoff", description: "Hands the conversation to a person", parameters: { type: "object", properties: { reason: { type: "string" } } } },
];

/** The AiError a call fails with (the test fails when it does not). */
async function failure(promise: Promise<unknown>): Promise<AiError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof AiError)) throw new Error(`expected an AiError, got ${String(caught)}`);
  return caught;
}

const streaming = (into: string[]): ChatOptions => ({ onText: (delta) => into.push(delta) });

describe("ChatClient against a local OpenAI-compatible server", () => {
  it("gets a plain answer: the key as Bearer, the model and messages in OpenAI's shape", async () => {
    standIn.plan({ text: "Sure, how many seats exactly?" });
    const turn = await client().complete(ask);
    expect(turn).toMatchObject({ content: "Sure, how many seats exactly?", toolCalls: [], finishReason: "stop", model: "test-model", fellBack: false, attempts: 1 });
    const sent = standIn.chats.at(-1);
    expect(sent?.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({ model: "test-model", messages: [{ role: "system", content: "You qualify leads for Acme." }, { role: "user", content: "Hi, I would like a quote for 20 seats." }] });
    expect(sent?.body?.stream).not.toBe(true);
  });

  it("streams an answer over SSE: the text arrives in pieces, in order, and adds up to the answer", async () => {
    const text = "Thanks for waiting. Your refund of 42 euros was sent today.";
    standIn.plan({ text });
    const pieces: string[] = [];
    const turn = await client().complete(ask, streaming(pieces));
    expect(standIn.chats.at(-1)?.body?.stream).toBe(true);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join("")).toBe(text);
    expect(turn).toMatchObject({ content: text, finishReason: "stop", toolCalls: [] });
  });

  it("assembles tool calls whose arguments arrive split across deltas, and sends the tools as functions", async () => {
    standIn.plan({
      toolCalls: [
        { name: "lookup_order", arguments: '{"order": "A-1042", "note": "urgent, \\"priority\\""}', id: "call_abc" },
        { name: "handoff", arguments: '{"reason":"wants a person"}', id: "call_def" },
      ],
      pieces: 5,
    });
    const turn = await client().complete(ask, { tools, onText: () => undefined });
    expect(turn.finishReason).toBe("tool_calls");
    expect(turn.toolCalls).toEqual([
      { id: "call_abc", name: "lookup_order", arguments: { order: "A-1042", note: 'urgent, "priority"' } },
      { id: "call_def", name: "handoff", arguments: { reason: "wants a person" } },
    ]);
    expect(standIn.chats.at(-1)?.body?.tools).toEqual(tools.map((tool) => ({ type: "function", function: tool })));
  });

  it("gives tool calls without ids (and deltas without index) ids of their own, unique in the turn", async () => {
    standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"B-7"}', id: null }], withoutIndex: true, pieces: 4 });
    const streamed = await client().complete(ask, { tools, onText: () => undefined });
    expect(streamed.toolCalls).toEqual([{ id: "call_1", name: "lookup_order", arguments: { order: "B-7" } }]);
    standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"B-7"}', id: null }, { name: "handoff", arguments: "", id: null }] });
    const whole = await client().complete(ask, { tools });
    expect(whole.toolCalls).toEqual([
      { id: "call_1", name: "lookup_order", arguments: { order: "B-7" } },
      { id: "call_2", name: "handoff", arguments: {} },
    ]);
  });

  it("sends a conversation with tool results back in OpenAI's shape", async () => {
    standIn.plan({ text: "Your order A-1042 ships tomorrow." });
    const history: ChatMessage[] = [
      ...ask,
      { role: "assistant", content: null, toolCalls: [{ id: "call_abc", name: "lookup_order", arguments: { order: "A-1042" } }] },
      { role: "tool", toolCallId: "call_abc", content: '{"status":"packed"}' },
    ];
    await client().complete(history, { tools });
    expect(standIn.chats.at(-1)?.body?.messages).toEqual([
      { role: "system", content: "You qualify leads for Acme." },
      { role: "user", content: "Hi, I would like a quote for 20 seats." },
      { role: "assistant", content: null, tool_calls: [{ id: "call_abc", type: "function", function: { name: "lookup_order", arguments: '{"order":"A-1042"}' } }] },
      { role: "tool", tool_call_id: "call_abc", content: '{"status":"packed"}' },
    ]);
  });

  it("refuses a tool call with invalid JSON arguments, naming the tool (streamed or not)", async () => {
    standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order": "A-1042"' }] }, { toolCalls: [{ name: "lookup_order", arguments: "order=A-1042" }] }, { toolCalls: [{ name: "handoff", arguments: '["a list"]' }] });
    const streamed = await failure(client().complete(ask, { tools, onText: () => undefined }));
    expect(streamed).toMatchObject({ kind: "invalid_tool_arguments", message: expect.stringContaining("tool lookup_order") });
    const whole = await failure(client().complete(ask, { tools }));
    expect(whole).toMatchObject({ kind: "invalid_tool_arguments", message: expect.stringContaining("order=A-1042") });
    const notObject = await failure(client().complete(ask, { tools }));
    expect(notObject).toMatchObject({ kind: "invalid_tool_arguments", message: expect.stringContaining("not a JSON object") });
    // Not retried: the model answered, badly.
    expect(standIn.pending).toBe(0);
  });

  it("says when the answer was cut at the token limit: finish_reason length, and a tool call cut in the middle is `truncated`", async () => {
    standIn.plan({ text: "Our plans start at", finishReason: "length" }, { toolCalls: [{ name: "lookup_order", arguments: '{"order": "A-10' }], cutAtLength: true });
    const cut = await client().complete(ask, { maxTokens: 4, onText: () => undefined });
    expect(cut).toMatchObject({ content: "Our plans start at", finishReason: "length" });
    expect(standIn.chats.at(-1)?.body?.max_tokens).toBe(4);
    expect(await failure(client().complete(ask, { tools, onText: () => undefined }))).toMatchObject({ kind: "truncated", message: expect.stringContaining("lookup_order") });
  });

  it("serves a model that never stops: every turn is another tool call (the node's max_turns ends it)", async () => {
    standIn.always({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"again"}' }] });
    const calls: string[] = [];
    let history: ChatMessage[] = [...ask];
    for (let turn = 0; turn < 4; turn++) {
      const answer = await client().complete(history, { tools, onText: () => undefined });
      expect(answer.finishReason).toBe("tool_calls");
      const call = answer.toolCalls[0];
      if (call === undefined) throw new Error("no tool call");
      calls.push(call.name);
      history = [...history, { role: "assistant", content: null, toolCalls: answer.toolCalls }, { role: "tool", toolCallId: call.id, content: "{}" }];
    }
    expect(calls).toEqual(["lookup_order", "lookup_order", "lookup_order", "lookup_order"]);
    expect(standIn.chats.at(-1)?.body?.messages).toHaveLength(2 + 3 * 2);
  });

  it("waits out a 429's Retry-After, then gets the answer", async () => {
    standIn.plan({ status: 429, message: "Rate limit reached for requests", retryAfter: "1" }, { text: "Hello again" });
    const started = performance.now();
    const turn = await client().complete(ask);
    const waited = performance.now() - started;
    expect(turn).toMatchObject({ content: "Hello again", attempts: 2, fellBack: false });
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(4000);
  });

  it("retries 5xx with backoff, and gives up with `unavailable` after its retries", async () => {
    standIn.plan({ status: 502, message: "upstream busy" }, { status: 503, message: "loading model" }, { text: "ready" });
    expect(await client().complete(ask)).toMatchObject({ content: "ready", attempts: 3 });
    standIn.plan({ status: 500, message: "boom" }, { status: 500, message: "boom" }, { status: 500, message: "boom" });
    const error = await failure(client().complete(ask));
    expect(error).toMatchObject({ kind: "unavailable", status: 500, message: "AI provider answered 500: boom (after 3 requests)" });
  });

  it("turns to the fallback model when the default one stays rate limited, fails or is unknown", async () => {
    standIn.plan({ status: 429, message: "quota exceeded", retryAfter: "30" }, { text: "from the fallback" });
    const limited = await client({ fallbackModel: "fallback-model" }).complete(ask);
    expect(limited).toMatchObject({ content: "from the fallback", model: "fallback-model", fellBack: true, attempts: 2 });
    expect(standIn.chats.slice(-2).map((chat) => chat.body?.model)).toEqual(["test-model", "fallback-model"]);

    standIn.plan({ text: "the fallback knows" });
    const unknown = await client({ defaultModel: "no-such-model", fallbackModel: "fallback-model" }).complete(ask);
    expect(unknown).toMatchObject({ model: "fallback-model", fellBack: true });

    // Without a fallback the 429 whose wait does not fit the timeout is reported at once.
    standIn.plan({ status: 429, message: "quota exceeded", retryAfter: "30" });
    const started = performance.now();
    expect(await failure(client().complete(ask))).toMatchObject({ kind: "rate_limited", status: 429, message: expect.stringContaining("quota exceeded") });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("gives up on a provider that hangs at the turn's timeout, and on a stream that stops halfway", async () => {
    standIn.plan({ hang: true });
    let started = performance.now();
    expect(await failure(client({ timeoutSeconds: 1 }).complete(ask))).toMatchObject({ kind: "timeout", message: "no answer within 1 s" });
    let took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(4000);

    standIn.plan({ hangAfterFirstEvent: true, text: "Let me check" });
    const pieces: string[] = [];
    started = performance.now();
    expect(await failure(client({ timeoutSeconds: 1 }).complete(ask, streaming(pieces)))).toMatchObject({ kind: "timeout" });
    took = performance.now() - started;
    expect(pieces).toEqual(["Let me check"]);
    expect(took).toBeLessThan(4000);
  });

  it("classifies answers that are not the API: an HTML page (200 or 404, streamed or not) and invalid JSON", async () => {
    const page = "<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body>Please sign in</body></html>";
    standIn.plan({ body: page, contentType: "text/html; charset=utf-8" }, { body: page, contentType: "text/html" }, { status: 404, body: page, contentType: "text/html" });
    expect(await failure(client().complete(ask))).toMatchObject({ kind: "html", status: 200, message: expect.stringContaining('"Sign in to the proxy"') });
    expect(await failure(client().complete(ask, { onText: () => undefined }))).toMatchObject({ kind: "html" });
    expect(await failure(client().complete(ask))).toMatchObject({ kind: "html", status: 404 });

    standIn.plan({ body: '{"id": "chatcmpl-1", "choices": [', contentType: "application/json" }, { body: '{"id": "x", "object": "chat.completion"}', contentType: "application/json" }, { body: "data: {not json}\n\n", contentType: "text/event-stream" });
    expect(await failure(client().complete(ask))).toMatchObject({ kind: "invalid_json" });
    expect(await failure(client().complete(ask))).toMatchObject({ kind: "invalid_json", message: expect.stringContaining("choices[0].message") });
    expect(await failure(client().complete(ask, { onText: () => undefined }))).toMatchObject({ kind: "invalid_json" });

    standIn.plan({ body: 'data: {"error": {"message": "The server had an error while processing your request", "type": "server_error"}}\n\n', contentType: "text/event-stream" });
    expect(await failure(client().complete(ask, { onText: () => undefined }))).toMatchObject({ kind: "refused", message: "AI provider sent an error in its stream: The server had an error while processing your request" });
    expect(standIn.pending).toBe(0);
  });

  it("is behind the SSRF guard: loopback and metadata addresses are refused before any request", async () => {
    const before = standIn.received.length;
    const guarded = new ChatClient(endpoint(), addressPolicy([]), quick);
    expect(await failure(guarded.complete(ask))).toMatchObject({ kind: "blocked", message: expect.stringContaining("127.0.0.1 is not allowed") });
    const metadata = new ChatClient(endpoint({ baseUrl: "http://169.254.169.254/v1" }), addressPolicy([]), quick);
    expect(await failure(metadata.complete(ask))).toMatchObject({ kind: "blocked" });
    const byName = new ChatClient(endpoint({ baseUrl: standIn.url.replace("127.0.0.1", "localhost") }), addressPolicy([]), quick);
    expect(await failure(byName.complete(ask))).toMatchObject({ kind: "blocked", message: expect.stringContaining("resolves only to addresses that are not allowed") });
    expect(standIn.received.length).toBe(before);
  });

  it("reports the provider's own refusal: a wrong key (401), and sends no Authorization header without a key", async () => {
    const wrong = await failure(client({ apiKey: "sk-wrong" }).complete(ask));
    expect(wrong).toMatchObject({ kind: "refused", status: 401, message: "AI provider answered 401: Incorrect API key provided" });
    const keyless = await ChatStandIn.start();
    try {
      keyless.plan({ text: "no key needed" });
      expect(await new ChatClient({ kind: "openai", baseUrl: keyless.url, defaultModel: "test-model", timeoutSeconds: 5 }, open).complete(ask)).toMatchObject({ content: "no key needed" });
      expect(keyless.chats.at(-1)?.authorization).toBeNull();
    } finally {
      await keyless.close();
    }
  });

  it("speaks Azure OpenAI: the deployment URL, api-version and the api-key header", async () => {
    standIn.plan({ text: "from Azure" }, { text: "streamed from Azure" });
    const azure = new ChatClient({ kind: "azure", baseUrl: standIn.origin, apiKey: KEY, defaultModel: "test-model", timeoutSeconds: 5 }, open, quick);
    expect(await azure.complete(ask)).toMatchObject({ content: "from Azure" });
    const sent = standIn.chats.at(-1);
    expect(sent).toMatchObject({ path: "/openai/deployments/test-model/chat/completions", apiVersion: DEFAULT_AZURE_API_VERSION, apiKey: KEY, authorization: null });
    const pieces: string[] = [];
    await new ChatClient({ kind: "azure", baseUrl: standIn.origin, apiKey: KEY, defaultModel: "test-model", apiVersion: "2025-01-01-preview", timeoutSeconds: 5 }, open).complete(ask, streaming(pieces));
    expect(pieces.join("")).toBe("streamed from Azure");
    expect(standIn.chats.at(-1)?.apiVersion).toBe("2025-01-01-preview");
  });

  it("lists the provider's models, and stops when the caller cancels", async () => {
    expect(await client().listModels()).toEqual(["test-model", "fallback-model"]);
    standIn.plan({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await failure(client().complete(ask, { signal: controller.signal }))).toMatchObject({ kind: "aborted" satisfies AiErrorKind });
  });
});
