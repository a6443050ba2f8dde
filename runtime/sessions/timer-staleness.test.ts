import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartInput } from "./session-runner";
import { TIMER_KINDS, TimerPayload } from "./timer-kinds";
import { RuntimeFixture } from "./test-support/runtime-fixture";

const voice: StartInput["channel"] = { kind: "voice", type: "twilio_voice" };

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open({ leaseMs: 5_000 });
});
afterEach(() => rt.dispose());

async function waitingAtMenu() {
  const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice });
  const [timer] = await rt.store.timers.listPending(started.sessionId);
  if (timer === undefined) throw new Error("the menu should have armed its input timer");
  return { sessionId: started.sessionId, timer };
}

describe("timers that should not fire", () => {
  it("drops a timer armed at an older rev of the session (it moved on) without touching the session", async () => {
    const { sessionId, timer } = await waitingAtMenu();
    await rt.runner.dispatch(sessionId, { type: "digits", digits: "2" });
    const moved = await rt.store.sessions.getSessionHead(sessionId);
    // A leftover of the menu's wait, as another process could leave it.
    const leftover = await rt.store.timers.armTimer({ sessionId, sessionRev: timer.sessionRev, kind: timer.kind, dueAt: rt.time, payload: timer.payload });

    expect(await rt.worker.runDue()).toBe(1);
    expect(await rt.store.sessions.getSessionHead(sessionId)).toEqual(moved);
    const pending = await rt.store.timers.listPending(sessionId);
    expect(pending.map((entry) => entry.kind)).toEqual([TIMER_KINDS.transfer]);
    expect(pending.some((entry) => entry.id === leftover)).toBe(false);
  });

  it("ignores a timer at the current rev whose token is not the session's wait (no write)", async () => {
    const { sessionId, timer } = await waitingAtMenu();
    const before = await rt.store.sessions.getSessionHead(sessionId);
    await rt.store.timers.armTimer({ sessionId, sessionRev: timer.sessionRev, kind: TIMER_KINDS.input, dueAt: rt.time, payload: { token: "w999", nodeId: "main_menu" } });
    rt.advance(1);
    expect(await rt.worker.runDue()).toBe(1);
    expect(await rt.store.sessions.getSessionHead(sessionId)).toEqual(before);
    expect((await rt.store.timers.listPending(sessionId)).map((entry) => entry.id)).toEqual([timer.id]);
  });
});

describe("a timer claimed by a worker that crashed", () => {
  it("is claimed again after the lease and applied once", async () => {
    const { sessionId } = await waitingAtMenu();
    rt.advance(8_000);
    const [claimed] = await rt.store.timers.claimDueTimers({ workerId: "crashed", leaseMs: 5_000, now: rt.time });
    expect(claimed).toBeDefined();

    // The lease holds: nobody else fires it.
    rt.advance(4_999);
    expect(await rt.worker.runDue()).toBe(0);
    rt.advance(1);
    expect(await rt.worker.runDue()).toBe(1);
    expect((await rt.path(sessionId)).filter((step) => step === "main_menu:no_input")).toHaveLength(1);
    const after = await rt.store.sessions.getSessionHead(sessionId);

    // The crashed worker comes back and does what it had claimed: the token is stale, nothing is written.
    if (claimed === undefined) return;
    const late = await rt.runner.dispatch(sessionId, { type: "timeout", token: TimerPayload.parse(claimed.payload).token, nodeId: "main_menu" }, { origin: "timer" });
    expect(late.effects).toEqual([]);
    expect(await rt.store.timers.markFired(claimed.id, "crashed")).toBe(false);
    expect(await rt.store.sessions.getSessionHead(sessionId)).toEqual(after);
  });

  it("is not applied again when the crash came after the step was committed", async () => {
    const { sessionId } = await waitingAtMenu();
    rt.advance(8_000);
    const [claimed] = await rt.store.timers.claimDueTimers({ workerId: "crashed", leaseMs: 5_000, now: rt.time });
    if (claimed === undefined) throw new Error("the timer is due");
    // The crashed worker applied the timeout, then died before markFired.
    await rt.runner.dispatch(sessionId, { type: "timeout", token: TimerPayload.parse(claimed.payload).token, nodeId: "main_menu" }, { origin: "timer" });
    const after = await rt.store.sessions.getSessionHead(sessionId);

    // Past the lease, before the re-prompt's own timer is due.
    rt.advance(5_000);
    expect(await rt.worker.runDue()).toBe(0);
    expect((await rt.path(sessionId)).filter((step) => step === "main_menu:no_input")).toHaveLength(1);
    expect((await rt.store.sessions.getSessionHead(sessionId))?.rev).toBe(after?.rev);
  });
});
