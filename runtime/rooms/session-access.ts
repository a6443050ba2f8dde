import type { Store } from "../store/open-store";
import { type Actor, canView } from "./room-access";

/**
 * May the actor see this flow session (its call log, its calls and their recordings)? Admins and
 * API keys see every session; an agent sees a session whose agent room they may see by the rooms'
 * rules (`canView`: the room of one of their teams, theirs, offered to them, or one they joined),
 * i.e. a session that reached one of their teams. The one place that answers it: routes ask here
 * instead of repeating the rule.
 */
export async function canViewSession(store: Store, actor: Actor, sessionId: string): Promise<boolean> {
  if (actor.role === "admin" || actor.userId === null) return true;
  const conversation = await store.rooms.conversations.findBySession(sessionId);
  return conversation !== undefined && (await canView(store, actor, conversation));
}
