import type { ConversationRecord } from "../store/room-records";
import type { TeamsRepo } from "../store/teams-repo";

/**
 * What a conversation's voice callers hear while they wait or are held: the transfer's holdAudio,
 * else its team's (read now: a team's new hold music reaches the next hold), else null — the
 * shipped `hold`.
 */
export async function holdAudioOf(conversation: Pick<ConversationRecord, "holdAudio" | "teamId">, teams: Pick<TeamsRepo, "defaults">): Promise<string | null> {
  if (conversation.holdAudio !== null) return conversation.holdAudio;
  if (conversation.teamId === null) return null;
  return (await teams.defaults(conversation.teamId))?.holdAudio ?? null;
}
