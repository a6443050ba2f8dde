import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RoomsFixture } from "./test-support/rooms-fixture";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let rt: RoomsFixture;
beforeEach(async () => {
  rt = await RoomsFixture.open({ strategy: "round_robin", offerTimeoutSeconds: 1 });
});
afterEach(async () => {
  expect(rt.errors).toEqual([]);
  await rt.dispose();
});

describe("round robin", () => {
  it("offers one agent at a time, in turn; a decline or the offer timeout broadcasts to the others", async () => {
    const agents = [await rt.agent("Ana"), await rt.agent("Bob"), await rt.agent("Cy")];
    for (const agent of agents) await rt.online(agent);

    const first = await rt.conversationOf(await rt.chat("one"));
    const [picked] = rt.offeredTo(first.id);
    expect(picked).toHaveLength(1);
    const firstPick = picked?.[0] ?? "";
    expect((await rt.store.rooms.conversations.get(first.id))?.offerPhase).toBe("single");

    await rt.rooms.decline(rt.actor(firstPick), first.id);
    const others = agents.filter((agent) => agent !== firstPick);
    expect(rt.offeredTo(first.id).at(-1)?.sort()).toEqual([...others].sort());

    // The next conversation goes to someone else first (the first pick is now last in turn).
    const second = await rt.conversationOf(await rt.chat("two"));
    const secondPick = rt.offeredTo(second.id)[0]?.[0] ?? "";
    expect(secondPick).not.toBe(firstPick);

    // Nobody answers within the offer timeout: everyone gets it.
    rt.advance(1_000);
    await sleep(1_200);
    await rt.rooms.settled();
    expect(rt.withdrawnFrom(second.id)).toEqual([{ agentIds: [secondPick], reason: "expired" }]);
    expect(rt.offeredTo(second.id).at(-1)?.sort()).toEqual([...agents].sort());
    expect((await rt.store.rooms.conversations.get(second.id))?.offerPhase).toBe("broadcast");
  });

  it("goes straight to broadcasting when round robin finds nobody to pick", async () => {
    const ana = await rt.agent("Ana");
    await rt.rooms.setAgentState(ana, { capacity: 0 });
    await rt.online(ana);
    const { id } = await rt.conversationOf(await rt.chat("one"));
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "waiting", offerPhase: "broadcast" });
    await rt.rooms.setAgentState(ana, { capacity: 1 });
    expect(rt.offeredTo(id)).toEqual([[ana]]);
  });
});
