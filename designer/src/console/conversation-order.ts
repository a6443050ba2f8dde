import type { AgentView, ConversationView } from "../../../runtime/rooms/views";
import type { Priority } from "./room-types";

export type ListView = "mine" | "team" | "waiting";
export const LIST_VIEWS: readonly ListView[] = ["mine", "team", "waiting"];

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** The conversation's age: since it (last) started waiting, else since it was created. */
const since = (conversation: ConversationView): string => conversation.waitingSince ?? conversation.createdAt;

/** Like the server's list: priority (urgent first), then age (oldest first), then id. */
export function sortConversations(conversations: readonly ConversationView[]): ConversationView[] {
  return [...conversations].sort((a, b) => RANK[a.priority] - RANK[b.priority] || since(a).localeCompare(since(b)) || a.id.localeCompare(b.id));
}

/**
 * Whether a conversation belongs in a list. mine: assigned to me and open; waiting: my teams'
 * waiting ones; team: my teams' open ones and mine. Admins see every team.
 */
export function inView(conversation: ConversationView, view: ListView, me: AgentView): boolean {
  if (conversation.status === "closed") return false;
  const mine = conversation.assigneeId === me.id;
  const myTeam = me.role === "admin" || (conversation.teamId !== null && me.teamIds.includes(conversation.teamId));
  if (view === "mine") return mine;
  if (view === "waiting") return conversation.status === "waiting" && myTeam;
  return myTeam || mine;
}

/** The list for a view, sorted. */
export function conversationsIn(conversations: Record<string, ConversationView>, view: ListView, me: AgentView | null): ConversationView[] {
  if (me === null) return [];
  return sortConversations(Object.values(conversations).filter((conversation) => inView(conversation, view, me)));
}
