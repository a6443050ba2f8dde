import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIALECT } from "#store-dialect";
import type { CommitStepInput } from "./sessions-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("sessions");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await t.store.flows.publish("support", { author: "u1" });
});
afterEach(() => t.dispose());

function newSession(overrides: { contact?: string; channelType?: string; version?: number | null } = {}) {
  return t.store.sessions.createSession({
    flowId: "support",
    version: overrides.version === undefined ? 1 : overrides.version,
    channelType: overrides.channelType ?? "twilio_voice",
    channelId: "ch-1",
    contact: overrides.contact ?? "+15550001",
    state: { node: "welcome", vars: {} },
  });
}

function step(nodeId: string, outcome: string | null = "next", input: string | null = null) {
  return { nodeId, nodeType: "greeting", outcome, input };
}

function commit(sessionId: string, expectedRev: number, extra: Partial<CommitStepInput> = {}) {
  return t.store.sessions.commitStep({ sessionId, expectedRev, state: { node: `n${expectedRev}` }, status: "active", steps: [step(`n${expectedRev}`)], ...extra });
}

async function countRows(table: "session_steps" | "timers", sessionId: string): Promise<number> {
  const [row] = await t.rows(sql`select count(*) as n from ${sql.identifier(table)} where session_id = ${sessionId}`);
  return Number(row?.n);
}

describe("SessionsRepo", () => {
  it("creates a session at rev 1 pinned to its version", async () => {
    const session = await newSession();
    expect(session).toMatchObject({ flowId: "support", version: 1, source: "published", status: "active", rev: 1, stepCount: 0 });
    expect(await t.store.sessions.getSession(session.id)).toMatchObject({ rev: 1, state: { node: "welcome", vars: {} }, steps: [] });

    const draft = await newSession({ version: null });
    expect(draft).toMatchObject({ version: null, source: "draft" });
    expect(await t.store.sessions.getDraftDocument(draft.id)).toBeUndefined();
  });

  it("keeps a draft simulation's document snapshot with the session", async () => {
    const document = sampleFlow("support", "Draft greeting.");
    const session = await t.store.sessions.createSession({ flowId: "support", version: null, channelType: "simulator", state: {}, document });
    expect(await t.store.sessions.getDraftDocument(session.id)).toEqual(document);
  });

  it("commits a step: new state, rev + 1, steps numbered on from the last one", async () => {
    const session = await newSession();
    expect(await commit(session.id, 1, { steps: [step("welcome"), step("menu", "option:1", "1")] })).toMatchObject({ ok: true, value: { rev: 2, stepCount: 2 } });
    expect(await commit(session.id, 2, { steps: [step("sales")] })).toMatchObject({ ok: true, value: { rev: 3, stepCount: 3 } });
    t.clock.advance(5);
    expect(await commit(session.id, 3, { steps: [] })).toMatchObject({ ok: true, value: { rev: 4, stepCount: 3 } });

    const loaded = await t.store.sessions.getSession(session.id);
    expect(loaded?.rev).toBe(4);
    expect(loaded?.state).toEqual({ node: "n3" });
    expect(loaded?.steps.map((s) => [s.seq, s.nodeId, s.outcome, s.input])).toEqual([
      [1, "welcome", "next", null],
      [2, "menu", "option:1", "1"],
      [3, "sales", "next", null],
    ]);
    expect(loaded?.steps[0]).toMatchObject({ flowId: "support", version: 1 });
  });

  it("writes a long run of steps (more rows than one INSERT takes) in order, with their own flow and version", async () => {
    const session = await newSession();
    const steps = Array.from({ length: 19 }, (_, index) => ({ ...step(`n${index}`, index % 2 === 0 ? "next" : null, String(index)), ...(index === 18 ? { flowId: "other", version: 7 } : {}) }));
    expect(await commit(session.id, 1, { steps })).toMatchObject({ ok: true, value: { rev: 2, stepCount: 19 } });
    const loaded = await t.store.sessions.getSession(session.id);
    expect(loaded?.steps.map((s) => [s.seq, s.nodeId, s.outcome, s.input])).toEqual(steps.map((s, index) => [index + 1, s.nodeId, s.outcome, s.input]));
    expect(loaded?.steps.at(-1)).toMatchObject({ flowId: "other", version: 7 });
    expect(loaded?.steps.at(-2)).toMatchObject({ flowId: "support", version: 1 });
  });

  it("refuses a stale rev and writes nothing: no state, no steps, no timers", async () => {
    const session = await newSession();
    await commit(session.id, 1, { timers: { arm: [{ kind: "input_timeout", dueAt: t.clock.time + 8000 }] } });

    const stale = await commit(session.id, 1, {
      state: { node: "stale" },
      status: "ended",
      endReason: "stale",
      steps: [step("x"), step("y")],
      timers: { cancelForSession: true, arm: [{ kind: "http_timeout", dueAt: 1 }] },
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatchObject({ code: "stale_revision", status: 409, expectedRev: 1, currentRev: 2 });

    const loaded = await t.store.sessions.getSession(session.id);
    expect(loaded).toMatchObject({ rev: 2, status: "active", state: { node: "n1" }, endReason: null, stepCount: 1 });
    expect(await countRows("session_steps", session.id)).toBe(1);
    expect((await t.store.timers.listPending(session.id)).map((timer) => timer.kind)).toEqual(["input_timeout"]);

    const missing = await commit("no-such-session", 1);
    expect(!missing.ok && missing.error.code).toBe("session_not_found");
  });

  it("lets exactly one of two writers with the same expected rev win (two connections)", async () => {
    const session = await newSession();
    const { store: other, close } = await t.another();
    try {
      const results = await Promise.all([
        commit(session.id, 1, { state: { by: "a" }, steps: [step("a")] }),
        other.sessions.commitStep({ sessionId: session.id, expectedRev: 1, state: { by: "b" }, status: "active", steps: [step("b")] }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === "stale_revision")).toHaveLength(1);
      const loaded = await other.sessions.getSession(session.id);
      expect(loaded?.rev).toBe(2);
      expect(loaded?.steps).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("lets exactly one process win each session when several race on the same rev", async () => {
    const sessions = await Promise.all(Array.from({ length: 25 }, (_, i) => newSession({ contact: `+1555${i}` })));
    const ids = sessions.map((s) => s.id);
    const workerFile = fileURLToPath(new URL("./test-support/commit-race-worker.ts", import.meta.url));
    const startAt = Date.now() + 1500;
    const run = promisify(execFile);
    // The workers open the test's database with the same build of the store as this file.
    const conditions = DIALECT === "postgresql" ? ["--conditions=switchboard-postgres"] : [];
    const outputs = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((worker, index) =>
        // Each process walks the sessions in a different order, so they collide on many of them.
        run(process.execPath, [...conditions, "--import", "tsx", workerFile, JSON.stringify(t.target), worker, String(startAt), ...(index % 2 === 0 ? ids : [...ids].reverse())], {
          timeout: 30_000,
        }),
      ),
    );
    const won = outputs.flatMap(({ stdout }) => {
      const parsed: unknown = JSON.parse(stdout);
      return typeof parsed === "object" && parsed !== null && "won" in parsed && Array.isArray(parsed.won) ? parsed.won.map(String) : [];
    });
    expect([...won].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const loaded = await t.store.sessions.getSession(id);
      expect(loaded?.rev).toBe(2);
      expect(loaded?.steps).toHaveLength(1);
      expect(loaded?.steps[0]?.input).toBe(loaded?.state && typeof loaded.state === "object" && !Array.isArray(loaded.state) ? loaded.state.by : undefined);
      expect(await countRows("timers", id)).toBe(1);
    }
  }, 60_000);

  it("arms and cancels timers in the step's transaction; arming uses the new rev", async () => {
    const session = await newSession();
    const first = await commit(session.id, 1, { timers: { arm: [{ kind: "input_timeout", dueAt: 100, payload: { retry: 0 } }, { kind: "http_timeout", dueAt: 200 }] } });
    expect(first.ok && first.value.timerIds).toHaveLength(2);
    let pending = await t.store.timers.listPending(session.id);
    expect(pending.map((p) => [p.kind, p.sessionRev, p.payload])).toEqual([
      ["input_timeout", 2, { retry: 0 }],
      ["http_timeout", 2, null],
    ]);

    await commit(session.id, 2, { timers: { cancelKinds: ["http_timeout"], arm: [{ kind: "transfer_timeout", dueAt: 300 }] } });
    pending = await t.store.timers.listPending(session.id);
    expect(pending.map((p) => [p.kind, p.sessionRev])).toEqual([
      ["input_timeout", 2],
      ["transfer_timeout", 3],
    ]);

    await commit(session.id, 3, { timers: { cancelForSession: true, arm: [{ kind: "input_timeout", dueAt: 400 }] } });
    pending = await t.store.timers.listPending(session.id);
    expect(pending.map((p) => [p.kind, p.sessionRev, p.dueAt])).toEqual([["input_timeout", 4, 400]]);
  });

  it("ending a session stamps ended_at and the reason, and cancels its timers", async () => {
    const session = await newSession();
    await commit(session.id, 1, { timers: { arm: [{ kind: "input_timeout", dueAt: 100 }] } });
    t.clock.advance(60_000);
    const ended = await commit(session.id, 2, { status: "ended", endReason: "hangup", steps: [step("bye", null)] });
    expect(ended.ok).toBe(true);
    const loaded = await t.store.sessions.getSessionHead(session.id);
    expect(loaded).toMatchObject({ status: "ended", endReason: "hangup", endedAt: t.clock.time, updatedAt: t.clock.time });
    expect(await countRows("timers", session.id)).toBe(0);
  });

  it("finds the open session of a contact on a channel", async () => {
    const old = await newSession({ contact: "+1" });
    await commit(old.id, 1, { status: "ended" });
    t.clock.advance(1);
    const open = await newSession({ contact: "+1" });
    expect((await t.store.sessions.findOpenSession("twilio_voice", "ch-1", "+1"))?.id).toBe(open.id);
    expect(await t.store.sessions.findOpenSession("twilio_voice", "ch-1", "+2")).toBeUndefined();
  });

  it("lists sessions newest first with filters and a cursor", async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      created.push((await newSession({ channelType: i % 2 === 0 ? "twilio_voice" : "telegram", contact: `c${i}` })).id);
    }
    await commit(created[6] ?? "", 1, { status: "ended" });

    const page1 = await t.store.sessions.listSessions({ limit: 3 });
    expect(page1.ok).toBe(true);
    if (!page1.ok) return;
    expect(page1.value.items.map((s) => s.contact)).toEqual(["c6", "c5", "c4"]);
    expect(page1.value.items[0]).not.toHaveProperty("state");
    const page2 = await t.store.sessions.listSessions({ limit: 3, cursor: page1.value.nextCursor ?? "" });
    expect(page2.ok && page2.value.items.map((s) => s.contact)).toEqual(["c3", "c2", "c1"]);
    const page3 = await t.store.sessions.listSessions({ limit: 3, cursor: (page2.ok && page2.value.nextCursor) || "" });
    expect(page3.ok && page3.value).toEqual({ items: [expect.objectContaining({ contact: "c0" })], nextCursor: null });

    const telegram = await t.store.sessions.listSessions({ channelType: "telegram" });
    expect(telegram.ok && telegram.value.items.map((s) => s.contact)).toEqual(["c5", "c3", "c1"]);
    const ended = await t.store.sessions.listSessions({ status: "ended", flowId: "support" });
    expect(ended.ok && ended.value.items.map((s) => s.contact)).toEqual(["c6"]);
    const first = (await t.store.sessions.getSessionHead(created[0] ?? ""))?.startedAt ?? 0;
    const window = await t.store.sessions.listSessions({ from: first + 1000, to: first + 3000 });
    expect(window.ok && window.value.items.map((s) => s.contact)).toEqual(["c2", "c1"]);

    const bad = await t.store.sessions.listSessions({ cursor: "not-a-cursor" });
    expect(!bad.ok && bad.error.code).toBe("invalid_cursor");
  });

  it("keeps sessions and steps across close and reopen", async () => {
    const session = await newSession();
    await commit(session.id, 1, { steps: [step("welcome"), step("bye")] });
    const store = await t.reopen();
    const loaded = await store.sessions.getSession(session.id);
    expect(loaded).toMatchObject({ rev: 2, stepCount: 2 });
    expect(loaded?.steps.map((s) => s.seq)).toEqual([1, 2]);
  });
});
