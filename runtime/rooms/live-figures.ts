import { z } from "zod";
import type { Store } from "../store/open-store";
import type { PresenceTracker } from "./presence";

/** What the dashboard's live tiles show: the queues now, the agents now, the calls now. */
export const LiveFigures = z
  .object({
    at: z.string().describe("ISO 8601: when these were read"),
    waiting: z
      .array(
        z.object({
          teamId: z.string().nullable(),
          teamName: z.string().nullable(),
          waiting: z.number().int(),
          oldestWaitingSince: z.string().nullable().describe("ISO 8601: the longest-waiting conversation's wait began (the page counts the wait up from it)"),
        }),
      )
      .describe("Per team with someone waiting (teamId null: a conversation waiting for no team), most waiting first"),
    agents: z.object({
      available: z.number().int().describe("Online, available, with no conversation"),
      busy: z.number().int().describe("Online with at least one conversation (active or on hold)"),
      away: z.number().int().describe("Online, away, with no conversation"),
      offline: z.number().int(),
    }),
    calls: z.object({ inProgress: z.number().int().describe("Calls on the media plane not yet ended") }),
  })
  .meta({ id: "LiveFigures" });
export type LiveFigures = z.infer<typeof LiveFigures>;

/** Reads the live figures from the store and the presence tracker (three queries). */
export async function liveFigures(store: Store, presence: Pick<PresenceTracker, "isOnline">, now: number): Promise<LiveFigures> {
  const [waiting, agents, calls, teams] = await Promise.all([store.rooms.conversations.waiting(), store.rooms.agents.listAgents(), store.calls.live(), store.teams.listTeams()]);
  const names = new Map(teams.map((team) => [team.id, team.name]));
  const queues = new Map<string | null, { waiting: number; oldest: number | null }>();
  for (const conversation of waiting) {
    const queue = queues.get(conversation.teamId) ?? { waiting: 0, oldest: null };
    queue.waiting += 1;
    const since = conversation.waitingSince ?? conversation.createdAt;
    queue.oldest = queue.oldest === null ? since : Math.min(queue.oldest, since);
    queues.set(conversation.teamId, queue);
  }
  const counts = { available: 0, busy: 0, away: 0, offline: 0 };
  for (const agent of agents) {
    if (!presence.isOnline(agent.userId)) counts.offline += 1;
    else if (agent.open > 0) counts.busy += 1;
    else counts[agent.availability] += 1;
  }
  return {
    at: new Date(now).toISOString(),
    waiting: [...queues]
      .map(([teamId, queue]) => ({ teamId, teamName: teamId === null ? null : (names.get(teamId) ?? null), waiting: queue.waiting, oldestWaitingSince: queue.oldest === null ? null : new Date(queue.oldest).toISOString() }))
      .sort((a, b) => b.waiting - a.waiting || (a.oldestWaitingSince ?? "").localeCompare(b.oldestWaitingSince ?? "")),
    agents: counts,
    calls: { inProgress: calls.length },
  };
}
