import { isMediaChannel } from "../../../../runtime/media/media-channel-types";
import type { ConversationView, ParticipantView } from "../../../../runtime/rooms/views";
import type { ConsoleData } from "../console-state";

const LIVE: ReadonlySet<ConversationView["status"]> = new Set(["active", "on_hold"]);

/** A call on the media plane (talked through the softphone), still going. */
export const isLiveMediaCall = (conversation: ConversationView): boolean => isMediaChannel(conversation.channelType) && LIVE.has(conversation.status);

/** The agent was invited into the call (a three-way call): an agent participant on the console, still there. */
export function isInvitedAgent(participants: readonly ParticipantView[], userId: string): boolean {
  return participants.some((participant) => participant.role === "agent" && participant.channel === "console" && participant.leftAt === null && (participant.userId === userId || participant.address === userId));
}

/** The media-plane calls the agent talks on: assigned to them, or joined by invitation. */
export function myLiveCalls(data: ConsoleData): ConversationView[] {
  const me = data.me;
  if (me === null) return [];
  return Object.values(data.conversations).filter(
    (conversation) => isLiveMediaCall(conversation) && (conversation.assigneeId === me.id || isInvitedAgent(data.rooms[conversation.id]?.participants ?? [], me.id)),
  );
}

/**
 * Whether the console should hold the softphone: while the agent is available (calls can be
 * offered to them), and while they are still on a call after going away (away stops new offers,
 * it does not hang up the caller).
 */
export function wantsVoice(data: ConsoleData): boolean {
  return data.me !== null && (data.me.availability === "available" || myLiveCalls(data).length > 0);
}
