import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RoomsFixture } from "./test-support/rooms-fixture";

let rt: RoomsFixture;
beforeEach(async () => {
  rt = await RoomsFixture.open();
});
afterEach(async () => {
  expect(rt.errors).toEqual([]);
  await rt.dispose();
});

describe("a restart", () => {
  it("still times a waiting transfer out to no_answer, and withdraws its offers and closes the conversation", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    expect((await rt.store.rooms.offers.openOn(id)).length).toBe(2);

    rt.advance(30_000);
    await rt.restart();
    expect((await rt.store.rooms.offers.openOn(id)).length).toBe(2); // offers are stored: agents see them again on reconnect
    rt.advance(31_000);
    expect(await rt.worker.runDue()).toBe(1);
    await rt.rooms.settled();

    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:no_answer", "sorry:ended"]);
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "closed", closeReason: "no_answer", waitMs: 61_000 });
    expect(await rt.store.rooms.offers.openOn(id)).toEqual([]);
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: expect.arrayContaining([ana, bob]), reason: "no_answer" }]);
  });

  it("keeps an accepted conversation with its agent; closing it after the restart continues the flow", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    await rt.rooms.accept(rt.actor(ana), id);
    await rt.restart();
    rt.advance(600_000);
    expect(await rt.worker.runDue()).toBe(0);
    await rt.rooms.close(rt.actor(ana), id);
    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:completed", "thanks:ended"]);
  });
});
