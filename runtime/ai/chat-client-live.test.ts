import { describe, expect, it } from "vitest";
import { addressPolicy } from "../callbacks/address-policy";
import { AiError } from "./ai-error";
import { ChatClient } from "./chat-client";
import type { ToolSpec } from "./chat-message";

/**
 * The client against a real endpoint (`npm run ai:check`), skipped unless SWITCHBOARD_AI_BASE_URL
 * is set: e.g. https://api.openai.com/v1 with SWITCHBOARD_AI_API_KEY, Ollama
 * (`ollama serve`: http://127.0.0.1:11434/v1), vLLM (`vllm serve <model>`: http://127.0.0.1:8000/v1)
 * or llama.cpp (`llama-server --jinja`: http://127.0.0.1:8080/v1); for Azure OpenAI set
 * SWITCHBOARD_AI_KIND=azure, the resource URL and its key. SWITCHBOARD_AI_MODEL (default
 * gpt-4o-mini; Azure: the deployment), SWITCHBOARD_AI_API_VERSION (Azure, optional).
 */
const BASE_URL = process.env.SWITCHBOARD_AI_BASE_URL?.replace(/\/+$/, "");
const API_KEY = process.env.SWITCHBOARD_AI_API_KEY || undefined;
const MODEL = process.env.SWITCHBOARD_AI_MODEL || "gpt-4o-mini";
const KIND = process.env.SWITCHBOARD_AI_KIND === "azure" ? "azure" : "openai";
const API_VERSION = process.env.SWITCHBOARD_AI_API_VERSION || undefined;

const lookup: ToolSpec = {
  name: "lookup_order",
  description: "Looks up an order by its number and says where it is",
  parameters: { type: "object", properties: { order: { type: "string", description: "The order number, e.g. A-1042" } }, required: ["order"] },
};

describe.skipIf(BASE_URL === undefined)(`a real chat completions endpoint (${BASE_URL ?? "SWITCHBOARD_AI_BASE_URL unset"})`, () => {
  const base = BASE_URL ?? "";
  // The endpoint named by the person running the check is trusted, loopback included.
  const policy = addressPolicy([new URL(base || "http://unset").hostname]);
  const client = (timeoutSeconds = 60) => new ChatClient({ kind: KIND, baseUrl: base, apiKey: API_KEY, defaultModel: MODEL, apiVersion: API_VERSION, timeoutSeconds }, policy);

  it("answers a plain question", { timeout: 90_000 }, async () => {
    const turn = await client().complete([{ role: "user", content: "Reply with the single word: ready" }], { maxTokens: 20 });
    console.log(`${turn.model} answered "${turn.content}" (${turn.finishReason}) in ${turn.elapsedMs.toFixed(0)} ms`);
    expect(turn.content.toLowerCase()).toContain("ready");
  });

  it("streams an answer in pieces", { timeout: 90_000 }, async () => {
    const pieces: string[] = [];
    const turn = await client().complete([{ role: "user", content: "Count from one to ten in words, separated by spaces." }], { onText: (delta) => pieces.push(delta), maxTokens: 60 });
    console.log(`streamed ${pieces.length} pieces: "${turn.content}"`);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(turn.content);
  });

  it("calls a tool with JSON arguments, streamed, and answers from its result", { timeout: 120_000 }, async () => {
    const question = { role: "user" as const, content: "Where is my order A-1042? Use the tool." };
    const first = await client().complete([question], { tools: [lookup], onText: () => undefined });
    console.log(`tool calls: ${JSON.stringify(first.toolCalls)} (${first.finishReason})`);
    const call = first.toolCalls[0];
    expect(call?.name).toBe("lookup_order");
    expect(String(call?.arguments.order)).toContain("1042");
    if (call === undefined) return;
    const second = await client().complete([question, { role: "assistant", content: null, toolCalls: first.toolCalls }, { role: "tool", toolCallId: call.id, content: '{"status":"out for delivery","eta":"today 16:00"}' }], { tools: [lookup] });
    console.log(`then: "${second.content}"`);
    expect(second.content.toLowerCase()).toMatch(/deliver|16/);
  });

  it.skipIf(API_KEY === undefined)("reports a wrong key with the provider's message", { timeout: 60_000 }, async () => {
    const wrong = new ChatClient({ kind: KIND, baseUrl: base, apiKey: "sk-wrong-key-for-switchboard-check", defaultModel: MODEL, apiVersion: API_VERSION, timeoutSeconds: 30 }, policy);
    const error = await wrong.complete([{ role: "user", content: "hi" }]).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(AiError);
    if (error instanceof AiError) {
      console.log(`wrong key: ${error.message}`);
      expect(error.status).toBe(401);
    }
  });

  it("gives up at its timeout", { timeout: 60_000 }, async () => {
    const started = performance.now();
    const error = await client(1).complete([{ role: "user", content: "Write a 2000 word essay on telephony." }], { onText: () => undefined }).then(() => undefined, (caught: unknown) => caught);
    // A fast provider may finish within the second; a slow one must stop at it.
    if (error !== undefined) expect(error).toMatchObject({ kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
