import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEW_SESSIONS, prepareHasFewSessions } from "./session-visibility";
import type { SessionSummary } from "./sessions-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestStore, type TestStore } from "./test-support/test-store";

/**
 * 6,300 sessions: every third reached team `busy` (more than FEW_SESSIONS: the scan plan), one in a
 * hundred team `quiet` (the few plan), some both; one of each is assigned to the quiet agent.
 */
let t: TestStore;
const SESSIONS = 6300;
const id = (i: number) => `s${String(i).padStart(5, "0")}`;
const busyAt = (i: number) => i % 3 === 0;
const quietAt = (i: number) => i % 100 === 1 || i % 300 === 0;
const assignedAt = (i: number) => i === 2 || i === 5;

beforeAll(async () => {
  t = openTestStore("session-visibility");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  const sqlite = t.store.database.sqlite;
  for (const team of ["busy", "quiet"]) sqlite.prepare("insert into teams (id, name, created_at, updated_at) values (?, ?, 0, 0)").run(team, team);
  for (const [user, team] of [["busy-agent", "busy"], ["quiet-agent", "quiet"], ["both-agent", "busy"], ["both-agent", "quiet"], ["no-team", null]] as const) {
    sqlite.prepare("insert or ignore into users (id, email, name, role, password_hash, created_at) values (?, ?, ?, 'agent', 'x', 0)").run(user, `${user}@acme.test`, user);
    if (team !== null) sqlite.prepare("insert into team_members (team_id, user_id, added_at) values (?, ?, 0)").run(team, user);
  }
  const session = sqlite.prepare("insert into sessions (id, flow_id, version, source, channel_type, status, state, started_at, updated_at) values (?, 'support', null, 'draft', 'webchat', ?, '{}', ?, ?)");
  const conversation = sqlite.prepare("insert into conversations (id, session_id, team_id, assignee_id, channel_type, subject, priority, status, created_at, updated_at) values (?, ?, ?, ?, 'webchat', 's', 'normal', ?, 0, 0)");
  sqlite.transaction(() => {
    for (let i = 0; i < SESSIONS; i++) {
      // Two sessions share each start time: the keyset's id order must hold too.
      session.run(id(i), i % 2 === 0 ? "ended" : "waiting", Math.floor(i / 2), Math.floor(i / 2));
      if (busyAt(i)) conversation.run(`busy-${i}`, id(i), "busy", null, "closed");
      if (quietAt(i)) conversation.run(`quiet-${i}`, id(i), "quiet", null, i % 2 === 0 ? "closed" : "waiting");
      if (assignedAt(i)) conversation.run(`assigned-${i}`, id(i), null, "quiet-agent", "active");
    }
  })();
});
afterAll(() => t.dispose());

const newestFirst = (predicate: (i: number) => boolean) =>
  Array.from({ length: SESSIONS }, (_, i) => i)
    .filter(predicate)
    .sort((a, b) => Math.floor(b / 2) - Math.floor(a / 2) || b - a)
    .map(id);

/** Every page, followed by its cursor. */
async function everything(reachedBy: string, limit: number, extra: { status?: "ended" | "waiting"; from?: number; to?: number } = {}): Promise<string[]> {
  const seen: SessionSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await t.store.sessions.listSessions({ reachedBy, limit, ...extra, ...(cursor === undefined ? {} : { cursor }) });
    if (!page.ok) throw new Error(page.error.message);
    seen.push(...page.value.items);
    if (page.value.nextCursor === null) return seen.map((session) => session.id);
    cursor = page.value.nextCursor;
  }
}

describe("the sessions an agent may read", () => {
  it("takes the scan plan for a busy team and the lookup plan for a quiet one", () => {
    const fewSessions = prepareHasFewSessions(t.store.db);
    expect(fewSessions("busy-agent")).toBe(false);
    expect(fewSessions("quiet-agent")).toBe(true);
    expect(newestFirst(busyAt).length).toBeGreaterThan(FEW_SESSIONS);
  });

  it("lists the same sessions, newest first, by either plan, page after page", async () => {
    expect(await everything("busy-agent", 500)).toEqual(newestFirst(busyAt));
    expect(await everything("quiet-agent", 7)).toEqual(newestFirst((i) => quietAt(i) || assignedAt(i)));
    expect(await everything("both-agent", 500)).toEqual(newestFirst((i) => busyAt(i) || quietAt(i)));
    expect(await everything("no-team", 50)).toEqual([]);
  });

  it("applies the other filters within them", async () => {
    expect(await everything("quiet-agent", 5, { status: "ended", from: 100, to: 1000 })).toEqual(
      newestFirst((i) => (quietAt(i) || assignedAt(i)) && i % 2 === 0 && Math.floor(i / 2) >= 100 && Math.floor(i / 2) < 1000),
    );
    expect(await everything("busy-agent", 100, { status: "waiting", from: 500 })).toEqual(newestFirst((i) => busyAt(i) && i % 2 === 1 && Math.floor(i / 2) >= 500));
  });

  it("answers for one session", async () => {
    expect(await t.store.sessions.isReachedBy(id(3), "busy-agent")).toBe(true);
    expect(await t.store.sessions.isReachedBy(id(1), "busy-agent")).toBe(false);
    expect(await t.store.sessions.isReachedBy(id(1), "quiet-agent")).toBe(true);
    expect(await t.store.sessions.isReachedBy(id(5), "quiet-agent")).toBe(true);
    expect(await t.store.sessions.isReachedBy(id(5), "both-agent")).toBe(false);
  });
});
