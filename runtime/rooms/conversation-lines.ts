import type { SummaryMessage } from "../ai/extractive-summary";
import type { RoomsRepo } from "../store/rooms-repo";

/**
 * A conversation as lines of text, for the summary, sentiment and reply suggestions: its text and
 * speech transcript messages by the customer or an agent, in order; system notes left out.
 */
export async function conversationLines(rooms: RoomsRepo, conversationId: string): Promise<SummaryMessage[]> {
  const participants = new Map((await rooms.messages.participants(conversationId)).map((participant) => [participant.id, participant]));
  const lines: SummaryMessage[] = [];
  for (const message of await rooms.messages.list(conversationId, { limit: 10_000 })) {
    if (message.kind === "system" || message.participantId === null) continue;
    const role = participants.get(message.participantId)?.role;
    if (role === undefined) continue;
    lines.push({ from: role === "customer" ? "customer" : "agent", text: message.body });
  }
  return lines;
}
