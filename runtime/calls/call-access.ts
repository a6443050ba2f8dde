import { type Actor, canView } from "../rooms/room-access";
import { canViewSession } from "../rooms/session-access";
import type { CallRecord } from "../store/calls-repo";
import type { Store } from "../store/open-store";

/**
 * May the actor see this call and hear its recording? The rules of what it belongs to: admins and
 * API keys every call; an agent a call whose agent room they may see (`canView`), whose session
 * they may see (`canViewSession`: it reached one of their teams), or that they were on.
 */
export async function canViewCall(store: Store, actor: Actor, call: CallRecord): Promise<boolean> {
  if (actor.role === "admin" || actor.userId === null) return true;
  if (call.conversationId !== null) {
    const conversation = await store.rooms.conversations.get(call.conversationId);
    if (conversation !== undefined && (await canView(store, actor, conversation))) return true;
  }
  if (call.sessionId !== null && (await canViewSession(store, actor, call.sessionId))) return true;
  const userId = actor.userId;
  return (await store.calls.agents(call.id)).some((stay) => stay.userId === userId);
}
