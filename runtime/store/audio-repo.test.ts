import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flows, flowVersions } from "../../drizzle/schema";
import { changes } from "#store-dialect";
import type { NewAudio } from "./audio-repo";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("audio");
});
afterEach(() => t.dispose());

const asset = (id: string, name: string, contentHash = `hash-${id}`): NewAudio => ({ id, name, contentHash, sourceFormat: "wav", size: 1_000, durationMs: 2_500, wavSize: 900, oggSize: 300, createdBy: "u1" });

describe("AudioRepo", () => {
  it("keeps one row per content: a second upload of the same bytes answers the first row", async () => {
    const first = await t.store.audio.insert(asset("a1", "Welcome"));
    expect(first).toEqual({ created: true, record: { ...asset("a1", "Welcome"), createdAt: t.clock.time, updatedAt: t.clock.time } });
    const again = await t.store.audio.insert(asset("a2", "Welcome again", "hash-a1"));
    expect(again).toEqual({ created: false, record: first.record });
    await t.store.audio.insert(asset("a3", "Hold music"));
    expect((await t.store.audio.list()).map((row) => row.name)).toEqual(["Hold music", "Welcome"]);
    expect(await t.store.audio.get("a1")).toEqual(first.record);
    expect(await t.store.audio.findByHash("hash-a3")).toMatchObject({ id: "a3" });
    expect(await t.store.audio.get("a2")).toBeUndefined();
  });

  it("renames, and answers undefined for an asset that does not exist", async () => {
    await t.store.audio.insert(asset("a1", "Welcome"));
    t.clock.advance(1_000);
    expect(await t.store.audio.rename("a1", "Greeting")).toMatchObject({ id: "a1", name: "Greeting", updatedAt: t.clock.time });
    expect(await t.store.audio.rename("nope", "x")).toBeUndefined();
  });

  it("refuses to delete an asset a team holds callers with, until the team names another", async () => {
    await t.store.audio.insert(asset("a1", "Hold music"));
    expect((await t.store.teams.createTeam({ id: "support", name: "Support", holdAudio: "a1" })).ok).toBe(true);
    const missing = await t.store.teams.createTeam({ id: "sales", name: "Sales", holdAudio: "ghost" });
    expect(!missing.ok && missing.error.code).toBe("audio_not_found");
    expect(await t.store.teams.getTeam("sales")).toBeUndefined();
    expect(await t.store.audio.teamsUsing("a1")).toEqual([{ id: "support", name: "Support" }]);
    expect(await t.store.audio.delete("a1")).toBe(false);
    expect((await t.store.teams.updateTeam("support", { holdAudio: "ringback" })).ok).toBe(true);
    expect(await t.store.audio.delete("a1")).toBe(true);
    expect(await t.store.audio.delete("a1")).toBe(false);
    const gone = await t.store.teams.updateTeam("support", { holdAudio: "a1" });
    expect(!gone.ok && gone.error.code).toBe("audio_not_found");
  });

  it("finds the published versions whose document mentions a text, % and _ taken literally, deleted flows left out", async () => {
    const at = t.clock.time;
    const flow = (id: string, deletedAt: number | null = null) => ({ id, name: `Flow ${id}`, draft: "{}", draftHash: "h", createdAt: at, updatedAt: at, deletedAt });
    const version = (flowId: string, number: number, document: string) => ({ flowId, number, document, contentHash: "h", author: "u1", createdAt: at });
    await changes(t.db.insert(flows).values([flow("main"), flow("other"), flow("gone", at)]));
    await changes(
      t.db
        .insert(flowVersions)
        .values([
          version("main", 1, '{"audio":"a_1"}'),
          version("main", 2, '{"audio":"ab1"}'),
          version("other", 1, '{"audio":"a_1 at 100%"}'),
          version("gone", 1, '{"audio":"a_1"}'),
        ]),
    );
    const found = async (text: string) => (await t.store.audio.versionsMentioning(text)).map((row) => `${row.flowId}@${row.number}`);
    expect(await found("a_1")).toEqual(["main@1", "other@1"]);
    expect(await found("100%")).toEqual(["other@1"]);
    expect(await found("a%1")).toEqual([]);
    expect((await t.store.audio.versionsMentioning("ab1"))[0]).toEqual({ flowId: "main", flowName: "Flow main", number: 2, document: '{"audio":"ab1"}' });
  });
});
