import { fileURLToPath } from "node:url";
import { ChatClient } from "../runtime/ai/chat-client";
import type { ChatMessage, ToolSpec } from "../runtime/ai/chat-message";
import { ChatStandIn } from "../runtime/ai/test-support/chat-stand-in";
import { addressPolicy } from "../runtime/callbacks/address-policy";
import { round, summarizeLatencies } from "./measure";

const messages: ChatMessage[] = [
  { role: "system", content: "You qualify leads for Acme." },
  { role: "user", content: "Hi, I would like a quote for 20 seats." },
];
const tools: ToolSpec[] = [{ name: "lookup_order", description: "Finds an order", parameters: { type: "object", properties: { order: { type: "string" } } } }];

/**
 * What the AI client costs around a model turn, against the local OpenAI-compatible stand-in
 * (no model time, the stand-in's event gap 0): a plain `fetch` of the same request and its JSON
 * (the floor), then `ChatClient.complete` plain, streamed (12 events) and with a tool call
 * streamed in 4 argument deltas. p50/p99 in ms, and the client's overhead over the floor at p50.
 */
export async function benchAiClient(turns = 300): Promise<Record<string, number>> {
  const standIn = await ChatStandIn.start({ apiKey: "sk-bench", eventGapMs: 0 });
  try {
    const client = new ChatClient({ kind: "openai", baseUrl: standIn.url, apiKey: "sk-bench", defaultModel: "test-model", timeoutSeconds: 10 }, addressPolicy(["127.0.0.1"]));
    const text = "Sure, we have plans for teams of twenty. May I have your email and budget?";
    const kinds: Record<string, () => Promise<unknown>> = {
      fetch: async () => {
        standIn.plan({ text });
        const response = await fetch(`${standIn.url}/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-bench", "content-type": "application/json" }, body: JSON.stringify({ model: "test-model", messages }) });
        return response.json();
      },
      plain: () => client.complete(messages),
      streamed: () => client.complete(messages, { onText: () => undefined }),
      tool: () => client.complete(messages, { tools, onText: () => undefined }),
    };
    const results: Record<string, number> = {};
    for (const [name, turn] of Object.entries(kinds)) {
      const samples: number[] = [];
      for (let i = 0; i < turns + 20; i++) {
        if (name === "plain" || name === "streamed") standIn.plan({ text });
        if (name === "tool") standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order": "A-1042", "note": "call back"}' }], pieces: 4 });
        const started = performance.now();
        await turn();
        // The first 20 warm up the connection and the JIT.
        if (i >= 20) samples.push(performance.now() - started);
      }
      standIn.reset();
      const summary = summarizeLatencies(samples);
      results[`ai_${name}_p50_ms`] = round(summary.p50);
      results[`ai_${name}_p99_ms`] = round(summary.p99);
    }
    results.ai_plain_overhead_p50_ms = round((results.ai_plain_p50_ms ?? 0) - (results.ai_fetch_p50_ms ?? 0));
    return results;
  } finally {
    await standIn.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await benchAiClient()));
