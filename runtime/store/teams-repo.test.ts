import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("teams");
});
afterEach(() => t.dispose());

describe("TeamsRepo", () => {
  it("creates teams, refuses a duplicate id and lists them by name", async () => {
    expect((await t.store.teams.createTeam({ id: "support", name: "Support" })).ok).toBe(true);
    await t.store.teams.createTeam({ id: "billing", name: "Billing" });
    const dup = await t.store.teams.createTeam({ id: "support", name: "Again" });
    expect(!dup.ok && dup.error).toMatchObject({ code: "team_exists", status: 409 });
    expect((await t.store.teams.listTeams()).map((team) => team.id)).toEqual(["billing", "support"]);
  });

  it("adds and removes members, once each, and refuses unknown teams and users", async () => {
    await t.store.teams.createTeam({ id: "support", name: "Support" });
    const user = await t.store.users.createUser({ email: "agent@example.com", name: "Agent", role: "agent", password: "password1" });
    if (!user.ok) throw new Error(user.error.message);
    expect((await t.store.teams.addMember("support", user.value.id)).ok).toBe(true);
    expect((await t.store.teams.addMember("support", user.value.id)).ok).toBe(true);
    expect((await t.store.teams.getTeam("support"))?.members).toEqual([user.value.id]);
    const noTeam = await t.store.teams.addMember("nope", user.value.id);
    expect(!noTeam.ok && noTeam.error.code).toBe("team_not_found");
    const noUser = await t.store.teams.addMember("support", "ghost");
    expect(!noUser.ok && noUser.error.code).toBe("user_not_found");
    expect(await t.store.teams.removeMember("support", user.value.id)).toBe(true);
    expect((await t.store.teams.getTeam("support"))?.members).toEqual([]);
  });
});
