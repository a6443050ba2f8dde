import type { AgentView } from "../../../runtime/rooms/views";

/**
 * Whether `agent` may be handed a conversation of team `teamId` (assign, transfer to an agent) by
 * `me`: the server's rule (runtime/rooms/room-access.ts, `mayReceive`) — members of the team and
 * admins, or anyone when an admin hands it over.
 */
export function mayReceive(agent: Pick<AgentView, "role" | "teamIds">, teamId: string | null, me: Pick<AgentView, "role"> | null): boolean {
  return me?.role === "admin" || agent.role === "admin" || (teamId !== null && agent.teamIds.includes(teamId));
}
