import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartInput } from "./session-runner";
import { TIMER_KINDS } from "./timer-kinds";
import { RuntimeFixture, said, types } from "./test-support/runtime-fixture";

const voice: StartInput["channel"] = { kind: "voice", type: "twilio_voice", id: "ch-voice" };

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open();
});
afterEach(() => rt.dispose());

describe("the support line on voice, through the runner", () => {
  it("goes from the menu to a transfer, and the timer worker answers it with no_answer", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice, contact: "+15551230000", call: { id: "CA1" } });
    expect(started.status).toBe("waiting");
    expect(types(started.effects)).toEqual(["prompt", "prompt", "collect"]);
    const collect = started.effects[2];
    if (collect?.type !== "collect") throw new Error("expected a collect");

    const head = await rt.store.sessions.getSessionHead(started.sessionId);
    expect(head).toMatchObject({ flowId: "support-line", version: 1, source: "published", status: "waiting", contact: "+15551230000", channelId: "ch-voice", stepCount: 3 });
    expect(await rt.store.timers.listPending(started.sessionId)).toEqual([
      expect.objectContaining({ kind: TIMER_KINDS.input, dueAt: rt.time + 8_000, sessionRev: head?.rev, payload: { token: collect.token, nodeId: "main_menu" } }),
    ]);

    const chosen = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "1", token: collect.token });
    expect(chosen.effects).toEqual([
      { type: "transfer", nodeId: "to_sales", token: chosen.state.waiting?.token, teamId: "sales", priority: "normal", timeoutSeconds: 90, endsFlow: false },
    ]);
    expect(rt.transfers.offers).toEqual([{ sessionId: started.sessionId, teamId: "sales", token: chosen.state.waiting?.token }]);
    const pending = await rt.store.timers.listPending(started.sessionId);
    expect(pending.map((timer) => [timer.kind, timer.dueAt])).toEqual([[TIMER_KINDS.transfer, rt.time + 90_000]]);

    rt.advance(89_999);
    expect(await rt.worker.runDue()).toBe(0);
    rt.advance(1);
    expect(await rt.worker.runDue()).toBe(1);

    const ended = await rt.store.sessions.getSessionHead(started.sessionId);
    expect(ended).toMatchObject({ status: "ended", endReason: "hangup_node", endedAt: rt.time });
    expect(await rt.path(started.sessionId)).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:option:1",
      "to_sales:waiting",
      "to_sales:no_answer",
      "all_busy:ended",
    ]);
    expect(rt.transfers.cancels).toEqual([started.sessionId]);
    expect(await rt.store.timers.listPending(started.sessionId)).toEqual([]);

    // What the timer produced went to the observers, marked as coming from the timer.
    const fromTimer = rt.pushed.filter((push) => push.origin === "timer");
    expect(fromTimer).toHaveLength(1);
    expect(said(fromTimer[0]?.effects ?? [])).toEqual([expect.stringContaining("All of our team members are still helping")]);
    expect(types(fromTimer[0]?.effects ?? [])).toEqual(["prompt", "end"]);
  });

  it("reports exactly one step per record to the observers, numbered like session_steps", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice });
    await rt.runner.dispatch(started.sessionId, { type: "speech", text: "Billing, please." });
    await rt.runner.dispatch(started.sessionId, { type: "transfer_result", result: "completed" });
    const stored = await rt.store.sessions.listSteps(started.sessionId);
    expect(rt.steps.map((step) => [step.seq, step.nodeId, step.outcome])).toEqual(stored.map((step) => [step.seq, step.nodeId, step.outcome]));
    expect(rt.steps.every((step) => step.sessionId === started.sessionId && step.channelType === "twilio_voice" && step.version === 1)).toBe(true);
    expect(rt.steps.at(-1)).toMatchObject({ nodeId: "goodbye", outcome: "ended", reason: "hangup_node" });
    // A completed transfer is the agents' business: nothing to cancel.
    expect(rt.transfers.cancels).toEqual([]);
  });

  it("re-prompts on each menu timeout fired by the timer worker, then takes the timeout handle", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice });
    const first = started.state.waiting?.token;

    rt.advance(8_000);
    expect(await rt.worker.runDue()).toBe(1);
    let head = await rt.store.sessions.getSessionHead(started.sessionId);
    const pushed = rt.pushed.at(-1);
    expect(pushed?.origin).toBe("timer");
    expect(said(pushed?.effects ?? [])).toEqual(["I didn't hear a selection.", expect.stringContaining("For sales")]);
    const [rearmed] = await rt.store.timers.listPending(started.sessionId);
    expect(rearmed).toMatchObject({ kind: TIMER_KINDS.input, dueAt: rt.time + 8_000, sessionRev: head?.rev });
    expect(rearmed?.payload).not.toEqual(expect.objectContaining({ token: first }));

    rt.advance(8_000);
    await rt.worker.runDue();
    rt.advance(8_000);
    await rt.worker.runDue();
    head = await rt.store.sessions.getSessionHead(started.sessionId);
    expect((await rt.path(started.sessionId)).slice(2)).toEqual([
      "main_menu:waiting",
      "main_menu:no_input",
      "main_menu:no_input",
      "main_menu:timeout",
      "to_support:waiting",
    ]);
    expect(head?.status).toBe("waiting");
    expect((await rt.store.timers.listPending(started.sessionId)).map((timer) => timer.kind)).toEqual([TIMER_KINDS.transfer]);
  });

  it("ends on hangup, cancels the timers, and a second hangup is a no-op", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice });
    const hungUp = await rt.runner.dispatch(started.sessionId, { type: "hangup" });
    expect(hungUp).toMatchObject({ status: "ended", endReason: "caller_hangup", effects: [{ type: "end", reason: "caller_hangup", disconnect: false }] });
    expect(await rt.store.timers.listPending(started.sessionId)).toEqual([]);
    const before = await rt.store.sessions.getSessionHead(started.sessionId);

    rt.advance(1_000);
    const again = await rt.runner.dispatch(started.sessionId, { type: "hangup" });
    expect(again).toMatchObject({ status: "ended", effects: [], endReason: "caller_hangup" });
    expect(await rt.store.sessions.getSessionHead(started.sessionId)).toEqual(before);
  });
});
