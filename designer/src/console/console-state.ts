import type { ServerFrame } from "../../../runtime/http/ws/agent-frames";
import type { InsightsView } from "../../../runtime/rooms/insights-view";
import type { AgentView, ConversationView, MessageView, OfferView, ParticipantView } from "../../../runtime/rooms/views";

/** A room loaded in full (GET /api/conversations/{id}): from then on its messages are complete. */
export interface RoomData {
  messages: MessageView[];
  participants: ParticipantView[];
  /** What it was about, once closed (summary, sentiment, fields); null or absent before. */
  insights?: InsightsView | null;
}

/** What the console knows: the agent, their open offers, the conversations seen, the rooms loaded, the agents. */
export interface ConsoleData {
  me: AgentView | null;
  offers: OfferView[];
  conversations: Record<string, ConversationView>;
  rooms: Record<string, RoomData>;
  agents: Record<string, AgentView>;
}

export type SnapshotFrame = Extract<ServerFrame, { type: "snapshot" }>;
/** Frames that change state (not the snapshot, acks or errors). */
export type EventFrame = Exclude<ServerFrame, { type: "snapshot" | "heartbeat_ack" | "error" | "softphone_answer" | "softphone" | "softphone_call" }>;

export const EMPTY_CONSOLE: ConsoleData = { me: null, offers: [], conversations: {}, rooms: {}, agents: {} };

const OPEN_FOR_AGENT: ReadonlySet<ConversationView["status"]> = new Set(["active", "on_hold"]);

/** Messages by id, oldest first, each once; `existing` itself when nothing is new (no re-render). */
export function mergeMessages(existing: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  const known = new Set(existing.map((message) => message.id));
  const fresh = incoming.filter((message) => !known.has(message.id));
  if (fresh.length === 0) return existing as MessageView[];
  const byId = new Map<number, MessageView>();
  for (const message of [...existing, ...fresh]) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The newest message id of a loaded room (0: none). */
export function lastMessageId(room: RoomData | undefined): number {
  return room === undefined || room.messages.length === 0 ? 0 : (room.messages[room.messages.length - 1]?.id ?? 0);
}

/** Replaces a conversation unless what we hold is newer (a late REST answer must not undo a later frame). */
export function withConversation(data: ConsoleData, conversation: ConversationView): ConsoleData {
  const current = data.conversations[conversation.id];
  if (current !== undefined && current.updatedAt > conversation.updatedAt) return data;
  const lastId = Math.max(conversation.lastMessageId, current?.lastMessageId ?? 0);
  return { ...data, conversations: { ...data.conversations, [conversation.id]: { ...conversation, lastMessageId: lastId } } };
}

/** Many conversations at once (a list fetch). */
export function withConversations(data: ConsoleData, conversations: readonly ConversationView[]): ConsoleData {
  return conversations.reduce(withConversation, data);
}

/** A room loaded in full: its messages merged with any that arrived meanwhile, its participants replaced. */
export function withRoom(data: ConsoleData, detail: { conversation: ConversationView; participants: ParticipantView[]; messages: MessageView[]; insights?: InsightsView | null }): ConsoleData {
  const id = detail.conversation.id;
  const before = withConversation(data, detail.conversation);
  const messages = mergeMessages(data.rooms[id]?.messages ?? [], detail.messages);
  return { ...before, rooms: { ...before.rooms, [id]: { messages, participants: detail.participants, insights: detail.insights ?? null } } };
}

/** Messages for a conversation: kept when its room is loaded; its `lastMessageId` follows either way. */
export function withMessages(data: ConsoleData, conversationId: string, messages: readonly MessageView[]): ConsoleData {
  if (messages.length === 0) return data;
  let next = data;
  const room = data.rooms[conversationId];
  if (room !== undefined) {
    const merged = mergeMessages(room.messages, messages);
    if (merged !== room.messages) next = { ...next, rooms: { ...next.rooms, [conversationId]: { ...room, messages: merged } } };
  }
  const conversation = next.conversations[conversationId];
  const newest = Math.max(...messages.map((message) => message.id));
  if (conversation !== undefined && newest > conversation.lastMessageId) {
    next = { ...next, conversations: { ...next.conversations, [conversationId]: { ...conversation, lastMessageId: newest } } };
  }
  return next;
}

/** A participant joined (an invitation the agent made). */
export function withParticipant(data: ConsoleData, conversationId: string, participant: ParticipantView): ConsoleData {
  const room = data.rooms[conversationId];
  if (room === undefined || room.participants.some((known) => known.id === participant.id)) return data;
  return { ...data, rooms: { ...data.rooms, [conversationId]: { ...room, participants: [...room.participants, participant] } } };
}

function withAgent(data: ConsoleData, agent: AgentView): ConsoleData {
  return { ...data, me: data.me?.id === agent.id ? agent : data.me, agents: { ...data.agents, [agent.id]: agent } };
}

/** The offer for a conversation gone (accepted, or refused by the server). */
export function withoutOffer(data: ConsoleData, conversationId: string): ConsoleData {
  if (!data.offers.some((offer) => offer.conversation.id === conversationId)) return data;
  return { ...data, offers: data.offers.filter((offer) => offer.conversation.id !== conversationId) };
}

/**
 * The snapshot is the truth: the agent, their open offers and their open conversations. A
 * conversation we thought was theirs but the snapshot leaves out was closed or moved while we
 * were away: it is dropped (a list fetch brings it back if it is still visible). Loaded rooms
 * stay: their messages are caught up with `?after=`.
 */
export function applySnapshot(data: ConsoleData, snapshot: SnapshotFrame): ConsoleData {
  const me = snapshot.agent;
  const listed = new Set(snapshot.conversations.map((conversation) => conversation.id));
  const conversations: Record<string, ConversationView> = {};
  for (const [id, conversation] of Object.entries(data.conversations)) {
    const wasMine = conversation.assigneeId === me.id && OPEN_FOR_AGENT.has(conversation.status);
    if (!wasMine || listed.has(id)) conversations[id] = conversation;
  }
  let next: ConsoleData = { ...data, me, offers: snapshot.offers, conversations, agents: { ...data.agents, [me.id]: me } };
  next = withConversations(next, snapshot.offers.map((offer) => offer.conversation));
  return withConversations(next, snapshot.conversations);
}

/** One live frame. */
export function applyFrame(data: ConsoleData, frame: EventFrame): ConsoleData {
  switch (frame.type) {
    case "offer": {
      const others = data.offers.filter((offer) => offer.conversation.id !== frame.offer.conversation.id);
      return withConversation({ ...data, offers: [...others, frame.offer] }, frame.offer.conversation);
    }
    case "offer_withdrawn":
      return withoutOffer(data, frame.conversationId);
    case "conversation_updated": {
      const next = withConversation(data, frame.conversation);
      // An offer only stands while its conversation waits.
      return frame.conversation.status === "waiting" ? next : withoutOffer(next, frame.conversation.id);
    }
    case "conversation_deleted": {
      const { [frame.conversationId]: _conversation, ...conversations } = data.conversations;
      const { [frame.conversationId]: _room, ...rooms } = data.rooms;
      return withoutOffer({ ...data, conversations, rooms }, frame.conversationId);
    }
    case "message":
      return withMessages(data, frame.conversationId, [frame.message]);
    case "presence":
      return withAgent(data, frame.agent);
    case "insights": {
      const room = data.rooms[frame.conversationId];
      return room === undefined ? data : { ...data, rooms: { ...data.rooms, [frame.conversationId]: { ...room, insights: frame.insights } } };
    }
  }
}

/** Where each loaded room stands: after a reconnect, fetch `?after=` for each. */
export function catchUpPoints(data: ConsoleData): Array<{ conversationId: string; after: number }> {
  return Object.entries(data.rooms).map(([conversationId, room]) => ({ conversationId, after: lastMessageId(room) }));
}

/**
 * A fresh list of the open conversations the agent may see: open ones we hold that it leaves out
 * were closed or moved out of sight meanwhile. They are dropped, unless their room is loaded
 * (the caller reloads those to learn what became of them).
 */
export function withOpenList(data: ConsoleData, list: readonly ConversationView[]): ConsoleData {
  const listed = new Set(list.map((conversation) => conversation.id));
  const conversations: Record<string, ConversationView> = {};
  for (const [id, conversation] of Object.entries(data.conversations)) {
    if (conversation.status === "closed" || listed.has(id) || data.rooms[id] !== undefined || data.offers.some((offer) => offer.conversation.id === id)) conversations[id] = conversation;
  }
  return withConversations({ ...data, conversations }, list);
}
