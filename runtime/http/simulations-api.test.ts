import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackServer } from "../sessions/test-support/callback-server";
import { type EffectJson, pathOf, saidIn, type SessionJson, type SimulationJson } from "../test-support/api-client";
import { alwaysOpenSupportLine, exampleFlow, withNodeData } from "../test-support/example-flows";
import { type ApiResponse, startTestServer, type TestServer } from "../test-support/test-server";

let server: TestServer;
const callbacks = new CallbackServer();

beforeAll(async () => {
  server = await startTestServer();
  await callbacks.listen();
  // sim-line: the support line, open around the clock, published as version 1.
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("sim-line"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/sim-line/publish", { note: "v1" })).status).toBe(201);
});
afterAll(async () => {
  await callbacks.close();
  await server.stop();
});

const simulation = (res: ApiResponse): SimulationJson => res.body as SimulationJson;
const types = (effects: readonly EffectJson[]): string[] => effects.map((effect) => effect.type);

async function start(body: Record<string, unknown>): Promise<SimulationJson> {
  const res = await server.api("POST", "/api/simulations", body);
  expect(res.status, res.text).toBe(201);
  return simulation(res);
}

async function send(id: string, event: Record<string, unknown>): Promise<SimulationJson> {
  const res = await server.api("POST", `/api/simulations/${id}/events`, event);
  expect(res.status, res.text).toBe(200);
  return simulation(res);
}

async function session(id: string): Promise<SessionJson> {
  const res = await server.api("GET", `/api/sessions/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as SessionJson;
}

describe("starting a simulation", () => {
  it("voice: prompts, then a collect for the menu (dtmf and speech)", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    expect(sim).toMatchObject({ status: "waiting", waitingFor: "input", currentNodeId: "main_menu", endReason: null });
    expect(types(sim.effects)).toEqual(["prompt", "prompt", "collect"]);
    expect(sim.effects[0]).toMatchObject({ type: "prompt", nodeId: "welcome", text: expect.stringContaining("Thank you for calling Acme"), interruptible: true });
    expect(sim.effects[1]).toMatchObject({ type: "prompt", nodeId: "main_menu", text: expect.stringContaining("press 1") });
    expect(sim.effects[2]).toMatchObject({
      type: "collect",
      nodeId: "main_menu",
      mode: "menu",
      input: "both",
      timeoutSeconds: 8,
      options: [expect.objectContaining({ key: "1", label: "Sales" }), expect.objectContaining({ key: "2" }), expect.objectContaining({ key: "3" })],
      hints: expect.arrayContaining(["Sales", "billing"]),
    });
    const stored = await session(sim.sessionId);
    expect(stored).toMatchObject({ flowId: "sim-line", version: 1, source: "published", channelType: "simulator", status: "waiting" });
  });

  it("chat: messages instead of prompts, the menu as a message with options, a text collect", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "chat" });
    expect(types(sim.effects)).toEqual(["message", "message", "collect"]);
    expect(sim.effects[0]).toEqual({ type: "message", nodeId: "welcome", text: expect.stringContaining("Thank you for calling Acme") });
    expect(sim.effects[1]).toMatchObject({
      type: "message",
      nodeId: "main_menu",
      options: [
        { key: "1", label: "Sales" },
        { key: "2", label: "Support" },
        { key: "3", label: "Billing" },
      ],
    });
    expect(sim.effects[2]).toMatchObject({ type: "collect", mode: "menu", input: "text" });
    expect(sim.effects.some((effect) => effect.type === "prompt")).toBe(false);
  });

  it("runs the published version or the draft, as asked", async () => {
    const flow = (await server.api("GET", "/api/flows/sim-line")).body as { revision: number };
    const edited = withNodeData(alwaysOpenSupportLine("sim-line"), "welcome", { prompt: { text: "Welcome to the new Acme line." } });
    expect((await server.api("PUT", "/api/flows/sim-line", { document: edited, baseRevision: flow.revision })).status).toBe(200);

    const published = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    expect(saidIn(published.effects)[0]).toContain("Thank you for calling Acme");
    const draft = await start({ flowId: "sim-line", source: "draft", channel: "voice" });
    expect(saidIn(draft.effects)[0]).toBe("Welcome to the new Acme line.");
    expect(await session(draft.sessionId)).toMatchObject({ source: "draft", version: null });
    // source defaults to the draft
    const byDefault = await start({ flowId: "sim-line" });
    expect(saidIn(byDefault.effects)[0]).toBe("Welcome to the new Acme line.");
  });

  it("simulates an imported Studio draft: its send-message sends nothing and answers sent; a call ends at a placeholder with its reason", async () => {
    const studio = JSON.parse(readFileSync(new URL("../../examples/studio/not-yet-converted.json", import.meta.url), "utf8"));
    expect((await server.api("POST", "/api/flows/import?id=studio-sim", studio)).status).toBe(201);
    const chat = await start({ flowId: "studio-sim", source: "draft", channel: "chat" });
    expect(chat).toMatchObject({ status: "waiting", currentNodeId: "text_welcome" });
    const sent = await send(chat.sessionId, { type: "text", text: "Order 4711" });
    expect(sent.effects).toContainEqual(expect.objectContaining({ type: "send_message", nodeId: "goodbye_text", text: "Thanks, order 4711 is on its way." }));
    // Studio's send-message had nothing after it: the session ends on the unconnected handle.
    expect(sent).toMatchObject({ status: "ended", endReason: "unconnected_handle", currentNodeId: "goodbye_text" });
    expect(pathOf((await session(chat.sessionId)).steps)).toEqual(["Trigger:no_match", "text_welcome:waiting", "text_welcome:next", "goodbye_text:waiting", "goodbye_text:sent", "goodbye_text:ended"]);

    const call = await start({ flowId: "studio-sim", source: "draft", channel: "voice" });
    expect(call).toMatchObject({ status: "ended", endReason: "placeholder_node", currentNodeId: "record_this_call" });
  });

  it("404 for a flow that does not exist, 409 for the published source of an unpublished flow", async () => {
    const missing = await server.api("POST", "/api/simulations", { flowId: "no-such-flow", source: "draft" });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "flow_not_found", message: expect.stringContaining("body.flowId") } });

    expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("never-published"))).status).toBe(201);
    const unpublished = await server.api("POST", "/api/simulations", { flowId: "never-published", source: "published" });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body).toMatchObject({ error: { code: "flow_not_published", message: expect.stringContaining("body.source") } });
    // its draft runs
    expect((await server.api("POST", "/api/simulations", { flowId: "never-published", source: "draft" })).status).toBe(201);
  });

  it("400 naming the field for a bad start body", async () => {
    const res = await server.api("POST", "/api/simulations", { flowId: "sim-line", channel: "fax" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.channel") } });
  });
});

describe("events", () => {
  it("digits choose a menu option; timeout while waiting for the agent takes the no_answer path", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    const chosen = await send(sim.sessionId, { type: "digits", digits: "2" });
    expect(chosen).toMatchObject({ status: "waiting", waitingFor: "transfer", currentNodeId: "to_support", nodes: { main_menu: { key: "2", label: "Support" } } });
    expect(chosen.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "support", timeoutSeconds: 120, endsFlow: false })]);

    const unanswered = await send(sim.sessionId, { type: "timeout" });
    expect(unanswered).toMatchObject({ status: "ended", endReason: "hangup_node", waitingFor: null });
    expect(saidIn(unanswered.effects)).toEqual([expect.stringContaining("All of our team members are still helping")]);
    expect(unanswered.effects.at(-1)).toEqual({ type: "end", reason: "hangup_node", nodeId: "all_busy", disconnect: true });
    expect(pathOf((await session(sim.sessionId)).steps)).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:option:2",
      "to_support:waiting",
      "to_support:no_answer",
      "all_busy:ended",
    ]);
  });

  it("timeout on a menu is no input: the no-input prompt, the menu again, a new collect token", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    const firstToken = sim.effects.find((effect) => effect.type === "collect")?.token;
    const again = await send(sim.sessionId, { type: "timeout" });
    expect(again).toMatchObject({ status: "waiting", waitingFor: "input", currentNodeId: "main_menu" });
    expect(saidIn(again.effects)).toEqual(["I didn't hear a selection.", expect.stringContaining("For sales")]);
    const secondToken = again.effects.find((effect) => effect.type === "collect")?.token;
    expect(secondToken).toEqual(expect.any(String));
    expect(secondToken).not.toBe(firstToken);
    expect((await session(sim.sessionId)).steps.at(-1)).toMatchObject({ nodeId: "main_menu", outcome: "no_input", input: null });
  });

  it("text and button on chat", async () => {
    const typed = await start({ flowId: "sim-line", source: "published", channel: "chat" });
    const billing = await send(typed.sessionId, { type: "text", text: "I have a question about my invoice" });
    expect(billing.effects).toContainEqual(expect.objectContaining({ type: "transfer", teamId: "billing" }));
    expect((await session(typed.sessionId)).steps.find((step) => step.outcome === "option:3")).toMatchObject({ nodeId: "main_menu", input: "I have a question about my invoice" });

    const tapped = await start({ flowId: "sim-line", source: "published", channel: "chat" });
    const sales = await send(tapped.sessionId, { type: "button", key: "1" });
    expect(sales).toMatchObject({ waitingFor: "transfer", currentNodeId: "to_sales" });
    expect((await session(tapped.sessionId)).steps.find((step) => step.outcome === "option:1")).toMatchObject({ input: "1" });
  });

  it("an unknown text re-asks with the invalid prompt", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "chat" });
    const again = await send(sim.sessionId, { type: "text", text: "pizza" });
    expect(types(again.effects)).toEqual(["message", "message", "collect"]);
    expect(again.effects[0]).toMatchObject({ text: "Sorry, I didn't catch that." });
  });

  it("hangup ends the session; events after the end are 409", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    const gone = await send(sim.sessionId, { type: "hangup" });
    expect(gone).toMatchObject({ status: "ended", endReason: "caller_hangup" });
    expect(gone.effects).toEqual([expect.objectContaining({ type: "end", reason: "caller_hangup", disconnect: false })]);
    for (const event of [{ type: "digits", digits: "1" }, { type: "timeout" }, { type: "hangup" }]) {
      const late = await server.api("POST", `/api/simulations/${sim.sessionId}/events`, event);
      expect(late.status, JSON.stringify(event)).toBe(409);
      expect(late.body).toMatchObject({ error: { code: "session_ended" } });
    }
    expect(await session(sim.sessionId)).toMatchObject({ status: "ended", endReason: "caller_hangup" });
  });

  it("transfer_result while the session waits at a menu is 409 not_waiting", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    const wrong = await server.api("POST", `/api/simulations/${sim.sessionId}/events`, { type: "transfer_result", result: "completed" });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ error: { code: "not_waiting" } });
  });

  it("400 naming the field for a bad event", async () => {
    const sim = await start({ flowId: "sim-line", source: "published", channel: "voice" });
    const letters = await server.api("POST", `/api/simulations/${sim.sessionId}/events`, { type: "digits", digits: "abc" });
    expect(letters.status).toBe(400);
    expect(letters.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.digits") } });
    const noText = await server.api("POST", `/api/simulations/${sim.sessionId}/events`, { type: "text" });
    expect(noText.status).toBe(400);
    expect(noText.body).toMatchObject({ error: { message: expect.stringContaining("body.text") } });
    const unknown = await server.api("POST", `/api/simulations/${sim.sessionId}/events`, { type: "fax" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { message: expect.stringContaining("body.type") } });
    // nothing was applied
    expect((await session(sim.sessionId)).steps).toHaveLength(3);
  });

  it("404 for a simulation that does not exist, and for a session that is not a simulation", async () => {
    const res = await server.api("POST", "/api/simulations/no-such-session/events", { type: "digits", digits: "1" });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "simulation_not_found" } });

    const call = await server.runner.start({ flowId: "sim-line", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
    const notSimulated = await server.api("POST", `/api/simulations/${call.sessionId}/events`, { type: "hangup" });
    expect(notSimulated.status).toBe(404);
    expect((await session(call.sessionId)).status).toBe("waiting");
  });
});

describe("a draft simulation", () => {
  it("keeps running the draft it started on after the draft is saved again", async () => {
    const original = alwaysOpenSupportLine("draft-pinned");
    const created = await server.api("POST", "/api/flows", original);
    expect(created.status).toBe(201);
    const old = await start({ flowId: "draft-pinned", source: "draft", channel: "voice" });

    const changed = withNodeData(withNodeData(original, "to_sales", { teamId: "sales-v2" }), "welcome", { prompt: { text: "Changed greeting." } });
    expect((await server.api("PUT", "/api/flows/draft-pinned", { document: changed, baseRevision: 1 })).status).toBe(200);

    const oldChoice = await send(old.sessionId, { type: "digits", digits: "1" });
    expect(oldChoice.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "sales" })]);

    const fresh = await start({ flowId: "draft-pinned", source: "draft", channel: "voice" });
    expect(saidIn(fresh.effects)[0]).toBe("Changed greeting.");
    const freshChoice = await send(fresh.sessionId, { type: "digits", digits: "1" });
    expect(freshChoice.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "sales-v2" })]);
  });
});

describe("account balance with its HTTP lookup", () => {
  beforeAll(async () => {
    callbacks.reply("/accounts/12345678/balance", { status: 200, body: JSON.stringify({ balance: 42.5, due_date: "July 1" }) });
    callbacks.reply("/accounts/99999999/balance", { status: 404, body: JSON.stringify({ error: "unknown account" }) });
    const flow = withNodeData({ ...exampleFlow("account-balance"), id: "balance-local", name: "Balance (local API)" }, "lookup", {
      url: `${callbacks.url}/accounts/{{vars.account_number}}/balance`,
    });
    const created = await server.api("POST", "/api/flows", flow);
    expect(created.status, created.text).toBe(201);
    expect((await server.api("POST", "/api/flows/balance-local/publish", {})).status).toBe(201);
  });

  it("looks the balance up inside the same request and reads it back", async () => {
    const sim = await start({ flowId: "balance-local", source: "published", channel: "voice" });
    expect(sim).toMatchObject({ waitingFor: "input", currentNodeId: "ask_account" });
    expect(sim.effects.at(-1)).toMatchObject({ type: "collect", mode: "digits", terminator: "#", minDigits: 6, maxDigits: 10 });

    const seen = callbacks.requests.length;
    const read = await send(sim.sessionId, { type: "digits", digits: "12345678#" });
    expect(callbacks.requests.slice(seen)).toEqual([expect.objectContaining({ method: "GET", url: "/accounts/12345678/balance" })]);
    expect(callbacks.requests.at(-1)?.headers.accept).toBe("application/json");
    expect(read).toMatchObject({
      status: "waiting",
      waitingFor: "input",
      currentNodeId: "anything_else",
      variables: { account_number: "12345678" },
      nodes: { lookup: { status: 200, body: { balance: 42.5, due_date: "July 1" } } },
    });
    expect(types(read.effects)).toEqual(["http_request", "prompt", "prompt", "collect"]);
    expect(read.effects[0]).toMatchObject({ type: "http_request", url: `${callbacks.url}/accounts/12345678/balance`, method: "GET" });
    expect(saidIn(read.effects)[0]).toBe("Your balance is 42.5 dollars, due on July 1.");
    expect(pathOf((await session(sim.sessionId)).steps)).toEqual([
      "welcome:next",
      "ask_account:waiting",
      "ask_account:next",
      "lookup:waiting",
      "lookup:success",
      "check_balance:match:due",
      "read_balance:next",
      "anything_else:waiting",
    ]);
  });

  it("an unknown account (404 from the API) goes down the failure path to billing", async () => {
    const sim = await start({ flowId: "balance-local", source: "published", channel: "voice" });
    const read = await send(sim.sessionId, { type: "digits", digits: "99999999#" });
    expect(saidIn(read.effects)).toEqual(["Sorry, we couldn't find an account with that number.", expect.stringContaining("connect you with a member of our billing team")]);
    expect(read).toMatchObject({ waitingFor: "transfer", currentNodeId: "to_billing", nodes: { lookup: { status: 404 } } });
  });
});

describe("patterns in the simulator (the server's engine)", () => {
  const position = { x: 0, y: 0 };
  const patternLine = {
    schemaVersion: 1,
    id: "pattern-sim",
    name: "Pattern simulator line",
    entry: "pin",
    nodes: [
      { id: "pin", type: "gather", position, data: { prompt: { text: "Your PIN?" }, maxDigits: 64, maxRetries: 0, pattern: "(1+)+2", storeAs: "pin" } },
      { id: "pick", type: "condition", position, data: { rules: [{ id: "found", left: "{{vars.text}}", operator: "matches", right: "{{vars.pattern}}" }] } },
      { id: "yes", type: "hangup", position, data: { prompt: { text: "Found." } } },
      { id: "no", type: "hangup", position, data: { prompt: { text: "Not found." } } },
    ],
    edges: [
      { id: "pin-next", source: "pin", sourceHandle: "next", target: "pick" },
      { id: "pin-tries", source: "pin", sourceHandle: "max_retries", target: "no" },
      { id: "pick-found", source: "pick", sourceHandle: "match:found", target: "yes" },
      { id: "pick-none", source: "pick", sourceHandle: "no_match", target: "no" },
    ],
  };

  beforeAll(async () => {
    const created = await server.api("POST", "/api/flows", patternLine);
    expect(created.status, created.text).toBe(201);
  });

  it("a nested-quantifier gather pattern answers 30 digits at once: not a match", async () => {
    const sim = await start({ flowId: "pattern-sim", channel: "voice" });
    const refused = await send(sim.sessionId, { type: "digits", digits: "1".repeat(30) });
    expect(refused).toMatchObject({ status: "ended", endReason: "hangup_node" });
    expect(saidIn(refused.effects)).toEqual(["Not found."]);
  });

  it("a templated pattern that cannot run does not match, and the server's log says why", async () => {
    const sim = await start({ flowId: "pattern-sim", channel: "voice", variables: { text: "xy", pattern: "(?<=x)y" } });
    const done = await send(sim.sessionId, { type: "digits", digits: "1112" });
    expect(saidIn(done.effects)).toEqual(["Not found."]);
    expect(server.logs.filter((line) => line.includes(sim.sessionId) && line.includes(" pick "))).toEqual([
      expect.stringMatching(/ pick no_match \(rule "found": \/\(\?<=x\)y\/ cannot run: lookbehind \(\?<=…\) is not supported/),
    ]);
  });

  it("a templated pattern in RE2 syntax matches", async () => {
    const sim = await start({ flowId: "pattern-sim", channel: "voice", variables: { text: "XY", pattern: "(?i)^x" } });
    const done = await send(sim.sessionId, { type: "digits", digits: "12" });
    expect(saidIn(done.effects)).toEqual(["Found."]);
  });
});
