import type { SummaryMessage } from "../ai/extractive-summary";
import { offlineInsights } from "../ai/offline-insights";
import type { InsightsRecord } from "../store/conversation-insights-repo";
import type { RoomsRepo } from "../store/rooms-repo";

/**
 * Works out and stores what a conversation was about when it closes (issue 18): the offline
 * summary, the customer's sentiment and the fields they gave, from its text and speech transcript
 * messages (system notes left out). Undefined when the conversation is gone.
 */
export async function writeInsights(rooms: RoomsRepo, conversationId: string, now: number): Promise<InsightsRecord | undefined> {
  const participants = new Map((await rooms.messages.participants(conversationId)).map((participant) => [participant.id, participant]));
  const messages = await rooms.messages.list(conversationId, { limit: 10_000 });
  const lines: SummaryMessage[] = [];
  for (const message of messages) {
    if (message.kind === "system" || message.participantId === null) continue;
    const role = participants.get(message.participantId)?.role;
    if (role === undefined) continue;
    lines.push({ from: role === "customer" ? "customer" : "agent", text: message.body });
  }
  const insights = offlineInsights(lines, new Date(now));
  return rooms.insights.put({ conversationId, ...insights, engine: "offline", providerName: null, messageCount: lines.length });
}
