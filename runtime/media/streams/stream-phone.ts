import type { ConversationView } from "../../rooms/views";
import type { CallParty } from "../../store/calls-repo";
import type { PromptClips } from "../calls/prompt-clips";
import type { RoomPhone } from "../calls/room-phone";
import type { MediaPlane } from "../media-plane";
import type { ClipFiles } from "../playback/clip-frames";
import type { StartedStream } from "./twilio-stream-connection";
import type { TwilioStreams } from "./twilio-streams";

/** Why an agent's keypad does nothing on a streamed Twilio call (MEDIA.md 4: no DTMF towards Twilio). */
export const STREAM_NO_KEYS = "keys cannot reach a Twilio caller on a Media Stream: Twilio carries no DTMF back to the caller";

/**
 * A Twilio caller's Media Stream as a room's phone leg (`RoomPhone`). The stream has no playout of
 * its own: queue music is the leg's hold music (no TwiML round trip), taken off when agents join.
 * When the room is over the stream's leg ends: its socket closes and Twilio runs `<Connect
 * action>`, where the flow (`VoiceRoom`) takes the call back. Keys cannot be sent (`STREAM_NO_KEYS`).
 */
export class StreamPhone implements RoomPhone {
  readonly ringing = false;
  readonly keysReachCaller = false;
  private music = false;
  private ended = false;
  /** Who ended the stream, when we did (the room closed: its agent). */
  endedBy: CallParty | undefined;

  constructor(
    readonly stream: StartedStream,
    /** The stream's call row. */
    readonly callId: string,
    private readonly deps: { streams: Pick<TwilioStreams, "end">; media: Pick<MediaPlane, "send">; clips: Pick<PromptClips, "asset">; log(line: string): void },
  ) {}

  get legId(): string {
    return this.stream.legId;
  }

  get live(): boolean {
    return !this.ended;
  }

  /** The stream's leg ended (`TwilioStreams.onEnded`). */
  gone(): void {
    this.ended = true;
  }

  async quiet(): Promise<void> {
    if (!this.music) return;
    this.music = false;
    await this.hold(null);
  }

  async waiting(audio: string): Promise<void> {
    this.music = true;
    const clip = await this.deps.clips.asset(audio);
    await this.hold(clip === undefined ? [] : [clip]);
  }

  async roomClosed(conversation: ConversationView | undefined): Promise<void> {
    await this.end(conversation === undefined ? "system" : conversation.closeReason === "customer_left" ? "caller" : "agent");
  }

  /** Ends the stream's leg from our side: its socket closes with 1000 and Twilio runs `<Connect action>`. */
  async end(by: CallParty = "system"): Promise<void> {
    this.endedBy ??= by;
    await this.deps.streams.end(this.stream.legId);
  }

  async sendDigits(): Promise<void> {
    throw new Error(STREAM_NO_KEYS);
  }

  private async hold(clips: ClipFiles[] | null): Promise<void> {
    await this.deps.media.send({ type: "leg.hold", legId: this.stream.legId, clips }).catch((error: unknown) => this.deps.log(`conversation ${this.stream.conversationId}: stream music: ${String(error)}`));
  }
}
