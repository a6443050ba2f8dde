import type { Store } from "../store/open-store";
import type { Actor } from "./room-access";

/**
 * May the actor see this flow session (its call log, its calls and their recordings)? Admins and
 * API keys see every session; a signed-in agent sees a session that reached one of their teams or
 * their own conversation (`SessionsRepo.isReachedBy`, the rule `GET /api/sessions` applies). The
 * one place that answers it: routes ask here instead of repeating the rule.
 */
export async function canViewSession(store: Store, actor: Actor, sessionId: string): Promise<boolean> {
  if (actor.role === "admin" || actor.userId === null) return true;
  return store.sessions.isReachedBy(sessionId, actor.userId);
}
