import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { analyticsAgentRollups, analyticsJobs, analyticsRollups } from "../../../drizzle/schema";
import { resolveQuery } from "../../analytics/analytics-query";
import { agents, paths, summary, timeseries } from "../../analytics/analytics-report";
import type { OpenForTransferInput } from "../conversations-repo";
import type { StepInput } from "../sessions-repo";
import { sampleFlow } from "../test-support/sample-flow";
import { openTestRepos, type TestRepos } from "../test-support/test-repos";
import { backfillAnalytics } from "./analytics-backfill";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("analytics");
  for (const id of ["support", "billing"]) {
    await t.store.flows.createFlow(sampleFlow(id), "u1");
    await t.store.flows.publish(id, { author: "u1" });
  }
});
afterEach(() => t.dispose());

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

/** A session started at `startedAt` that took `steps` (the last one `ended` when `endReason` is given), written as the runner does: created, then one commit `minutes` later. */
async function call(options: { startedAt: number; steps: StepInput[]; endReason?: string; flowId?: string; channelType?: string; minutes?: number }): Promise<string> {
  t.clock.time = options.startedAt;
  const session = await t.store.sessions.createSession({ flowId: options.flowId ?? "support", version: 1, channelType: options.channelType ?? "twilio_voice", channelId: "ch-1", contact: "+15550001", state: {} });
  t.clock.time = options.startedAt + (options.minutes ?? 3) * 60_000;
  const result = await t.store.sessions.commitStep({
    sessionId: session.id,
    expectedRev: 1,
    state: {},
    status: options.endReason === undefined ? "active" : "ended",
    steps: options.steps,
    ...(options.endReason === undefined ? {} : { endReason: options.endReason }),
  });
  if (!result.ok) throw new Error(result.error.message);
  return session.id;
}

const greetThenHangUp: StepInput[] = [
  { nodeId: "welcome", nodeType: "greeting", outcome: "next" },
  { nodeId: "bye", nodeType: "hangup", outcome: "ended" },
];

function query(from: string, to: string, tz: string, more: Record<string, string> = {}) {
  return resolveQuery({ from, to, tz, serviceLevelSeconds: 20, ...more });
}

describe("analytics rollups", () => {
  it("counts days and hours in the browser's zone across the spring-forward day (23 hours) and the fall-back day (25 hours)", async () => {
    const ny = "America/New_York";
    for (const at of ["2026-03-07T23:30", "2026-03-08T00:15", "2026-03-08T03:30", "2026-03-08T23:45", "2026-03-09T00:00"]) await call({ startedAt: local(at, ny), steps: greetThenHangUp, endReason: "hangup_node" });
    const days = await timeseries(t.store.analytics, query("2026-03-07", "2026-03-10", ny).filter, ny, "day");
    expect(days.points.map((point) => [point.start, point.sessions])).toEqual([
      ["2026-03-07T00:00:00.000-05:00", 1],
      ["2026-03-08T00:00:00.000-05:00", 3],
      ["2026-03-09T00:00:00.000-04:00", 1],
    ]);
    const hours = await timeseries(t.store.analytics, query("2026-03-08", "2026-03-09", ny).filter, ny, "hour");
    expect(hours.points).toHaveLength(23);
    expect(hours.points.filter((point) => point.sessions > 0).map((point) => point.start)).toEqual(["2026-03-08T00:00:00.000-05:00", "2026-03-08T03:00:00.000-04:00", "2026-03-08T23:00:00.000-04:00"]);

    // Fall back: 01:30 EDT and 01:30 EST are an hour apart, in two different hours of a 25-hour day.
    await call({ startedAt: Date.parse("2026-11-01T05:30:00Z"), steps: greetThenHangUp, endReason: "hangup_node" });
    await call({ startedAt: Date.parse("2026-11-01T06:30:00Z"), steps: greetThenHangUp, endReason: "hangup_node" });
    const fallBack = await timeseries(t.store.analytics, query("2026-11-01", "2026-11-02", ny).filter, ny, "hour");
    expect(fallBack.points).toHaveLength(25);
    expect(fallBack.points.filter((point) => point.sessions > 0).map((point) => point.start)).toEqual(["2026-11-01T01:00:00.000-04:00", "2026-11-01T01:00:00.000-05:00"]);
    expect((await summary(t.store.analytics, query("2026-11-01", "2026-11-02", ny).filter, 20)).sessions).toMatchObject({ started: 2, completed: 2 });
  });

  it("puts a session in the right local day in a +5:45 zone (Kathmandu), where UTC hours would split days", async () => {
    const zone = "Asia/Kathmandu";
    await call({ startedAt: local("2026-05-31T23:50", zone), steps: greetThenHangUp, endReason: "hangup_node" }); // 18:05Z
    await call({ startedAt: local("2026-06-01T00:00", zone), steps: greetThenHangUp, endReason: "hangup_node" }); // 18:15Z
    await call({ startedAt: local("2026-06-01T05:44", zone), steps: greetThenHangUp, endReason: "caller_hangup" }); // 23:59Z the 31st
    const days = await timeseries(t.store.analytics, query("2026-05-31", "2026-06-02", zone).filter, zone, "day");
    expect(days.points.map((point) => point.sessions)).toEqual([1, 2]);
    const june = await summary(t.store.analytics, query("2026-06-01", "2026-06-02", zone).filter, 20);
    expect(june.sessions).toMatchObject({ started: 2, completed: 1, hung_up: 1 });
  });

  it("counts a session spanning midnight wholly on the day it started (its steps and end come after midnight)", async () => {
    const id = await call({ startedAt: Date.parse("2026-04-10T23:50:00Z"), steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "next" }], minutes: 5 });
    t.clock.time = Date.parse("2026-04-11T00:20:00Z");
    await t.store.sessions.commitStep({ sessionId: id, expectedRev: 2, state: {}, status: "ended", endReason: "hangup_node", steps: [{ nodeId: "bye", nodeType: "hangup", outcome: "ended" }] });
    const first = query("2026-04-10", "2026-04-11", "UTC").filter;
    const second = query("2026-04-11", "2026-04-12", "UTC").filter;
    expect((await summary(t.store.analytics, first, 20)).sessions).toMatchObject({ started: 1, completed: 1 });
    expect((await summary(t.store.analytics, second, 20)).sessions).toMatchObject({ started: 0, completed: 0 });
    const day = await paths(t.store.analytics, first, "support", "all", sampleFlow("support"));
    expect(day.handles).toEqual([{ nodeId: "welcome", handle: "next", count: 1, share: 1, edgeId: "e1", target: "bye" }]);
    expect(day.endings).toEqual([{ nodeId: "bye", total: 1, reasons: { hangup_node: 1 } }]);
  });

  it("counts steps after a goto_flow under the flow they ran in; the outcome stays the session's flow's", async () => {
    const at = Date.parse("2026-04-10T10:00:00Z");
    await call({
      startedAt: at,
      steps: [
        { nodeId: "welcome", nodeType: "greeting", outcome: "next" },
        { nodeId: "welcome", nodeType: "greeting", outcome: "next", flowId: "billing", version: 1 },
        { nodeId: "bye", nodeType: "hangup", outcome: "ended", flowId: "billing", version: 1 },
      ],
      endReason: "hangup_node",
    });
    await call({ startedAt: at, steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "ended" }], endReason: "caller_hangup" });
    const filter = query("2026-04-10", "2026-04-11", "UTC").filter;
    const support = await paths(t.store.analytics, filter, "support", 1, sampleFlow("support"));
    // Two sessions reached welcome: one went on by next, one hung up there: next's share is a half.
    expect(support.handles).toEqual([{ nodeId: "welcome", handle: "next", count: 1, share: 0.5, edgeId: "e1", target: "bye" }]);
    expect(support.endings).toEqual([{ nodeId: "welcome", total: 1, reasons: { caller_hangup: 1 } }]);
    const billing = await paths(t.store.analytics, filter, "billing", "all", sampleFlow("billing"));
    expect(billing.handles[0]).toMatchObject({ nodeId: "welcome", handle: "next", count: 1 });
    expect(billing.endings).toEqual([{ nodeId: "bye", total: 1, reasons: { hangup_node: 1 } }]);
    expect((await summary(t.store.analytics, { ...filter, flowId: "support" }, 20)).sessions).toMatchObject({ started: 2, completed: 1, hung_up: 1 });
    expect((await summary(t.store.analytics, { ...filter, flowId: "billing" }, 20)).sessions).toMatchObject({ started: 0, completed: 0 });
    // A version with no sessions: every handle never taken.
    expect((await paths(t.store.analytics, filter, "billing", 2, sampleFlow("billing"))).neverTaken).toEqual([{ nodeId: "welcome", handle: "next" }]);
  });

  it("answers time to answer (p50, p90, service level), handle and hold time, and per agent conversations and occupancy", async () => {
    const ann = await agent("Ann");
    const start = Date.parse("2026-04-10T09:00:00Z");
    // Five transfers answered after 4, 8, 12, 16 and 40 s; each talked 60 s with 10 s on hold.
    for (const [i, waitS] of [4, 8, 12, 16, 40].entries()) {
      const sessionId = await call({ startedAt: start + i * 3_600_000, steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "next" }] });
      await answerAndClose(sessionId, ann, waitS * 1000, { talkMs: 50_000, holdMs: 10_000 });
    }
    await t.store.rooms.agents.setState(ann, { availability: "away" }); // available since the agent row was made (start - 1 h) until now
    const filter = query("2026-04-10", "2026-04-11", "UTC").filter;
    const figures = await summary(t.store.analytics, filter, 20);
    expect(figures.sessions).toMatchObject({ started: 5, transferred: 5, answered: 5 });
    expect(figures.answer).toEqual({ answered: 5, p50Seconds: 12.5, p90Seconds: 37.5, meanSeconds: 16, serviceLevel: { seconds: 20, share: 0.8 } });
    expect(figures.handle).toEqual({ conversations: 5, totalSeconds: 300, meanSeconds: 60 });
    expect(figures.hold).toEqual({ totalSeconds: 50, meanSeconds: 10 });
    const [row] = await agents(t.store.analytics, filter, new Map([[ann, "Ann"]]));
    const availableMs = t.clock.time - (start - 3_600_000);
    expect(row).toEqual({ userId: ann, name: "Ann", conversations: 5, handleSeconds: 300, meanHandleSeconds: 60, availableSeconds: availableMs / 1000, occupancy: Math.round((300_000 / availableMs) * 10_000) / 10_000 });
    // A team filter keeps the session counts and narrows the conversation figures.
    expect((await summary(t.store.analytics, { ...filter, teamId: "nobody" }, 20)).sessions).toMatchObject({ started: 5, transferred: 0, answered: 0 });
  });

  it("backfills the same rollups the live writes made, once", async () => {
    const ann = await agent("Ann");
    const ny = "America/New_York";
    for (const [i, at] of ["2026-03-07T23:30", "2026-03-08T03:30", "2026-11-01T01:30"].entries()) {
      await call({ startedAt: local(at, ny), steps: greetThenHangUp, endReason: "hangup_node", channelType: i === 0 ? "web_chat" : "twilio_voice" });
    }
    await call({ startedAt: Date.parse("2026-04-10T23:50:00Z"), steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "ended" }], endReason: "guard_steps", flowId: "billing" });
    const transferred = await call({ startedAt: Date.parse("2026-04-11T08:00:00Z"), steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "next" }] });
    await answerAndClose(transferred, ann, 25_000, { talkMs: 30_000, holdMs: 5_000 });
    const live = await snapshot();
    expect(live.flow.length).toBeGreaterThan(10);

    await changes(t.db.delete(analyticsRollups));
    await changes(t.db.delete(analyticsAgentRollups));
    expect(await backfillAnalytics(t.db, t.clock.now)).toBe(true);
    expect(await snapshot()).toEqual(live);
    expect(await backfillAnalytics(t.db, t.clock.now)).toBe(false);
    expect(await snapshot()).toEqual(live);
    expect(await t.rows(sql`select name from ${analyticsJobs}`)).toEqual([{ name: "rollups_backfill_v1" }]);
  });

  it("refuses bad filters naming the field", () => {
    expect(() => query("2026-04-10", "2026-04-11", "Mars/Olympus")).toThrow(/query\.tz/);
    expect(() => query("yesterday", "2026-04-11", "UTC")).toThrow(/query\.from/);
    expect(() => query("2026-04-10T10:07", "2026-04-11", "UTC")).toThrow(/query\.from: must fall on a 15-minute boundary/);
    expect(() => query("2026-04-11", "2026-04-10", "UTC")).toThrow(/query\.to: must be after from/);
    expect(query("2026-04-10", "2026-04-11", "Asia/Kolkata").filter).toMatchObject({ from: Date.parse("2026-04-09T18:30:00Z"), to: Date.parse("2026-04-10T18:30:00Z") });
  });
});

async function agent(name: string): Promise<string> {
  const created = await t.store.users.createUser({ email: `${name}-${randomUUID()}@example.com`, name, role: "agent", password: "pass word" });
  if (!created.ok) throw new Error(created.error.message);
  t.clock.time = Date.parse("2026-04-10T08:00:00Z");
  await t.store.rooms.agents.setState(created.value.id, { availability: "available" });
  return created.value.id;
}

const handOff = (sessionId: string): OpenForTransferInput => ({
  sessionId,
  teamId: null,
  channelType: "twilio_voice",
  channelId: "ch-1",
  contact: "+15550001",
  subject: "Call",
  priority: "normal",
  transferToken: null,
  transferNodeId: null,
  holdAudio: null,
  phase: "broadcast",
  customer: { channel: "twilio_voice", address: "+15550001", displayName: null },
  message: "Transferred",
  reopenWindowMs: 0,
});

/** Transfers the session, the agent answers after `waitMs`, talks, holds, talks, closes. */
async function answerAndClose(sessionId: string, userId: string, waitMs: number, times: { talkMs: number; holdMs: number }): Promise<void> {
  const { conversation } = await t.store.rooms.conversations.openForTransfer(handOff(sessionId));
  await t.store.rooms.offers.create({ conversationId: conversation.id, round: 1, userIds: [userId], expiresAt: null });
  t.clock.advance(waitMs);
  const claimed = await t.store.rooms.conversations.claim({ conversationId: conversation.id, userId, displayName: "Agent", mode: "accept", message: "joined" });
  if (!claimed.ok) throw new Error(claimed.error.message);
  t.clock.advance(times.talkMs / 2);
  await t.store.rooms.conversations.setHold(conversation.id, true, "hold");
  t.clock.advance(times.holdMs);
  await t.store.rooms.conversations.setHold(conversation.id, false, "resume");
  t.clock.advance(times.talkMs / 2);
  const closed = await t.store.rooms.conversations.close(conversation.id, "done");
  if (!closed.ok) throw new Error(closed.error.message);
}

/** Every rollup row, sorted, numbers as numbers (PostgreSQL's bigint comes back as text). */
async function snapshot() {
  const normal = (rows: Record<string, unknown>[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "string" && /^\d+$/.test(value) && key !== "detail" ? Number(value) : value]))).map((row) => JSON.stringify(row)).sort();
  return {
    flow: normal(await t.rows(sql`select * from ${analyticsRollups}`)),
    agent: normal(await t.rows(sql`select * from ${analyticsAgentRollups}`)),
  };
}
