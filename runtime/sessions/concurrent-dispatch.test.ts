import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionRunner } from "./session-runner";
import { runtimeLimits } from "./runtime-limits";
import { CallbackServer } from "./test-support/callback-server";
import { RuntimeFixture } from "./test-support/runtime-fixture";

const server = new CallbackServer();
beforeAll(async () => {
  await server.listen();
  server.reply("/accounts/123456/balance", { status: 200, body: '{"balance": 12, "due_date": "July 1"}' });
});
afterAll(() => server.close());

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open({ apiBase: server.url });
});
afterEach(() => rt.dispose());

/** An account-balance call at the "anything else?" menu, where 2 repeats the balance and asks again. */
async function atRepeatMenu(): Promise<string> {
  const started = await rt.runner.start({ flowId: "account-balance", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
  const looked = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "123456#" });
  expect(looked.state.currentNodeId).toBe("anything_else");
  return started.sessionId;
}

async function expectConsistentSteps(sessionId: string, repeats: number, firstRev: number, firstCount: number): Promise<void> {
  const steps = await rt.store.sessions.listSteps(sessionId);
  expect(steps.map((step) => step.seq)).toEqual(steps.map((_, index) => index + 1));
  const repeated = steps.slice(firstCount).map((step) => `${step.nodeId}:${step.outcome}`);
  expect(repeated).toEqual(Array.from({ length: repeats }, () => ["anything_else:option:2", "read_balance:next", "anything_else:waiting"]).flat());
  const head = await rt.store.sessions.getSessionHead(sessionId);
  expect(head).toMatchObject({ rev: firstRev + repeats, stepCount: firstCount + 3 * repeats, status: "waiting" });
  expect((await rt.store.timers.listPending(sessionId)).length).toBe(1);
}

describe("concurrent events for one session", () => {
  it("applies 20 parallel digits one at a time, in arrival order", async () => {
    const sessionId = await atRepeatMenu();
    const head = await rt.store.sessions.getSessionHead(sessionId);
    const results = await Promise.all(Array.from({ length: 20 }, () => rt.runner.dispatch(sessionId, { type: "digits", digits: "2" })));
    expect(results.every((result) => result.effects.map((effect) => effect.type).join() === "prompt,prompt,collect")).toBe(true);
    // Each answer saw the state its own step produced: the tokens follow one another.
    const tokens = results.map((result) => Number(result.state.waiting?.token.slice(1)));
    expect(tokens).toEqual(tokens.map((_, index) => (tokens[0] ?? 0) + index));
    await expectConsistentSteps(sessionId, 20, head?.rev ?? 0, head?.stepCount ?? 0);
    expect(rt.runner.activeSessions).toBe(0);
  });

  it("recomputes on a stale rev when another runner (process) wrote first", async () => {
    const sessionId = await atRepeatMenu();
    const head = await rt.store.sessions.getSessionHead(sessionId);
    // A second runner with its own locks: only the store's rev guard keeps the two apart.
    const other = new SessionRunner({ store: rt.store, cache: rt.cache, clock: rt.clock, limits: runtimeLimits({ maxCommitAttempts: 25 }) });
    const mine = new SessionRunner({ store: rt.store, cache: rt.cache, clock: rt.clock, limits: runtimeLimits({ maxCommitAttempts: 25 }) });
    let commits = 0;
    const stale = { count: 0 };
    const commitStep = rt.store.sessions.commitStep.bind(rt.store.sessions);
    rt.store.sessions.commitStep = async (input) => {
      const result = await commitStep(input);
      if (result.ok) commits += 1;
      else stale.count += 1;
      return result;
    };
    await Promise.all(
      Array.from({ length: 10 }, () => [mine.dispatch(sessionId, { type: "digits", digits: "2" }), other.dispatch(sessionId, { type: "digits", digits: "2" })]).flat(),
    );
    expect(commits).toBe(20);
    expect(stale.count).toBeGreaterThan(0);
    await expectConsistentSteps(sessionId, 20, head?.rev ?? 0, head?.stepCount ?? 0);
  });

  it("never acts on a cached state another runner has moved on from", async () => {
    const sessionId = await atRepeatMenu(); // rt.runner now holds the session's state in its cache
    const other = new SessionRunner({ store: rt.store, cache: rt.cache, clock: rt.clock });
    // Elsewhere, the caller hung up: the session ended there.
    const ended = await other.dispatch(sessionId, { type: "hangup" });
    expect(ended.status).toBe("ended");
    // Here, a late "2" on the stale cached state: the rev guard catches it and nothing is written.
    const late = await rt.runner.dispatch(sessionId, { type: "digits", digits: "2" });
    expect(late.status).toBe("ended");
    expect(late.effects).toEqual([]);
    expect(late.endReason).toBe(ended.endReason);
    const head = await rt.store.sessions.getSessionHead(sessionId);
    expect(head?.stepCount).toBe((await rt.store.sessions.listSteps(sessionId)).length);
    expect((await rt.runner.peek(sessionId))?.state.status).toBe("ended");
  });
});
