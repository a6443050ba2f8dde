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

async function setSupport(change: Parameters<RoomsFixture["store"]["teams"]["updateTeam"]>[1]): Promise<void> {
  const updated = await rt.store.teams.updateTeam("support", change);
  if (!updated.ok) throw new Error(updated.error.message);
}

async function transferTimer(sessionId: string) {
  const timers = await rt.store.timers.listPending(sessionId);
  expect(timers.map((timer) => timer.kind)).toEqual(["transfer_timeout"]);
  const [timer] = timers;
  if (timer === undefined) throw new Error("no timer");
  return timer;
}

describe("a team's transfer timeout", () => {
  it("replaces the transfer node's timeoutSeconds (60 s in the desk flow); without one the node's applies", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const plain = await rt.chat("plain");
    expect((await transferTimer(plain)).dueAt).toBe(rt.time + 60_000);

    await setSupport({ transferTimeoutSeconds: 300 });
    const longer = await rt.chat("longer");
    expect((await transferTimer(longer)).dueAt).toBe(rt.time + 300_000);

    await setSupport({ transferTimeoutSeconds: 15 });
    const shorter = await rt.chat("shorter");
    expect((await transferTimer(shorter)).dueAt).toBe(rt.time + 15_000);
  });

  it("times the transfer out at the team's timeout across a restart", async () => {
    await setSupport({ transferTimeoutSeconds: 20 });
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    expect((await transferTimer(sessionId)).dueAt).toBe(rt.time + 20_000);

    rt.advance(10_000);
    await rt.restart();
    // The team's setting changing now does not move a timer already armed.
    await setSupport({ transferTimeoutSeconds: null });
    rt.advance(9_999);
    expect(await rt.worker.runDue()).toBe(0);
    rt.advance(1);
    expect(await rt.worker.runDue()).toBe(1);
    await rt.rooms.settled();

    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:no_answer", "sorry:ended"]);
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "closed", closeReason: "no_answer", waitMs: 20_000 });
  });
});

describe("a team's capacity default", () => {
  it("limits members who have no capacity of their own; their own capacity wins", async () => {
    await setSupport({ capacity: 1 });
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.rooms.setAgentState(bob, { capacity: 2 });
    await rt.online(ana);
    await rt.online(bob);
    expect((await rt.rooms.agents()).filter((agent) => agent.id === ana || agent.id === bob).map((agent) => [agent.name, agent.capacity, agent.ownCapacity])).toEqual([
      ["Ana", 1, null],
      ["Bob", 2, 2],
    ]);

    const one = await rt.conversationOf(await rt.chat("one"));
    await rt.rooms.accept(rt.actor(ana), one.id);
    // Ana is at the team's capacity: the next conversation goes to Bob only.
    const two = await rt.conversationOf(await rt.chat("two"));
    expect(rt.offeredTo(two.id)).toEqual([[bob]]);
    await rt.rooms.accept(rt.actor(bob), two.id);
    const three = await rt.conversationOf(await rt.chat("three"));
    expect(rt.offeredTo(three.id)).toEqual([[bob]]);
    await rt.rooms.accept(rt.actor(bob), three.id);
    // Everyone is full: the fourth waits.
    const four = await rt.conversationOf(await rt.chat("four"));
    expect(rt.offeredTo(four.id)).toEqual([]);
    await expect(rt.rooms.assign(rt.actor(bob, "admin"), four.id, ana)).rejects.toMatchObject({ code: "at_capacity" });

    // Raising the team's default frees a slot for Ana: the waiting conversation is offered to her.
    await setSupport({ capacity: 2 });
    await rt.rooms.teamCapacityChanged("support");
    expect(rt.offeredTo(four.id)).toEqual([[ana]]);
    await rt.rooms.accept(rt.actor(ana), four.id);
  });

  it("withdraws offers from members the lowered default puts at capacity", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const one = await rt.conversationOf(await rt.chat("one"));
    const two = await rt.conversationOf(await rt.chat("two"));
    await rt.rooms.accept(rt.actor(ana), one.id);
    expect(rt.offeredTo(two.id)).toEqual([[ana]]);

    await setSupport({ capacity: 1 });
    await rt.rooms.teamCapacityChanged("support");
    expect(rt.withdrawnFrom(two.id)).toContainEqual({ agentIds: [ana], reason: "at_capacity" });
    await expect(rt.rooms.accept(rt.actor(ana), two.id)).rejects.toMatchObject({ status: 409 });
  });

  it("withdraws an agent's offers when their own capacity is lowered to what they carry", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const one = await rt.conversationOf(await rt.chat("one"));
    const two = await rt.conversationOf(await rt.chat("two"));
    await rt.rooms.accept(rt.actor(ana), one.id);
    expect(rt.offeredTo(two.id)).toEqual([[ana]]);

    await rt.rooms.setAgentState(ana, { capacity: 1 });
    expect(rt.withdrawnFrom(two.id)).toContainEqual({ agentIds: [ana], reason: "at_capacity" });
    await expect(rt.rooms.accept(rt.actor(ana), two.id)).rejects.toMatchObject({ status: 409 });

    // Raised again: the waiting chat is offered to her again.
    await rt.rooms.setAgentState(ana, { capacity: 2 });
    expect(rt.offeredTo(two.id)).toEqual([[ana], [ana]]);
  });

  it("an agent in several teams gets the highest of their defaults; null capacity goes back to it", async () => {
    await rt.store.teams.createTeam({ id: "sales", name: "Sales", capacity: 4 });
    await setSupport({ capacity: 1 });
    const ana = await rt.agent("Ana");
    await rt.store.teams.addMember("sales", ana);
    expect((await rt.store.rooms.agents.getAgent(ana))?.capacity).toBe(4);
    await rt.rooms.setAgentState(ana, { capacity: 0 });
    expect((await rt.store.rooms.agents.getAgent(ana))).toMatchObject({ capacity: 0, ownCapacity: 0 });
    await rt.rooms.setAgentState(ana, { capacity: null });
    expect((await rt.store.rooms.agents.getAgent(ana))).toMatchObject({ capacity: 4, ownCapacity: null });
    // Availability and round robin keep the capacity unset.
    await rt.rooms.setAgentState(ana, { availability: "away" });
    await rt.store.rooms.agents.markRouted(ana);
    expect((await rt.store.rooms.agents.getAgent(ana))).toMatchObject({ capacity: 4, ownCapacity: null });
    // No team sets one: 3.
    const bob = await rt.agent("Bob", { team: null });
    expect((await rt.store.rooms.agents.getAgent(bob))).toMatchObject({ capacity: 3, ownCapacity: null });
  });
});

describe("a team's hold audio in agent rooms", () => {
  it("the conversation.hold event carries the team's hold audio when the transfer names none", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const { id } = await rt.conversationOf(await rt.chat("ada"));
    await rt.rooms.accept(rt.actor(ana), id);
    const holds = () => rt.events.flatMap((event) => (event.type === "conversation.hold" ? [event.holdAudio] : []));

    await rt.rooms.hold(rt.actor(ana), id, true);
    await rt.rooms.hold(rt.actor(ana), id, false);
    await setSupport({ holdAudio: "ringback" });
    await rt.rooms.hold(rt.actor(ana), id, true);
    expect(holds()).toEqual([null, null, "ringback"]);
    // The conversation keeps what the transfer said (nothing): the team's is read at each hold.
    expect((await rt.store.rooms.conversations.get(id))?.holdAudio).toBeNull();
  });
});
