import type { ConversationView } from "../../rooms/views";

/**
 * A room's phone leg: the customer's side of a conversation's call as `CallAgents` follows it,
 * whichever way it reaches the media plane — a media-plane call's own leg (`CallPhone`: browser
 * voice, SIP, WhatsApp) or a Twilio caller's Media Stream (`StreamPhone`). `CallAgents` does the
 * rest the same way for both: agents' softphone legs into the room's bridge, hold music into this
 * leg, resume, back to the queue, invited agents (mixed), mute, leave and close; the call's row
 * (`callId`) gets the agents' stays, the hold time and the recording.
 */
export interface RoomPhone {
  /** The call's row (`calls`). */
  readonly callId: string;
  /** Its leg in the media plane. */
  readonly legId: string;
  /** The leg is still there (a call that ended, a stream that closed: not). */
  readonly live: boolean;
  /** Keys from an agent's keypad can reach the caller (`sendDigits`). */
  readonly keysReachCaller: boolean;
  /** The far end rings (a call an agent placed): agents hear ringback. */
  readonly ringing: boolean;
  /** Stops what plays to the caller on its own (prompts, queue music) before it hears the agents. */
  quiet(): Promise<void>;
  /** Back in the queue (the agents are out): the caller hears `audio`, the hold music. */
  waiting(audio: string): Promise<void>;
  /** The room is over (closed, or deleted: `undefined`) and the agents are out: what becomes of the caller. */
  roomClosed(conversation: ConversationView | undefined): Promise<void>;
  /**
   * Keys an agent pressed on the softphone's keypad, towards the caller. Refused (throws) where
   * the leg cannot carry them (a Twilio Media Stream carries no DTMF back to the caller).
   */
  sendDigits(digits: string): Promise<void>;
}
