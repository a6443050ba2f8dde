import type { StreamParameters } from "../../media/streams/twilio-stream-messages";
import type { ConversationRecord } from "../../store/room-records";
import type { TailIntent, VoiceLeg } from "./voice-legs";

/** What of a conversation decides what its calls do. */
export type RoomState = Pick<ConversationRecord, "status" | "assigneeId" | "holdAudio">;

/** What callers hear in a room (kept short: every word delays the next update, see VoiceLegs). */
export const ROOM_WORDS = {
  connected: (agent: string) => `You are now connected with ${agent}.`,
  back: (agent: string) => `Thanks for holding. You are back with ${agent}.`,
  onHold: "You are on hold. Please stay on the line.",
  transferring: "Please hold while we transfer you.",
  joined: (agent: string | null) => (agent === null ? "You have joined the conversation. Please hold." : `You have joined the conversation with ${agent}.`),
  ended: "This conversation has ended. Goodbye.",
} as const;

/**
 * What a call must change to follow the conversation's status (undefined: nothing). Sets the
 * leg's mode to where it is headed, so the next event is compared with that. `stream`, when the
 * assignee can hear the caller on their softphone (the channel's `agentAudio` is `stream`): an
 * accept or a resume moves the call to `<Connect><Stream>` with these parameters instead of the
 * speech loop. A call on a stream stays there through hold, resume, a transfer back to the queue
 * and another assignee with a softphone (the media plane plays the music and bridges the agent);
 * an assignee without one brings the speech loop back.
 */
export function transition(leg: VoiceLeg, conversation: RoomState, agent: string, stream?: () => StreamParameters): { says: string[]; tail: TailIntent } | undefined {
  const hold: TailIntent = { mode: "hold", audio: conversation.holdAudio };
  const sameAgent = leg.agentId === conversation.assigneeId;
  switch (conversation.status) {
    case "active": {
      if (leg.mode === "stream" && (sameAgent || stream !== undefined)) {
        leg.agentId = conversation.assigneeId;
        return undefined;
      }
      if (leg.mode === "loop" && sameAgent) return undefined;
      const words = leg.mode === "hold" ? ROOM_WORDS.back(agent) : ROOM_WORDS.connected(agent);
      leg.agentId = conversation.assigneeId;
      if (stream !== undefined) {
        leg.mode = "stream";
        return { says: [words], tail: { mode: "stream", parameters: stream() } };
      }
      leg.mode = "loop";
      return { says: [words], tail: { mode: "loop" } };
    }
    case "on_hold":
      if (leg.mode === "hold" || leg.mode === "stream") return undefined;
      leg.mode = "hold";
      return { says: [ROOM_WORDS.onHold], tail: hold };
    case "waiting":
      // At first the caller waits in Twilio's <Enqueue> (the transfer's answer); after a transfer by the agent, in our hold music.
      if (leg.mode === "queue" || leg.mode === "waiting" || leg.mode === "stream") return undefined;
      leg.mode = "waiting";
      leg.agentId = null;
      return { says: [ROOM_WORDS.transferring], tail: hold };
    case "closed":
      return undefined;
  }
}

/** After words said to the call: back to what it was doing (undefined: nothing may be said to it now). */
export function tailOf(leg: VoiceLeg, conversation: RoomState): TailIntent | undefined {
  switch (leg.mode) {
    case "loop":
      return { mode: "loop" };
    case "hold":
    case "waiting":
      return { mode: "hold", audio: conversation.holdAudio };
    default:
      return undefined;
  }
}
