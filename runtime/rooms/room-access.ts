import type { Store } from "../store/open-store";
import type { ConversationRecord } from "../store/room-records";
import { RoomsError } from "./rooms-error";

/** Who asks: a signed-in user (agent or admin), or an API key (no user: it cannot take conversations). */
export interface Actor {
  userId: string | null;
  name: string;
  role: "admin" | "agent";
}

/** The actor's user id, for actions only a person can do (accept, decline, write). */
export function personOf(actor: Actor, action: string): string {
  if (actor.userId === null) throw new RoomsError(403, "user_required", `only a signed-in agent can ${action}; an API key is not an agent`);
  return actor.userId;
}

/** Team ids the user belongs to. */
export async function teamsOf(store: Store, userId: string | null): Promise<string[]> {
  if (userId === null) return [];
  return (await store.teams.listTeams()).filter((team) => team.members.includes(userId)).map((team) => team.id);
}

/** Admins see everything; agents see their teams' conversations, theirs, and the ones offered to them. */
export async function canView(store: Store, actor: Actor, conversation: ConversationRecord): Promise<boolean> {
  if (actor.role === "admin" || actor.userId === null) return actor.role === "admin";
  if (conversation.assigneeId === actor.userId || conversation.agentsTried.includes(actor.userId)) return true;
  if (conversation.teamId !== null && (await teamsOf(store, actor.userId)).includes(conversation.teamId)) return true;
  const participants = await store.rooms.messages.participants(conversation.id);
  return participants.some((participant) => participant.userId === actor.userId);
}

/** The conversation, if the actor may see it (404 otherwise, so ids do not leak). */
export async function viewable(store: Store, actor: Actor, conversationId: string): Promise<ConversationRecord> {
  const conversation = await store.rooms.conversations.get(conversationId);
  if (conversation === undefined || !(await canView(store, actor, conversation))) {
    throw new RoomsError(404, "conversation_not_found", `conversation ${conversationId} does not exist`);
  }
  return conversation;
}

/** Working a conversation (write, hold, transfer, invite, close…) is for its assignee, or an admin. */
export async function workable(store: Store, actor: Actor, conversationId: string, action: string): Promise<ConversationRecord> {
  const conversation = await viewable(store, actor, conversationId);
  if (actor.role !== "admin" && conversation.assigneeId !== actor.userId) {
    throw new RoomsError(403, "not_assignee", `only the agent who has conversation ${conversationId} (or an admin) can ${action} it`);
  }
  return conversation;
}

/**
 * Who may have a conversation handed to them (assign, transfer to one agent): a member of its team,
 * or an admin user (who sees everything anyway) — unless an admin does the handing, who may give it
 * to anyone. Otherwise 422 `agent_not_in_team`, naming the request's `agentId`.
 */
export async function mayReceive(store: Store, actor: Actor, conversation: ConversationRecord, userId: string, field: "agentId" | "address" = "agentId"): Promise<void> {
  if (actor.role === "admin") return;
  const user = await store.users.getUser(userId);
  if (user === undefined || user.disabledAt !== null) throw new RoomsError(404, "agent_not_found", `agent ${userId} does not exist`);
  if (user.role === "admin") return;
  if (conversation.teamId !== null && (await teamsOf(store, userId)).includes(conversation.teamId)) return;
  const team = conversation.teamId ?? "(none)";
  throw new RoomsError(
    422,
    "agent_not_in_team",
    `body.${field}: ${user.name} is not a member of team ${team}; conversation ${conversation.id} can go to members of its team (an admin can give it to anyone)`,
    { field, agentId: userId, teamId: conversation.teamId },
  );
}
