import { offlineInsights } from "../ai/offline-insights";
import type { InsightsRecord } from "../store/conversation-insights-repo";
import type { RoomsRepo } from "../store/rooms-repo";
import { conversationLines } from "./conversation-lines";

/**
 * Works out and stores what a conversation was about when it closes (issue 18): the offline
 * summary, the customer's sentiment and the fields they gave, from its text and speech transcript
 * messages. Undefined when the conversation is gone.
 */
export async function writeInsights(rooms: RoomsRepo, conversationId: string, now: number): Promise<InsightsRecord | undefined> {
  const lines = await conversationLines(rooms, conversationId);
  const insights = offlineInsights(lines, new Date(now));
  return rooms.insights.put({ conversationId, ...insights, engine: "offline", providerName: null, messageCount: lines.length });
}
