import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FlowDocument } from "../../flow-schema/index";
import { AiProviders } from "../ai/ai-providers";
import { ChatStandIn, type ScriptedReply } from "../ai/test-support/chat-stand-in";
import { addressPolicy } from "../callbacks/address-policy";
import type { Effect } from "../engine/index";
import { SecretBox } from "../secrets/secret-box";
import type { StartInput } from "./session-runner";
import { CallbackServer } from "./test-support/callback-server";
import { exampleDocument } from "./test-support/example-documents";
import { RuntimeFixture, said } from "./test-support/runtime-fixture";

const KEY = "sk-test-agent-0123456789";
const chat: StartInput["channel"] = { kind: "chat", type: "simulator" };
const HANDLES = ["done", "handoff", "max_turns", "failed", "timeout"] as const;

let standIn: ChatStandIn;
let api: CallbackServer;
let rt: RuntimeFixture;

beforeAll(async () => {
  standIn = await ChatStandIn.start({ apiKey: KEY });
  api = new CallbackServer();
  await api.listen();
});
afterAll(async () => {
  await standIn.close();
  await api.close();
});
beforeEach(async () => {
  rt = await RuntimeFixture.open({ publish: [] });
  // The providers as the server builds them: stored, the key sealed, the SSRF guard allowing the local stand-in.
  const providers = new AiProviders(rt.store.aiProviders, new SecretBox(randomBytes(32)), addressPolicy(["127.0.0.1"]), { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100 });
  await providers.create({ name: "local", kind: "openai", baseUrl: standIn.url, apiKey: KEY, defaultModel: "test-model", timeoutSeconds: 30, assist: false });
  rt.runner.useAiProviders((idOrName) => providers.client(idOrName));
  api.requests.length = 0;
  standIn.received.length = 0;
});
afterEach(async () => {
  standIn.always(undefined);
  expect(standIn.reset(), "scripted replies left over").toBe(0);
  await rt.dispose();
});

/** A chat flow: the agent, each handle to a hangup node named after it. */
async function agentFlow(data: Record<string, unknown>): Promise<string> {
  const id = `agent-${Math.random().toString(36).slice(2, 8)}`;
  const document = FlowDocument.parse({
    schemaVersion: 1,
    id,
    name: id,
    entry: "agent",
    settings: { channels: ["chat"] },
    nodes: [
      { id: "agent", type: "ai_agent", position: { x: 0, y: 0 }, data: { provider: "local", instructions: "You help Acme's customers. The customer is {{caller.name}}.", ...data } },
      ...HANDLES.map((handle, index) => ({ id: `h_${handle}`, type: "hangup", position: { x: index * 260, y: 220 }, data: {} })),
    ],
    edges: HANDLES.map((handle) => ({ id: `e_${handle}`, source: "agent", sourceHandle: handle, target: `h_${handle}` })),
  });
  expect(await rt.store.flows.createFlow(document, "test")).toMatchObject({ ok: true });
  return id;
}

const start = (flowId: string) => rt.runner.start({ flowId, source: "draft", channel: chat, caller: { name: "Dana" } });
const lookupOrder = (url = `${api.url}/orders/{{args.order}}`) => ({
  kind: "http",
  name: "lookup_order",
  description: "Finds an order by its number",
  parameters: { type: "object", properties: { order: { type: "string" } }, required: ["order"] },
  url,
  method: "GET",
});
const collects = (effects: readonly Effect[]) => effects.filter((effect) => effect.type === "collect");

describe("ai_agent against a local OpenAI-compatible server", () => {
  it("sends a plain reply to the customer, waits for the next message, and hands off with the reason", async () => {
    const flowId = await agentFlow({ tools: [{ kind: "handoff" }, { kind: "end" }] });
    standIn.plan({ text: "Hello Dana, how can I help?" });
    const started = await start(flowId);
    expect(said(started.effects)).toEqual(["Hello Dana, how can I help?"]);
    expect(collects(started.effects)).toEqual([expect.objectContaining({ mode: "text", input: "text", nodeId: "agent", timeoutSeconds: 300 })]);
    expect(started.state.waiting).toMatchObject({ kind: "input", nodeId: "agent" });
    const first = standIn.chats[0]?.body;
    expect(first?.messages).toEqual([{ role: "system", content: "You help Acme's customers. The customer is Dana." }]);
    expect(first?.tools).toEqual([expect.objectContaining({ function: expect.objectContaining({ name: "handoff" }) }), expect.objectContaining({ function: expect.objectContaining({ name: "end" }) })]);

    standIn.plan({ toolCalls: [{ name: "handoff", arguments: '{"reason":"wants to cancel the contract"}' }] });
    const handedOff = await rt.runner.dispatch(started.sessionId, { type: "text", text: "I want to talk to a person about cancelling" });
    expect(handedOff.status).toBe("ended");
    expect(handedOff.state.vars.handoff_reason).toBe("wants to cancel the contract");
    expect(standIn.chats[1]?.body?.messages).toEqual([
      expect.objectContaining({ role: "system" }),
      { role: "assistant", content: "Hello Dana, how can I help?" },
      { role: "user", content: "I want to talk to a person about cancelling" },
    ]);
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:reply", "agent:model_turn", "agent:handoff", "h_handoff:ended"]);
    const steps = await rt.store.sessions.listSteps(started.sessionId);
    expect(steps.find((step) => step.outcome === "model_turn" && step.input !== null)?.input).toBe("I want to talk to a person about cancelling");
  });

  it("streams a reply to observers as it arrives when one shows it live", async () => {
    const pieces: string[] = [];
    rt.runner.observe({ onModelText: (_session, nodeId, delta) => pieces.push(`${nodeId}:${delta}`) });
    const flowId = await agentFlow({});
    const text = "Thanks for waiting. Your refund of 42 euros was sent today.";
    standIn.plan({ text });
    const started = await start(flowId);
    expect(standIn.chats[0]?.body?.stream).toBe(true);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.map((piece) => piece.slice("agent:".length)).join("")).toBe(text);
    expect(said(started.effects)).toEqual([text]);
  });

  it("runs an HTTP tool whose call arrives split across deltas, and gives the model its answer", async () => {
    rt.runner.observe({ onModelText: () => undefined }); // streamed, so the call comes in pieces
    api.reply("/orders/A-17", { status: 200, body: '{"status":"shipped","eta":"tomorrow"}' });
    const flowId = await agentFlow({ tools: [lookupOrder()] });
    standIn.plan({ text: "Let me look.", toolCalls: [{ name: "lookup_order", arguments: '{"order": "A-17"}', id: "call_abc" }], pieces: 4 }, { text: "Order A-17 has shipped and arrives tomorrow." });
    const started = await start(flowId);
    expect(api.requests).toEqual([expect.objectContaining({ method: "GET", url: "/orders/A-17" })]);
    expect(said(started.effects)).toEqual(["Let me look.", "Order A-17 has shipped and arrives tomorrow."]);
    expect(started.effects).toContainEqual(expect.objectContaining({ type: "http_request", nodeId: "agent", url: `${api.url}/orders/A-17` }));
    const second = standIn.chats[1]?.body?.messages;
    expect(Array.isArray(second) && second.at(-1)).toEqual({ role: "tool", tool_call_id: "call_abc", content: '{"status":200,"body":{"status":"shipped","eta":"tomorrow"}}' });
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:tool:lookup_order", "agent:model_turn", "agent:reply"]);
  });

  it("tells the model when a tool fails, and goes on", async () => {
    api.reply("/orders/B-2", { status: 503, body: '{"error":"maintenance"}' });
    const flowId = await agentFlow({ tools: [lookupOrder(), { kind: "end" }] });
    standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"B-2"}' }] }, { text: "Our order system is down, sorry. Try again in an hour?" });
    const started = await start(flowId);
    const toolAnswer = standIn.chats[1]?.body?.messages;
    expect(Array.isArray(toolAnswer) && toolAnswer.at(-1)).toMatchObject({ role: "tool", content: '{"status":503,"body":{"error":"maintenance"}}' });
    expect(started.status).toBe("waiting");
    expect(said(started.effects)).toEqual(["Our order system is down, sorry. Try again in an hour?"]);
  });

  it("takes max_turns when the model never stops calling tools", async () => {
    const flowId = await agentFlow({ maxTurns: 3, tools: [{ kind: "set_variables", variables: ["topic"] }] });
    standIn.always({ toolCalls: [{ name: "set_variables", arguments: '{"topic":"billing"}' }] });
    const started = await start(flowId);
    expect(standIn.chats).toHaveLength(3);
    expect(started.state.vars.topic).toBe("billing");
    expect(started.state.nodes.agent).toMatchObject({ turns: 3, error: "the model needed more than 3 turns" });
    expect((await rt.path(started.sessionId)).slice(-3)).toEqual(["agent:tool:set_variables", "agent:max_turns", "h_max_turns:ended"]);
  });

  it("waits out a 429 and gets the answer", async () => {
    const flowId = await agentFlow({});
    standIn.plan({ status: 429, message: "Rate limit reached", retryAfter: "0" }, { text: "Hi! What can I do for you?" });
    const started = await start(flowId);
    expect(standIn.chats.map((chat) => chat.status)).toEqual([429, 200]);
    expect(said(started.effects)).toEqual(["Hi! What can I do for you?"]);
  });

  it("takes timeout when the provider hangs past the node's timeoutSeconds", async () => {
    const flowId = await agentFlow({ timeoutSeconds: 1 });
    standIn.plan({ hang: true });
    const before = performance.now();
    const started = await start(flowId);
    expect(performance.now() - before).toBeLessThan(8000);
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:timeout", "h_timeout:ended"]);
    expect(started.state.nodes.agent).toMatchObject({ error: expect.stringContaining("(timeout)") });
  });

  it("takes timeout when the customer does not answer (the input timer fires)", async () => {
    const flowId = await agentFlow({ replyTimeoutSeconds: 60 });
    standIn.plan({ text: "Anything else?" });
    const started = await start(flowId);
    rt.advance(61_000);
    await rt.worker.runDue();
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:reply", "agent:timeout", "h_timeout:ended"]);
    expect((await rt.runner.peek(started.sessionId))?.state.nodes.agent).toMatchObject({ reply: "Anything else?", error: "the customer did not answer within 60 s" });
  });

  const failures: Array<[string, ScriptedReply, string]> = [
    ["a provider answering an HTML page", { status: 200, body: "<!doctype html><html><body>Sign in</body></html>", contentType: "text/html" }, "(html)"],
    ["invalid JSON in tool arguments", { toolCalls: [{ name: "lookup_order", arguments: '{"order": "A-1' }] }, "(invalid_tool_arguments)"],
    ["a tool the node does not declare", { toolCalls: [{ name: "delete_account", arguments: '{"account":"all"}' }] }, 'the model called tool "delete_account", which this node does not declare'],
    ["an unknown model", { status: 404, message: "The model `x` does not exist", code: "model_not_found" }, "(refused)"],
  ];
  it.each(failures)("takes failed with a clear reason for %s", async (_name, reply, reason) => {
    const flowId = await agentFlow({ tools: [lookupOrder()] });
    standIn.plan(reply);
    const started = await start(flowId);
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:failed", "h_failed:ended"]);
    expect(started.state.nodes.agent).toMatchObject({ error: expect.stringContaining(reason) });
    expect(api.requests).toEqual([]);
  });

  it("takes failed when a tool points at a private address, without calling it", async () => {
    const flowId = await agentFlow({ tools: [lookupOrder("http://10.20.30.40/orders/{{args.order}}")] });
    standIn.plan({ toolCalls: [{ name: "lookup_order", arguments: '{"order":"A-1"}' }] });
    const started = await start(flowId);
    expect(await rt.path(started.sessionId)).toEqual(["agent:model_turn", "agent:tool:lookup_order", "agent:failed", "h_failed:ended"]);
    expect(started.state.nodes.agent).toMatchObject({ error: expect.stringContaining("not allowed") });
    expect(standIn.chats).toHaveLength(1);
  });

  it("takes failed when the node names a provider that does not exist", async () => {
    const flowId = await agentFlow({ provider: "gone" });
    const started = await start(flowId);
    expect(started.state.nodes.agent).toMatchObject({ error: 'the model turn failed (refused): AI provider "gone" does not exist' });
    expect(standIn.chats).toEqual([]);
  });
});

describe("ai_agent history", () => {
  it.each([
    ["session", 5],
    ["none", 1],
  ] as const)("with history %s, entering the node again goes on with %i message(s) before the model's next turn", async (history, messages) => {
    const document = FlowDocument.parse({
      schemaVersion: 1,
      id: `again-${history}`,
      name: "again",
      entry: "agent",
      nodes: [
        { id: "agent", type: "ai_agent", position: { x: 0, y: 0 }, data: { provider: "local", instructions: "Help.", history, tools: [{ kind: "end" }] } },
        { id: "again", type: "set_variables", position: { x: 0, y: 220 }, data: { assignments: [{ name: "round", value: "2" }] } },
        { id: "bye", type: "hangup", position: { x: 260, y: 220 }, data: {} },
      ],
      edges: [
        { id: "e1", source: "agent", sourceHandle: "done", target: "again" },
        { id: "e2", source: "again", sourceHandle: "next", target: "agent" },
        ...["handoff", "max_turns", "failed", "timeout"].map((handle) => ({ id: handle, source: "agent", sourceHandle: handle, target: "bye" })),
      ],
    });
    await rt.store.flows.createFlow(document, "test");
    standIn.plan({ text: "Hi, what do you need?" });
    const started = await rt.runner.start({ flowId: document.id, source: "draft", channel: chat });
    standIn.plan({ toolCalls: [{ name: "end", arguments: "{}" }] }, { text: "Anything else?" });
    const again = await rt.runner.dispatch(started.sessionId, { type: "text", text: "Nothing, thanks" });
    expect(again.state.vars.round).toBe("2");
    const sent = standIn.chats.at(-1)?.body?.messages;
    // session: system, the greeting, the customer, the end call and its answer.
    expect(Array.isArray(sent) && sent.length).toBe(messages);
    expect(again.state.agents?.agent?.turns).toBe(1);
  });
});

describe("lead qualification (examples/lead-qualification.json) in the simulator", () => {
  it("converses over several turns, extracts name, email, budget and score, and sends a hot lead to sales", async () => {
    const document = exampleDocument("lead-qualification");
    const agent = document.nodes.find((node) => node.id === "qualify");
    if (agent?.type !== "ai_agent") throw new Error("lead-qualification has a qualify ai_agent");
    agent.data.provider = "local";
    const flow = await rt.store.flows.getFlow("lead-qualification");
    expect(await rt.store.flows.saveDraft("lead-qualification", document, flow?.revision ?? 0)).toMatchObject({ ok: true });

    standIn.plan({ text: "Hi, I'm Acme's assistant. May I have your name?" });
    const started = await rt.runner.start({ flowId: "lead-qualification", source: "draft", channel: chat });
    expect(said(started.effects)).toEqual(["Hi, I'm Acme's assistant. May I have your name?"]);
    expect(standIn.chats[0]?.body?.tools).toContainEqual(expect.objectContaining({ function: expect.objectContaining({ name: "save_fields" }) }));
    const system = standIn.chats[0]?.body?.messages;
    expect(Array.isArray(system) && system[0]).toMatchObject({ role: "system", content: expect.stringContaining("- email (string, email)") });

    standIn.plan(
      { toolCalls: [{ name: "save_fields", arguments: '{"name":"Dana Reyes","email":"not-an-email"}' }] },
      { text: "Thanks Dana. What is your work email?" },
    );
    const second = await rt.runner.dispatch(started.sessionId, { type: "text", text: "Dana Reyes, from Globex" });
    expect(second.state.vars).toMatchObject({ name: "Dana Reyes" });
    expect(second.state.vars.email).toBeUndefined();
    const refused = standIn.chats[2]?.body?.messages;
    expect(Array.isArray(refused) && refused.at(-1)).toMatchObject({ role: "tool", content: '{"saved":["name"],"refused":{"email":"not an email address"}}' });

    standIn.plan({ toolCalls: [{ name: "save_fields", arguments: '{"email":"dana@globex.example"}' }] }, { text: "And your yearly budget?" });
    await rt.runner.dispatch(started.sessionId, { type: "text", text: "dana@globex.example" });

    standIn.plan(
      {
        toolCalls: [
          { name: "save_fields", arguments: '{"budget":"24,000","score":85}' },
          { name: "handoff", arguments: '{"reason":"Globex, 24k budget, 30 seats, buying this quarter"}' },
        ],
        text: "Great, let me bring in a salesperson.",
      },
    );
    const last = await rt.runner.dispatch(started.sessionId, { type: "text", text: "About 24,000 euros for 30 seats, this quarter" });
    expect(last.state.vars).toMatchObject({ name: "Dana Reyes", email: "dana@globex.example", budget: 24000, score: 85, handoff_reason: "Globex, 24k budget, 30 seats, buying this quarter" });
    expect(said(last.effects)).toEqual(["Great, let me bring in a salesperson."]);
    expect(last.effects).toContainEqual(
      expect.objectContaining({ type: "transfer", teamId: "sales", priority: "urgent", waitingMessage: "Thanks Dana Reyes, one of our sales team will be with you in a moment." }),
    );
    expect(await rt.path(started.sessionId)).toEqual([
      "qualify:model_turn",
      "qualify:reply",
      // Each customer message: a model turn (with the message as input), the fields it saved, the next turn…
      "qualify:model_turn",
      "qualify:tool:save_fields",
      "qualify:model_turn",
      "qualify:reply",
      "qualify:model_turn",
      "qualify:tool:save_fields",
      "qualify:model_turn",
      "qualify:reply",
      "qualify:model_turn",
      "qualify:tool:save_fields",
      "qualify:handoff",
      "check_score:match:hot",
      "hot_lead:ended",
    ]);
  });
});
