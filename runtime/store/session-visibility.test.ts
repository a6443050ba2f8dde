import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, inTransaction } from "#store-dialect";
import { conversations, sessions, teamMembers, teams, users } from "../../drizzle/schema";
import { FEW_SESSIONS, prepareHasFewSessions } from "./session-visibility";
import type { SessionSummary } from "./sessions-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

/**
 * 6,300 sessions: every third reached team `busy` (more than FEW_SESSIONS: the scan plan), one in a
 * hundred team `quiet` (the few plan), some both; one of each is assigned to the quiet agent.
 */
let t: TestRepos;
const SESSIONS = 6300;
const id = (i: number) => `s${String(i).padStart(5, "0")}`;
const busyAt = (i: number) => i % 3 === 0;
const quietAt = (i: number) => i % 100 === 1 || i % 300 === 0;
const assignedAt = (i: number) => i === 2 || i === 5;

beforeAll(async () => {
  t = await openTestRepos("session_visibility");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  const sessionRows: Array<typeof sessions.$inferInsert> = [];
  const conversationRows: Array<typeof conversations.$inferInsert> = [];
  const conversation = (id: string, sessionId: string, teamId: string | null, assigneeId: string | null, status: "closed" | "waiting" | "active") =>
    conversationRows.push({ id, sessionId, teamId, assigneeId, channelType: "webchat", subject: "s", priority: "normal", status, createdAt: 0, updatedAt: 0 });
  for (let i = 0; i < SESSIONS; i++) {
    // Two sessions share each start time: the keyset's id order must hold too.
    const at = Math.floor(i / 2);
    sessionRows.push({ id: id(i), flowId: "support", version: null, source: "draft", channelType: "webchat", status: i % 2 === 0 ? "ended" : "waiting", state: "{}", startedAt: at, updatedAt: at });
    if (busyAt(i)) conversation(`busy-${i}`, id(i), "busy", null, "closed");
    if (quietAt(i)) conversation(`quiet-${i}`, id(i), "quiet", null, i % 2 === 0 ? "closed" : "waiting");
    if (assignedAt(i)) conversation(`assigned-${i}`, id(i), null, "quiet-agent", "active");
  }
  await inTransaction(t.db, async (tx) => {
    await changes(tx.insert(teams).values(["busy", "quiet"].map((team) => ({ id: team, name: team, createdAt: 0, updatedAt: 0 }))));
    const agents = ["busy-agent", "quiet-agent", "both-agent", "no-team"];
    await changes(tx.insert(users).values(agents.map((user) => ({ id: user, email: `${user}@acme.test`, name: user, role: "agent" as const, passwordHash: "x", createdAt: 0 }))));
    const memberships = [["busy-agent", "busy"], ["quiet-agent", "quiet"], ["both-agent", "busy"], ["both-agent", "quiet"]] as const;
    await changes(tx.insert(teamMembers).values(memberships.map(([userId, teamId]) => ({ teamId, userId, addedAt: 0 }))));
    for (let at = 0; at < sessionRows.length; at += 500) await changes(tx.insert(sessions).values(sessionRows.slice(at, at + 500)));
    for (let at = 0; at < conversationRows.length; at += 500) await changes(tx.insert(conversations).values(conversationRows.slice(at, at + 500)));
  });
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
  it("takes the scan plan for a busy team and the lookup plan for a quiet one", async () => {
    const fewSessions = prepareHasFewSessions(t.db);
    expect(await fewSessions("busy-agent")).toBe(false);
    expect(await fewSessions("quiet-agent")).toBe(true);
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
