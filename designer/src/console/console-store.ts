import { create } from "zustand";
import type { AgentView, ConversationView, MessageView, ParticipantView } from "../../../runtime/rooms/views";
import type { SocketStatus } from "./agent-connection";
import {
  applyFrame,
  applySnapshot,
  type ConsoleData,
  EMPTY_CONSOLE,
  type EventFrame,
  type SnapshotFrame,
  withConversation,
  withOpenList,
  withoutOffer,
  withMessages,
  withParticipant,
  withRoom,
} from "./console-state";
import type { ListView } from "./conversation-order";
import type { TeamRef } from "./console-api";

/** What the list column shows: a conversation list, or the agent's calls (call-history/). */
export type ConsoleTab = ListView | "calls";

interface ConsoleStore extends ConsoleData {
  /** The agent socket: connecting, open (live), or offline (no network). */
  socket: SocketStatus;
  /** The socket's last frame number (a gap means frames were missed: resync). */
  lastSeq: number;
  view: ConsoleTab;
  teams: TeamRef[];
  /** The last message id the agent has seen in each room (unread marks). */
  seen: Record<string, number>;
  markSeen(conversationId: string, messageId: number): void;
  setSocket(status: SocketStatus): void;
  setView(view: ConsoleTab): void;
  snapshot(frame: SnapshotFrame): void;
  frame(frame: EventFrame): void;
  conversation(conversation: ConversationView): void;
  /** A fresh list of every open conversation the agent may see (view=all). */
  openList(conversations: readonly ConversationView[]): void;
  dropOffer(conversationId: string): void;
  room(detail: { conversation: ConversationView; participants: ParticipantView[]; messages: MessageView[] }): void;
  messages(conversationId: string, messages: readonly MessageView[]): void;
  participant(conversationId: string, participant: ParticipantView): void;
  agentList(agents: readonly AgentView[]): void;
  setTeams(teams: TeamRef[]): void;
  reset(): void;
}

const data = (state: ConsoleData): ConsoleData => ({ me: state.me, offers: state.offers, conversations: state.conversations, rooms: state.rooms, agents: state.agents });

/** The console's live state: the reducers of console-state.ts behind a zustand store. */
export const useConsole = create<ConsoleStore>((set) => ({
  ...EMPTY_CONSOLE,
  socket: "connecting",
  lastSeq: 0,
  view: "mine",
  teams: [],
  seen: {},
  markSeen: (conversationId, messageId) =>
    set((state) => ((state.seen[conversationId] ?? 0) >= messageId ? state : { seen: { ...state.seen, [conversationId]: messageId } })),
  setSocket: (socket) => set({ socket }),
  setView: (view) => set({ view }),
  snapshot: (frame) => set((state) => ({ ...applySnapshot(data(state), frame), lastSeq: frame.seq })),
  frame: (frame) => set((state) => ({ ...applyFrame(data(state), frame), lastSeq: frame.seq })),
  conversation: (conversation) => set((state) => withConversation(data(state), conversation)),
  openList: (conversations) => set((state) => withOpenList(data(state), conversations)),
  dropOffer: (conversationId) => set((state) => withoutOffer(data(state), conversationId)),
  room: (detail) => set((state) => withRoom(data(state), detail)),
  messages: (conversationId, messages) => set((state) => withMessages(data(state), conversationId, messages)),
  participant: (conversationId, participant) => set((state) => withParticipant(data(state), conversationId, participant)),
  agentList: (agents) =>
    // The socket's own presence frames keep `me`; the list fills in everyone else.
    set((state) => ({ agents: { ...Object.fromEntries(agents.map((agent) => [agent.id, agent])), ...(state.me === null ? {} : { [state.me.id]: state.me }) } })),
  setTeams: (teams) => set({ teams }),
  reset: () => set({ ...EMPTY_CONSOLE, socket: "connecting", lastSeq: 0, teams: [], seen: {} }),
}));
