import { describe, expect, it } from "vitest";
import { applyFrame, applySnapshot, catchUpPoints, type ConsoleData, EMPTY_CONSOLE, lastMessageId, mergeMessages, withConversation, withMessages, withOpenList, withRoom } from "./console-state";
import { agent, at, conversation, message, offer, participant } from "./testing/room-views";

const me = agent("ann");
const ids = (messages: ReadonlyArray<{ id: number }>) => messages.map((item) => item.id);

function loaded(data: ConsoleData, id: string, count: number): ConsoleData {
  const messages = Array.from({ length: count }, (_, index) => message(id, index + 1));
  return withRoom(data, { conversation: conversation(id, { lastMessageId: count }), participants: [participant("p-customer")], messages });
}

describe("merging messages", () => {
  it("keeps each message once, by id, oldest first, whatever order they come in", () => {
    const merged = mergeMessages([message("c1", 1), message("c1", 3)], [message("c1", 4), message("c1", 2), message("c1", 3)]);
    expect(ids(merged)).toEqual([1, 2, 3, 4]);
  });

  it("returns the same list when nothing is new (no re-render)", () => {
    const existing = [message("c1", 1), message("c1", 2)];
    expect(mergeMessages(existing, [message("c1", 2)])).toBe(existing);
  });

  it("a message frame and the REST answer of the same send show it once", () => {
    let data = loaded({ ...EMPTY_CONSOLE, me }, "c1", 2);
    const sent = message("c1", 3, "Hello, how can I help?", participant("p-ann", { role: "agent", channel: "console", userId: "ann" }));
    data = applyFrame(data, { type: "message", seq: 2, conversationId: "c1", message: sent });
    data = withMessages(data, "c1", [sent]);
    expect(ids(data.rooms.c1?.messages ?? [])).toEqual([1, 2, 3]);
    expect(data.conversations.c1?.lastMessageId).toBe(3);
  });

  it("messages that arrive while a room loads are kept when its detail lands", () => {
    let data: ConsoleData = { ...EMPTY_CONSOLE, me, conversations: { c1: conversation("c1") } };
    data = withRoom(data, { conversation: conversation("c1", { lastMessageId: 1 }), participants: [], messages: [message("c1", 1)] });
    data = applyFrame(data, { type: "message", seq: 3, conversationId: "c1", message: message("c1", 3) });
    data = withRoom(data, { conversation: conversation("c1", { lastMessageId: 2 }), participants: [], messages: [message("c1", 1), message("c1", 2)] });
    expect(ids(data.rooms.c1?.messages ?? [])).toEqual([1, 2, 3]);
  });

  it("a message for a room not loaded only moves the conversation's last message id (its history is fetched in full on open)", () => {
    let data: ConsoleData = { ...EMPTY_CONSOLE, me, conversations: { c1: conversation("c1", { lastMessageId: 4 }) } };
    data = applyFrame(data, { type: "message", seq: 2, conversationId: "c1", message: message("c1", 5) });
    expect(data.rooms.c1).toBeUndefined();
    expect(data.conversations.c1?.lastMessageId).toBe(5);
    expect(lastMessageId(data.rooms.c1)).toBe(0);
  });
});

describe("the snapshot is the truth", () => {
  it("replaces the agent and the offers, and keeps loaded rooms for catching up", () => {
    let data = loaded({ ...EMPTY_CONSOLE, me }, "c1", 3);
    data = applyFrame(data, { type: "offer", seq: 2, offer: offer(conversation("c2")) });
    const mineNow = conversation("c1", { status: "active", assigneeId: "ann", updatedAt: at(50), lastMessageId: 5 });
    data = applySnapshot(data, { type: "snapshot", seq: 1, agent: { ...me, open: 1 }, offers: [offer(conversation("c3"))], conversations: [mineNow] });
    expect(data.me?.open).toBe(1);
    expect(data.offers.map((item) => item.conversation.id)).toEqual(["c3"]);
    expect(data.conversations.c1?.status).toBe("active");
    expect(data.conversations.c3?.status).toBe("waiting");
    expect(catchUpPoints(data)).toEqual([{ conversationId: "c1", after: 3 }]);
  });

  it("drops a conversation we thought was ours when the snapshot no longer lists it (closed or moved while away)", () => {
    const ours = conversation("c1", { status: "active", assigneeId: "ann" });
    const team = conversation("c2", { status: "waiting" });
    let data: ConsoleData = { ...EMPTY_CONSOLE, me, conversations: { c1: ours, c2: team } };
    data = applySnapshot(data, { type: "snapshot", seq: 1, agent: me, offers: [], conversations: [] });
    expect(Object.keys(data.conversations)).toEqual(["c2"]);
  });

  it("a fresh open list drops open conversations it leaves out, unless their room is loaded", () => {
    let data = loaded({ ...EMPTY_CONSOLE, me }, "c1", 1);
    data = withConversation(data, conversation("c2"));
    data = withConversation(data, conversation("c3", { status: "closed" }));
    data = withOpenList(data, [conversation("c4")]);
    expect(Object.keys(data.conversations).sort()).toEqual(["c1", "c3", "c4"]);
  });
});

describe("live frames", () => {
  it("an offer, then its withdrawal: the offer disappears, the conversation stays known", () => {
    let data: ConsoleData = { ...EMPTY_CONSOLE, me };
    data = applyFrame(data, { type: "offer", seq: 2, offer: offer(conversation("c1")) });
    data = applyFrame(data, { type: "offer", seq: 3, offer: offer(conversation("c1")) });
    expect(data.offers).toHaveLength(1);
    data = applyFrame(data, { type: "offer_withdrawn", seq: 4, conversationId: "c1", reason: "taken" });
    expect(data.offers).toEqual([]);
    expect(data.conversations.c1).toBeDefined();
  });

  it("an offer ends when its conversation stops waiting, even before the withdrawal frame", () => {
    let data = applyFrame({ ...EMPTY_CONSOLE, me }, { type: "offer", seq: 2, offer: offer(conversation("c1")) });
    data = applyFrame(data, { type: "conversation_updated", seq: 3, conversation: conversation("c1", { status: "active", assigneeId: "bob", updatedAt: at(5) }) });
    expect(data.offers).toEqual([]);
    expect(data.conversations.c1?.assigneeId).toBe("bob");
  });

  it("a late REST answer does not undo a newer update", () => {
    let data = withConversation({ ...EMPTY_CONSOLE, me }, conversation("c1", { status: "on_hold", updatedAt: at(20) }));
    data = withConversation(data, conversation("c1", { status: "active", updatedAt: at(10) }));
    expect(data.conversations.c1?.status).toBe("on_hold");
  });

  it("deleting a conversation forgets its room and offer", () => {
    let data = loaded({ ...EMPTY_CONSOLE, me }, "c1", 2);
    data = applyFrame(data, { type: "offer", seq: 2, offer: offer(conversation("c1")) });
    data = applyFrame(data, { type: "conversation_deleted", seq: 3, conversationId: "c1" });
    expect(data.conversations.c1).toBeUndefined();
    expect(data.rooms.c1).toBeUndefined();
    expect(data.offers).toEqual([]);
  });

  it("presence updates the agent and, when it is them, the console's own state", () => {
    let data: ConsoleData = { ...EMPTY_CONSOLE, me };
    data = applyFrame(data, { type: "presence", seq: 2, agent: { ...me, availability: "away" } });
    data = applyFrame(data, { type: "presence", seq: 3, agent: agent("bob", { online: false }) });
    expect(data.me?.availability).toBe("away");
    expect(data.agents.bob?.online).toBe(false);
  });

  it("new insights replace a loaded room's (the provider's summary after the offline one); a room not loaded is left alone", () => {
    const offline = { summary: "Customer: charged twice.", sentiment: -0.6, sentimentLabel: "negative" as const, fields: { emails: [], phones: [], amounts: [], dates: [] }, engine: "offline" as const, providerName: null, messageCount: 2, createdAt: at(60) };
    let data = withRoom({ ...EMPTY_CONSOLE, me }, { conversation: conversation("c1", { status: "closed", lastMessageId: 2 }), participants: [], messages: [message("c1", 1), message("c1", 2)], insights: offline });
    const provider = { ...offline, summary: "The customer was charged twice; refunded.", engine: "provider" as const, providerName: "assist" };
    data = applyFrame(data, { type: "insights", seq: 2, conversationId: "c1", insights: provider });
    expect(data.rooms.c1?.insights).toEqual(provider);
    expect(ids(data.rooms.c1?.messages ?? [])).toEqual([1, 2]);
    expect(applyFrame(data, { type: "insights", seq: 3, conversationId: "c9", insights: provider }).rooms.c9).toBeUndefined();
  });
});
