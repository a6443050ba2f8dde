import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RoomsError } from "./rooms-error";
import { RoomsFixture } from "./test-support/rooms-fixture";

let rt: RoomsFixture;
beforeEach(async () => {
  rt = await RoomsFixture.open();
});
afterEach(async () => {
  expect(rt.errors).toEqual([]);
  await rt.dispose();
});

describe("a transfer", () => {
  it("answers no_answer at once when nobody of the team is online", async () => {
    const sessionId = await rt.chat("ada");
    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:no_answer", "sorry:ended"]);
    const conversation = await rt.conversationOf(sessionId);
    expect(conversation).toMatchObject({ status: "closed", closeReason: "no_answer", agentsTried: [], transferToken: null });
  });

  it("offers the conversation to every online, available agent under capacity, with the caller, the path and the variables", async () => {
    const [ana, bob, cy, dee] = [await rt.agent("Ana"), await rt.agent("Bob"), await rt.agent("Cy"), await rt.agent("Dee")];
    await rt.online(ana);
    await rt.online(bob);
    await rt.online(cy);
    await rt.rooms.setAgentState(cy, { availability: "away" });
    void dee; // offline
    const sessionId = await rt.chat("ada");
    const conversation = await rt.conversationOf(sessionId);
    expect(conversation).toMatchObject({ status: "waiting", priority: "high", teamId: "support", subject: "ada · Support", channelType: "webchat", contact: "ada" });
    expect(rt.offeredTo(conversation.id).map((ids) => [...ids].sort())).toEqual([[ana, bob].sort()]);
    const offer = rt.events.find((event) => event.type === "offer.created");
    expect(offer).toMatchObject({
      details: {
        caller: { name: "ada", address: "ada", channel: "webchat" },
        path: [expect.objectContaining({ nodeId: "hello", outcome: "next" }), expect.objectContaining({ nodeId: "to_team", outcome: "waiting" })],
        variables: { account: "A-42" },
      },
    });
    expect((await rt.session(sessionId)).status).toBe("waiting");
  });

  it("goes to the first agent who accepts; the others' offers are withdrawn; closing continues the flow at completed", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);

    rt.advance(4_000);
    const accepted = await rt.rooms.accept(rt.actor(ana), id);
    expect(accepted).toMatchObject({ status: "active", assigneeId: ana, waitMs: 4_000 });
    expect(rt.withdrawnFrom(id)).toContainEqual({ agentIds: [bob], reason: "taken" });
    await expect(rt.rooms.accept(rt.actor(bob), id)).rejects.toMatchObject({ status: 409, code: "offer_taken" });

    // The flow keeps waiting while the agent talks: its transfer timeout is gone.
    expect((await rt.store.timers.listPending(sessionId)).map((timer) => timer.kind)).toEqual([]);
    rt.advance(120_000);
    expect(await rt.worker.runDue()).toBe(0);
    expect((await rt.session(sessionId)).status).toBe("waiting");

    await rt.rooms.hold(rt.actor(ana), id, true);
    rt.advance(30_000);
    await rt.rooms.hold(rt.actor(ana), id, false);
    rt.advance(10_000);
    const closed = await rt.rooms.close(rt.actor(ana), id);
    expect(closed).toMatchObject({ status: "closed", closeReason: "closed_by_agent", talkMs: 130_000, holdMs: 30_000, waitMs: 4_000, agentsTried: expect.arrayContaining([ana, bob]) });
    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:completed", "thanks:ended"]);
  });

  it("is abandoned when the caller hangs up while waiting: offers withdrawn, conversation closed", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    await rt.runner.dispatch(sessionId, { type: "hangup" });
    await rt.rooms.settled();
    expect((await rt.session(sessionId)).endReason).toBe("abandoned");
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "closed", closeReason: "abandoned" });
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: [ana], reason: "abandoned" }]);
    expect(await rt.store.rooms.offers.openForAgent(ana)).toEqual([]);
  });

  it("closes with caller_hangup when the customer leaves an active conversation", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    await rt.rooms.accept(rt.actor(ana), id);
    await rt.runner.dispatch(sessionId, { type: "hangup" });
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "closed", closeReason: "caller_hangup" });
  });

  it("times out to no_answer and withdraws the offers", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    rt.advance(61_000);
    expect(await rt.worker.runDue()).toBe(1);
    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:no_answer", "sorry:ended"]);
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "closed", closeReason: "no_answer", waitMs: 61_000 });
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: [ana], reason: "no_answer" }]);
    await expect(rt.rooms.accept(rt.actor(ana), id)).rejects.toMatchObject({ code: "offer_taken" });
  });

  it("refuses an accept while the transfer's timer is being fired", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    rt.advance(61_000);
    await rt.store.timers.claimDueTimers({ workerId: "another-worker", leaseMs: 30_000 });
    await expect(rt.rooms.accept(rt.actor(ana), id)).rejects.toMatchObject({ status: 409, code: "transfer_ended" });
  });
});

describe("agents", () => {
  it("who decline are not offered the conversation again in that round", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    const { id } = await rt.conversationOf(await rt.chat("ada"));
    await rt.rooms.decline(rt.actor(ana), id);
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: [ana], reason: "declined" }]);
    await expect(rt.rooms.decline(rt.actor(ana), id)).rejects.toBeInstanceOf(RoomsError);
    await expect(rt.rooms.accept(rt.actor(ana), id)).rejects.toMatchObject({ code: "no_open_offer" });
    await rt.offline(ana);
    await rt.online(ana);
    expect(await rt.store.rooms.offers.openForAgent(ana)).toEqual([]);
    expect((await rt.store.rooms.offers.openForAgent(bob)).map((offer) => offer.conversationId)).toEqual([id]);
  });

  it("who are away are not offered; becoming available offers them the waiting conversation", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    await rt.rooms.setAgentState(ana, { availability: "away" });
    const { id } = await rt.conversationOf(await rt.chat("ada"));
    expect(rt.offeredTo(id)).toEqual([[bob]]);
    await rt.rooms.setAgentState(ana, { availability: "available" });
    expect(rt.offeredTo(id)).toEqual([[bob], [ana]]);
    await rt.rooms.setAgentState(bob, { availability: "away" });
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: [bob], reason: "away" }]);
  });

  it("who go offline lose their offers", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const { id } = await rt.conversationOf(await rt.chat("ada"));
    await rt.offline(ana);
    expect(rt.withdrawnFrom(id)).toEqual([{ agentIds: [ana], reason: "offline" }]);
  });

  it("take waiting conversations highest priority first, then first in first out, when they free up", async () => {
    const ana = await rt.agent("Ana");
    await rt.rooms.setAgentState(ana, { capacity: 1 });
    await rt.online(ana);
    const first = await rt.conversationOf(await rt.chat("first"));
    await rt.rooms.accept(rt.actor(ana), first.id);
    rt.advance(1_000);
    const older = await rt.conversationOf(await rt.chat("older"));
    rt.advance(1_000);
    const newer = await rt.conversationOf(await rt.chat("newer"));
    rt.advance(1_000);
    const urgent = await rt.conversationOf(await rt.chat("urgent"));
    await rt.rooms.update(rt.actor(ana, "admin"), urgent.id, { priority: "urgent" });
    for (const waiting of [older, newer, urgent]) expect(rt.offeredTo(waiting.id)).toEqual([]);
    expect((await rt.rooms.list(rt.actor(ana), "waiting")).map((conversation) => conversation.subject)).toEqual(["urgent · Support", "older · Support", "newer · Support"]);

    await rt.rooms.close(rt.actor(ana), first.id);
    expect((await rt.store.rooms.offers.openForAgent(ana)).map((offer) => offer.conversationId)).toEqual([urgent.id]);
    await rt.rooms.accept(rt.actor(ana), urgent.id);
    await rt.rooms.close(rt.actor(ana), urgent.id);
    expect((await rt.store.rooms.offers.openForAgent(ana)).map((offer) => offer.conversationId)).toEqual([older.id]);
  });

  it("at capacity cannot accept more, and their other offers are withdrawn when they reach it", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.rooms.setAgentState(ana, { capacity: 1 });
    await rt.online(ana);
    await rt.online(bob);
    const one = await rt.conversationOf(await rt.chat("one"));
    const two = await rt.conversationOf(await rt.chat("two"));
    await rt.rooms.accept(rt.actor(ana), one.id);
    expect(rt.withdrawnFrom(two.id)).toContainEqual({ agentIds: [ana], reason: "at_capacity" });
    await expect(rt.rooms.assign(rt.actor(bob), two.id, ana)).rejects.toMatchObject({ code: "at_capacity" });
  });
});

describe("a hand-off (the flow ends at the transfer)", () => {
  it("waits in the queue when nobody is online, and is offered when an agent comes online", async () => {
    const ana = await rt.agent("Ana");
    const sessionId = await rt.chat("ada", "handoff");
    expect((await rt.session(sessionId)).endReason).toBe("transfer_handoff");
    const { id } = await rt.conversationOf(sessionId);
    expect(await rt.store.rooms.conversations.get(id)).toMatchObject({ status: "waiting", transferToken: null });
    await rt.online(ana);
    expect(rt.offeredTo(id)).toEqual([[ana]]);
    await rt.rooms.accept(rt.actor(ana), id);
    expect(await rt.rooms.close(rt.actor(ana), id)).toMatchObject({ status: "closed", flowWaiting: false });
  });
});

describe("a conversation", () => {
  it("carries messages both ways, system messages for hold, and reopens for the same session's next transfer", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    rt.advance(1_000);
    await rt.rooms.accept(rt.actor(ana), id);
    await rt.rooms.sendMessage(rt.actor(ana), id, "Hello Ada, how can I help?");
    expect(await rt.rooms.postCustomerMessage({ sessionId }, "My invoice is wrong")).toMatchObject({ kind: "text", author: { role: "customer", address: "ada" } });
    await rt.rooms.hold(rt.actor(ana), id, true);
    const detail = await rt.rooms.get(rt.actor(ana), id);
    expect(detail.messages.map((message) => [message.id, message.kind, message.author?.role ?? null, message.body])).toEqual([
      [1, "system", null, "Transferred to Support"],
      [2, "system", null, "Ana joined"],
      [3, "text", "agent", "Hello Ada, how can I help?"],
      [4, "text", "customer", "My invoice is wrong"],
      [5, "system", null, "You are on hold. Please stay with us."],
    ]);
    expect(detail.participants.map((participant) => [participant.role, participant.channel, participant.address])).toEqual([
      ["customer", "webchat", "ada"],
      ["agent", "console", ana],
    ]);
    expect((await rt.rooms.messages(rt.actor(ana), id, 3, 10)).map((message) => message.id)).toEqual([4, 5]);
    expect(rt.events.some((event) => event.type === "conversation.hold" && event.onHold)).toBe(true);
    await expect(rt.rooms.get(rt.actor(await rt.agent("Eve", { team: null })), id)).rejects.toMatchObject({ status: 404 });
  });

  it("is reopened by the contact's next transfer within the window", async () => {
    const ana = await rt.agent("Ana");
    await rt.online(ana);
    const first = await rt.conversationOf(await rt.chat("ada"));
    await rt.rooms.accept(rt.actor(ana), first.id);
    await rt.rooms.close(rt.actor(ana), first.id);
    rt.advance(60_000);
    const again = await rt.conversationOf(await rt.chat("ada"));
    expect(again).toMatchObject({ id: first.id, status: "waiting", round: 2, assigneeId: null });
  });

  it("is transferred to another agent (a direct offer) and deleted with its messages", async () => {
    const [ana, bob] = [await rt.agent("Ana"), await rt.agent("Bob")];
    await rt.online(ana);
    await rt.online(bob);
    const sessionId = await rt.chat("ada");
    const { id } = await rt.conversationOf(sessionId);
    await rt.rooms.accept(rt.actor(ana), id);
    const moved = await rt.rooms.transfer(rt.actor(ana), id, { agentId: bob });
    expect(moved).toMatchObject({ status: "waiting", assigneeId: null });
    expect(rt.offeredTo(id).at(-1)).toEqual([bob]);
    await rt.rooms.accept(rt.actor(bob), id);
    await expect(rt.rooms.remove(rt.actor(bob), id)).rejects.toMatchObject({ status: 403 });
    await rt.rooms.remove(rt.actor(bob, "admin"), id);
    expect(await rt.store.rooms.conversations.get(id)).toBeUndefined();
    expect(await rt.store.rooms.messages.list(id)).toEqual([]);
    expect(await rt.path(sessionId)).toEqual(["hello:next", "to_team:waiting", "to_team:completed", "thanks:ended"]);
  });
});
