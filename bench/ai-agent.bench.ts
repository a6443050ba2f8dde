import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { FlowDocument } from "../flow-schema/index";
import { AiProviders } from "../runtime/ai/ai-providers";
import { ChatStandIn } from "../runtime/ai/test-support/chat-stand-in";
import { addressPolicy } from "../runtime/callbacks/address-policy";
import { SecretBox } from "../runtime/secrets/secret-box";
import { CallbackServer } from "../runtime/sessions/test-support/callback-server";
import { RuntimeFixture } from "../runtime/sessions/test-support/runtime-fixture";
import { round, summarizeLatencies } from "./measure";

const REPLY = "Thanks. What is your yearly budget, roughly?";
const TOOL_ANSWER = '{"status":"shipped","eta":"tomorrow"}';
/** Customer turns per session (a session's model turns stay under maxTurns). */
const TURNS_PER_SESSION = 20;

/**
 * What the runtime adds around an ai_agent's model turn and tool call, against the local
 * OpenAI-compatible stand-in (no model time, event gap 0) and a local tool server, on a real
 * SQLite file (2 shared cores). Measured from the outside, as a channel sees it:
 * - `turn`: a customer message dispatched → the model's reply on the channel (step, commit, the
 *   provider's client, the request, step, commit);
 * - `tool`: the same, the model first calling an HTTP tool (so two model turns and one tool call);
 * - the floors: a bare `fetch` of the same chat request, and of the tool's URL.
 * Overhead per turn = turn − chat floor; per tool call = (tool − turn) − chat floor − tool floor,
 * at p50 (differences of percentiles, not percentiles of differences).
 */
export async function benchAiAgent(samples = 200): Promise<Record<string, number>> {
  const standIn = await ChatStandIn.start({ apiKey: "sk-bench", eventGapMs: 0 });
  const api = new CallbackServer();
  await api.listen();
  api.reply("/orders/A-17", { status: 200, body: TOOL_ANSWER });
  const rt = await RuntimeFixture.open({ publish: [] });
  try {
    const providers = new AiProviders(rt.store.aiProviders, new SecretBox(randomBytes(32)), addressPolicy(["127.0.0.1"]));
    await providers.create({ name: "local", kind: "openai", baseUrl: standIn.url, apiKey: "sk-bench", defaultModel: "test-model", timeoutSeconds: 10, assist: false });
    rt.runner.useAiProviders((idOrName) => providers.client(idOrName));
    const document = FlowDocument.parse({
      schemaVersion: 1,
      id: "bench-agent",
      name: "bench",
      entry: "agent",
      settings: { channels: ["chat"] },
      nodes: [
        {
          id: "agent",
          type: "ai_agent",
          position: { x: 0, y: 0 },
          data: {
            provider: "local",
            instructions: "You qualify leads for Acme.",
            maxTurns: 50,
            tools: [{ kind: "http", name: "lookup_order", description: "Finds an order", url: `${api.url}/orders/{{args.order}}`, method: "GET" }, { kind: "handoff" }],
          },
        },
        { id: "bye", type: "hangup", position: { x: 0, y: 220 }, data: {} },
      ],
      edges: ["done", "handoff", "max_turns", "failed", "timeout"].map((handle) => ({ id: handle, source: "agent", sourceHandle: handle, target: "bye" })),
    });
    await rt.store.flows.createFlow(document, "bench");

    let sessionId = "";
    let turnsInSession = TURNS_PER_SESSION;
    const nextSession = async () => {
      if (turnsInSession < TURNS_PER_SESSION) return;
      standIn.plan({ text: "Hello, how can I help?" });
      sessionId = (await rt.runner.start({ flowId: "bench-agent", source: "draft", channel: { kind: "chat", type: "simulator" } })).sessionId;
      turnsInSession = 0;
    };
    const timed = async (plan: () => void): Promise<number> => {
      await nextSession();
      plan();
      const started = performance.now();
      const result = await rt.runner.dispatch(sessionId, { type: "text", text: "I am Dana from Globex, dana@globex.example" });
      const elapsed = performance.now() - started;
      if (result.status !== "waiting") throw new Error(`the agent left: ${JSON.stringify(result.state.nodes.agent)}`);
      turnsInSession++;
      return elapsed;
    };
    const chatBody = JSON.stringify({ model: "test-model", messages: [{ role: "system", content: "You qualify leads for Acme." }, { role: "user", content: "Hi" }] });
    const kinds: Record<string, () => Promise<number>> = {
      chat_floor: async () => {
        standIn.plan({ text: REPLY });
        const started = performance.now();
        const response = await fetch(`${standIn.url}/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-bench", "content-type": "application/json" }, body: chatBody });
        await response.json();
        return performance.now() - started;
      },
      tool_floor: async () => {
        const started = performance.now();
        await (await fetch(`${api.url}/orders/A-17`)).text();
        return performance.now() - started;
      },
      turn: () => timed(() => standIn.plan({ text: REPLY })),
      tool: () => timed(() => standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"A-17"}' }] }, { text: "Order A-17 ships tomorrow." })),
    };
    const results: Record<string, number> = {};
    for (const [name, run] of Object.entries(kinds)) {
      const measured: number[] = [];
      for (let i = 0; i < samples + 20; i++) {
        const elapsed = await run();
        // The first 20 warm up connections and the JIT.
        if (i >= 20) measured.push(elapsed);
      }
      const summary = summarizeLatencies(measured);
      results[`ai_agent_${name}_p50_ms`] = round(summary.p50);
      results[`ai_agent_${name}_p99_ms`] = round(summary.p99);
    }
    const p50 = (name: string) => results[`ai_agent_${name}_p50_ms`] ?? 0;
    results.ai_agent_turn_overhead_p50_ms = round(p50("turn") - p50("chat_floor"));
    results.ai_agent_tool_overhead_p50_ms = round(p50("tool") - p50("turn") - p50("chat_floor") - p50("tool_floor"));
    standIn.reset();
    return results;
  } finally {
    await rt.dispose();
    await standIn.close();
    await api.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await benchAiAgent()));
