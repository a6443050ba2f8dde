import { isMediaChannel } from "../../../../runtime/media/media-channel-types";
import type { ConversationView, ParticipantView } from "../../../../runtime/rooms/views";
import type { ConsoleData } from "../console-state";
import type { SoftphoneCalls } from "./softphone-store";

const LIVE: ReadonlySet<ConversationView["status"]> = new Set(["active", "on_hold"]);

/**
 * A call talked through the softphone, still going: a media-plane channel's, or one the server put
 * the softphone into (`calls`: a Twilio caller on a Media Stream).
 */
export const isLiveMediaCall = (conversation: ConversationView, calls: SoftphoneCalls = {}): boolean =>
  LIVE.has(conversation.status) && (isMediaChannel(conversation.channelType) || calls[conversation.id] !== undefined);

/** The agent was invited into the call (a three-way call): an agent participant on the console, still there. */
export function isInvitedAgent(participants: readonly ParticipantView[], userId: string): boolean {
  return participants.some((participant) => participant.role === "agent" && participant.channel === "console" && participant.leftAt === null && (participant.userId === userId || participant.address === userId));
}

/** The media-plane calls the agent talks on: assigned to them, or joined by invitation. */
export function myLiveCalls(data: ConsoleData, calls: SoftphoneCalls = {}): ConversationView[] {
  const me = data.me;
  if (me === null) return [];
  return Object.values(data.conversations).filter(
    (conversation) => isLiveMediaCall(conversation, calls) && (conversation.assigneeId === me.id || isInvitedAgent(data.rooms[conversation.id]?.participants ?? [], me.id)),
  );
}

/**
 * Whether the console should hold the softphone: while the agent is available (calls can be
 * offered to them), and while they are still on a call after going away (away stops new offers,
 * it does not hang up the caller).
 */
export function wantsVoice(data: ConsoleData, calls: SoftphoneCalls = {}): boolean {
  return data.me !== null && (data.me.availability === "available" || myLiveCalls(data, calls).length > 0);
}
