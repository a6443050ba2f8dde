import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { conversations } from "../../drizzle/schema";
import { AgentStatesRepo } from "./agent-states-repo";
import type { ConversationStatus } from "./room-records";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
let agents: AgentStatesRepo;
beforeEach(async () => {
  t = await openTestRepos("agent_states");
  agents = new AgentStatesRepo(t.db, { now: t.clock.now });
});
afterEach(() => t.dispose());

async function newUser(name: string, role: "agent" | "admin" = "agent") {
  const created = await t.store.users.createUser({ email: `${name.toLowerCase()}@example.com`, name, role, password: "pass word" });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

async function newTeam(id: string, capacity: number | null, members: string[]) {
  const created = await t.store.teams.createTeam({ id, name: id, capacity });
  if (!created.ok) throw new Error(created.error.message);
  for (const member of members) {
    const added = await t.store.teams.addMember(id, member);
    if (!added.ok) throw new Error(added.error.message);
  }
}

let conversationCount = 0;
async function assign(assigneeId: string, status: ConversationStatus) {
  const at = t.clock.now();
  await changes(
    t.db.insert(conversations).values({ id: `c${++conversationCount}`, channelType: "webchat", subject: "help", priority: "normal", status, assigneeId, createdAt: at, updatedAt: at }),
  );
}

describe("AgentStatesRepo", () => {
  it("lists enabled users by name, available with capacity 3 until they choose otherwise", async () => {
    const zoe = await newUser("Zoe");
    const ada = await newUser("Ada", "admin");
    const gone = await newUser("Bob");
    await t.store.users.setDisabled(gone, true);
    const listed = await agents.listAgents();
    expect(listed.map((agent) => agent.userId)).toEqual([ada, zoe]);
    expect(listed[0]).toEqual({
      userId: ada,
      name: "Ada",
      email: "ada@example.com",
      role: "admin",
      availability: "available",
      capacity: 3,
      ownCapacity: null,
      open: 0,
      lastRoutedAt: null,
      teamIds: [],
    });
    expect(await agents.listAgents([])).toEqual([]);
    expect((await agents.listAgents([zoe, gone])).map((agent) => agent.userId)).toEqual([zoe]);
    expect(await agents.getAgent(gone)).toBeUndefined();
  });

  it("takes the agent's own capacity, else the highest of their teams', and counts only active and held conversations", async () => {
    const ada = await newUser("Ada");
    const bob = await newUser("Bob");
    await newTeam("sales", 2, [ada, bob]);
    await newTeam("support", 5, [ada]);
    await newTeam("night", null, [bob]);
    await assign(ada, "active");
    await assign(ada, "on_hold");
    await assign(ada, "closed");
    await assign(ada, "waiting");
    await assign(bob, "active");
    const [first, second] = await agents.listAgents();
    expect(first).toMatchObject({ userId: ada, capacity: 5, ownCapacity: null, open: 2 });
    expect([...(first?.teamIds ?? [])].sort()).toEqual(["sales", "support"]);
    expect(second).toMatchObject({ userId: bob, capacity: 2, open: 1 });

    expect(await agents.setState(ada, { capacity: 1 })).toBe(true);
    expect(await agents.getAgent(ada)).toMatchObject({ capacity: 1, ownCapacity: 1, availability: "available" });
    expect(await agents.setState(ada, { capacity: null })).toBe(true);
    expect(await agents.getAgent(ada)).toMatchObject({ capacity: 5, ownCapacity: null });
    expect((await agents.teamAgents("night")).map((agent) => agent.userId)).toEqual([bob]);
    expect(await agents.teamAgents("nobody")).toEqual([]);
  });

  it("sets availability without touching capacity, and refuses a user that does not exist", async () => {
    const ada = await newUser("Ada");
    expect(await agents.setState(ada, { availability: "away", capacity: 4 })).toBe(true);
    t.clock.advance(1_000);
    expect(await agents.setState(ada, { availability: "available" })).toBe(true);
    expect(await agents.getAgent(ada)).toMatchObject({ availability: "available", capacity: 4 });
    const [row] = await t.rows(sql`select updated_at from agent_states where user_id = ${ada}`);
    expect(Number(row?.updated_at)).toBe(t.clock.now());
    expect(await agents.setState("ghost", { availability: "away" })).toBe(false);
    expect(await t.rows(sql`select user_id from agent_states where user_id = 'ghost'`)).toEqual([]);
  });

  it("marks when round robin last picked an agent, keeping what they chose", async () => {
    const ada = await newUser("Ada");
    const bob = await newUser("Bob");
    await agents.markRouted(bob);
    expect(await agents.getAgent(bob)).toMatchObject({ availability: "available", lastRoutedAt: t.clock.now() });
    await agents.setState(ada, { availability: "away" });
    const later = t.clock.advance(5_000);
    await agents.markRouted(ada);
    expect(await agents.getAgent(ada)).toMatchObject({ availability: "away", lastRoutedAt: later });
  });
});
