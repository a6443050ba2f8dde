import { describe, expect, it } from "vitest";
import { createSimulationStore } from "./simulation-store";
import type { SessionStep, SessionView, SimEvent, SimulationResult, SimulatorClient, StartOptions } from "./simulator-api";

/** A scripted simulator: answers in order, and a stored session the test moves on "by timer". */
class FakeClient implements SimulatorClient {
  readonly sent: Array<{ sessionId: string; event: SimEvent }> = [];
  readonly answers: SimulationResult[] = [];
  steps: SessionStep[] = [];
  stored: SessionView["state"] = { status: "waiting", currentNodeId: "main_menu", waiting: { kind: "input", nodeId: "main_menu", token: "t1" }, vars: {}, nodes: {}, endReason: null };
  failNext: Error | undefined;

  async start(_options: StartOptions): Promise<SimulationResult> {
    return this.next();
  }
  async send(sessionId: string, event: SimEvent): Promise<SimulationResult> {
    this.sent.push({ sessionId, event });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (event.type === "hangup") return { ...menuStart, sessionId, status: "ended", effects: [], waitingFor: null, endReason: "caller_hangup" };
    return this.next();
  }
  async session(sessionId: string): Promise<SessionView> {
    return { id: sessionId, status: this.stored.status, endReason: this.stored.endReason, state: this.stored, steps: this.steps };
  }
  private next(): SimulationResult {
    const answer = this.answers.shift();
    if (!answer) throw new Error("no scripted answer");
    return answer;
  }
  addStep(nodeId: string, nodeType: string, outcome: string): void {
    this.steps.push({ seq: this.steps.length + 1, nodeId, nodeType, outcome, input: null, at: "2026-01-01T00:00:00.000Z" });
  }
}

const menuStart: SimulationResult = {
  sessionId: "s1",
  status: "waiting",
  effects: [
    { type: "prompt", nodeId: "welcome", text: "Welcome." },
    { type: "prompt", nodeId: "main_menu", text: "Press 2 for support." },
    { type: "collect", nodeId: "main_menu", token: "t1", mode: "menu", input: "both", timeoutSeconds: 8, options: [{ key: "2", label: "Support" }] },
  ],
  currentNodeId: "main_menu",
  waitingFor: "input",
  variables: { lang: "en" },
  nodes: {},
  endReason: null,
};

const toTransfer: SimulationResult = {
  ...menuStart,
  effects: [{ type: "transfer", nodeId: "to_support", teamId: "support", priority: "normal", timeoutSeconds: 120, endsFlow: false }],
  currentNodeId: "to_support",
  waitingFor: "transfer",
  nodes: { main_menu: { key: "2", label: "Support" } },
};

function setup() {
  const client = new FakeClient();
  const errors: unknown[] = [];
  const store = createSimulationStore(client, (error) => errors.push(error));
  return { client, errors, store };
}

describe("a simulated call", () => {
  it("starts: transcript from the effects, the menu wait, the variables", async () => {
    const { client, store } = setup();
    client.answers.push(menuStart);
    client.addStep("welcome", "greeting", "next");
    client.addStep("main_menu", "menu", "waiting");
    await store.getState().start({ flowId: "f", source: "draft", channel: "voice" });
    const state = store.getState();
    expect(state).toMatchObject({ phase: "running", sessionId: "s1", currentNodeId: "main_menu", variables: { lang: "en" }, seenSeq: 2, busy: false });
    expect(state.wait).toMatchObject({ kind: "input", mode: "menu", input: "both" });
    expect(state.lines.map((line) => line.kind)).toEqual(["bot", "bot", "wait"]);
  });

  it("sends the caller's input: their line, then the answer's effects", async () => {
    const { client, store } = setup();
    client.answers.push(menuStart, toTransfer);
    await store.getState().start({ flowId: "f", source: "draft", channel: "voice" });
    await store.getState().send({ type: "digits", digits: "2" });
    expect(client.sent).toEqual([{ sessionId: "s1", event: { type: "digits", digits: "2" } }]);
    const state = store.getState();
    expect(state.lines.slice(-2).map((line) => line.kind === "caller" || line.kind === "transfer" ? line.text : line.kind)).toEqual([
      "Pressed 2",
      "Transferring to team support (normal priority)…",
    ]);
    expect(state.wait).toEqual({ kind: "transfer", nodeId: "to_support", teamId: "support" });
    expect(state.nodes).toEqual({ main_menu: { key: "2", label: "Support" } });
  });

  it("polling shows steps a timer took on its own, and the new state", async () => {
    const { client, store } = setup();
    client.answers.push(menuStart);
    client.addStep("welcome", "greeting", "next");
    client.addStep("main_menu", "menu", "waiting");
    await store.getState().start({ flowId: "f", source: "draft", channel: "voice" });

    await store.getState().poll();
    expect(store.getState().lines).toHaveLength(3);

    // the menu's timer fires twice; the second time it takes the timeout path to a transfer
    client.addStep("main_menu", "menu", "no_input");
    client.addStep("main_menu", "menu", "timeout");
    client.addStep("to_support", "transfer", "waiting");
    client.stored = { ...client.stored, currentNodeId: "to_support", waiting: { kind: "transfer", nodeId: "to_support", token: "t3" }, vars: { lang: "en", tried: "yes" } };
    await store.getState().poll();
    const state = store.getState();
    expect(state.lines.slice(3).map((line) => (line.kind === "step" ? [line.text, line.timedOut] : line.kind))).toEqual([
      ["Timed out at main_menu: no input, asked again", true],
      ["Timed out at main_menu: took “timeout”", true],
      ["Now waiting at to_support", false],
    ]);
    expect(state).toMatchObject({ currentNodeId: "to_support", variables: { lang: "en", tried: "yes" }, seenSeq: 5, wait: { kind: "transfer", teamId: null } });

    // nothing new: nothing added
    await store.getState().poll();
    expect(store.getState().lines).toHaveLength(6);
  });

  it("a session that ends on its own gets an end line once", async () => {
    const { client, store } = setup();
    client.answers.push(toTransfer);
    await store.getState().start({ flowId: "f", source: "draft", channel: "voice" });
    client.addStep("to_support", "transfer", "no_answer");
    client.addStep("all_busy", "hangup", "ended");
    client.stored = { ...client.stored, status: "ended", currentNodeId: "all_busy", waiting: null, endReason: "hangup_node" };
    await store.getState().poll();
    await store.getState().poll();
    const state = store.getState();
    expect(state).toMatchObject({ phase: "ended", wait: null, endReason: "hangup_node", currentNodeId: "all_busy" });
    expect(state.lines.filter((line) => line.kind === "end")).toEqual([expect.objectContaining({ text: "Ended: the flow hung up (hangup_node)" })]);
  });

  it("a failed send is reported, and the session is read back", async () => {
    const { client, errors, store } = setup();
    client.answers.push(menuStart);
    await store.getState().start({ flowId: "f", source: "draft", channel: "voice" });
    client.failNext = new Error("simulation s1 has ended");
    client.stored = { ...client.stored, status: "ended", waiting: null, endReason: "hangup_node" };
    await store.getState().send({ type: "digits", digits: "1" });
    expect(errors).toEqual([client.failNext ?? expect.any(Error)]);
    expect(store.getState()).toMatchObject({ phase: "ended", busy: false });
  });

  it("a button is named by the option's label; restart hangs the running session up", async () => {
    const { client, store } = setup();
    const chatMenu: SimulationResult = {
      ...menuStart,
      effects: [
        { type: "message", nodeId: "choice", text: "Will you make it?", options: [{ key: "1", label: "Confirm" }] },
        { type: "collect", nodeId: "choice", token: "c1", mode: "menu", input: "text", timeoutSeconds: 60, options: [{ key: "1", label: "Confirm" }] },
      ],
      currentNodeId: "choice",
    };
    client.answers.push(chatMenu, { ...chatMenu, effects: [] }, { ...chatMenu, sessionId: "s2" });
    await store.getState().start({ flowId: "f", source: "draft", channel: "chat" });
    await store.getState().send({ type: "button", key: "1" });
    expect(store.getState().lines.find((line) => line.kind === "caller")).toMatchObject({ text: "Tapped “Confirm”" });
    await store.getState().start({ flowId: "f", source: "draft", channel: "chat" });
    expect(client.sent.at(-1)).toEqual({ sessionId: "s1", event: { type: "hangup" } });
    expect(store.getState()).toMatchObject({ sessionId: "s2", channel: "chat" });
    expect(store.getState().lines.some((line) => line.kind === "caller")).toBe(false);
  });
});
