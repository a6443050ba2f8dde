import twilio from "twilio";
import type { StreamParameters } from "../../media/streams/twilio-stream-messages";
import { DEFAULT_HOLD_AUDIO, type RoomLegRef, type VoiceUrls } from "./voice-urls";

/** How long the speech loop's `<Gather>` waits for the caller to start speaking before it goes round again. */
export const LISTEN_SECONDS = 30;

/**
 * What a call in an agent room does after the words said to it:
 * - `loop`: the speech loop, a `<Gather input="speech">` whose answer becomes a `speech_transcript`
 *   in the room, then a `<Redirect>` for "nothing said" (`token` names the turn: dedupe key);
 * - `hold`: hold music, looped until the next update (on hold, or waiting for an agent again);
 * - `hangup`: the call ends (an invited leg when the room closes, a hand-off caller);
 * - `pause`: a short silence (the room is gone but the flow goes on: its TwiML is on its way over REST);
 * - `stream`: the caller's audio to an agent's softphone on the media plane, `<Connect><Stream>` to
 *   our `/media/twilio/:channelId` socket with `<Parameter>`s naming the call and conversation and
 *   a one-time token (the URL may carry no query). When the socket closes, `<Connect action>` asks
 *   the room route for the next turn (the speech loop, or a pause while the flow's TwiML comes).
 */
export type RoomTail = { mode: "loop"; token: string } | { mode: "stream"; token: string; parameters: StreamParameters } | { mode: "hold"; audio: string | null } | { mode: "hangup" } | { mode: "pause" };

/**
 * One document for a leg in a room: the texts said (agents' messages, "you are on hold"…), then
 * the tail. Texts are said before the `<Gather>`, not inside it: an agent's message is heard to
 * the end, and speech starts counting after it.
 */
export function renderRoomTwiml(says: readonly string[], tail: RoomTail, leg: RoomLegRef, urls: VoiceUrls): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const text of says) if (text.trim() !== "") response.say(text);
  switch (tail.mode) {
    case "loop":
      response.gather({ input: ["speech"], speechTimeout: "auto", timeout: LISTEN_SECONDS, action: urls.room(leg, tail.token), method: "POST" });
      response.redirect({ method: "POST" }, urls.room(leg, tail.token, true));
      break;
    case "stream": {
      const stream = response.connect({ action: urls.room(leg, tail.token, true), method: "POST" }).stream({ url: urls.mediaStream() });
      for (const [name, value] of Object.entries(tail.parameters)) stream.parameter({ name, value });
      break;
    }
    case "hold":
      response.play({ loop: 0 }, urls.audio(tail.audio ?? DEFAULT_HOLD_AUDIO));
      break;
    case "hangup":
      response.hangup();
      break;
    case "pause":
      response.pause({ length: 10 });
      break;
  }
  return response.toString();
}
