/** What the hold music plays when neither the transfer nor its team names hold audio (served from `/audio/`, made by `audio/synthesize.ts`). */
export const DEFAULT_HOLD_AUDIO = "hold";

/** What the `waitUrl` document says and plays while a caller waits in a queue. */
export interface HoldMessage {
  token: string;
  /** The transfer's rendered waitingMessage. */
  message?: string | undefined;
  /** The transfer's holdAudio asset id. */
  audio?: string | undefined;
  /** The transfer's team: its hold audio plays when the transfer names none. */
  team?: string | undefined;
  voice?: string | undefined;
  language?: string | undefined;
}

/** The route of Twilio Media Streams' WebSockets on the runtime's HTTP server. */
export const TWILIO_STREAM_PATH = "/media/twilio/:channelId";

/** One call leg in an agent room: the conversation and the participant on the call. */
export interface RoomLegRef {
  conversationId: string;
  participantId: string;
}

/**
 * The absolute URLs of one Twilio voice channel, built from `PUBLIC_URL`: Twilio calls them back,
 * signs them, and a call update over REST needs them absolute.
 */
export class VoiceUrls {
  readonly base: string;

  constructor(
    private readonly publicUrl: string,
    private readonly channelId: string,
  ) {
    this.base = `${publicUrl}/webhooks/twilio/voice/${encodeURIComponent(channelId)}`;
  }

  /**
   * The `<Stream url>` of a call bridged to an agent on the media plane: `PUBLIC_URL` with the
   * WebSocket scheme (`wss` for `https`), no query (Twilio allows none). The upgrade's
   * X-Twilio-Signature is computed over exactly this URL.
   */
  mediaStream(): string {
    return `${this.publicUrl.replace(/^http/, "ws")}${TWILIO_STREAM_PATH.replace(":channelId", encodeURIComponent(this.channelId))}`;
  }

  /** The number's "A call comes in" webhook. */
  incoming(): string {
    return this.base;
  }

  /** The number's "Call status changes" callback. */
  status(): string {
    return `${this.base}/status`;
  }

  /** The `<Gather action>` of a wait: the token tells a late or replayed answer apart. */
  gather(token: string): string {
    return `${this.base}/gather?${new URLSearchParams({ token })}`;
  }

  /** The `<Record action>` of a record node's wait. */
  record(token: string): string {
    return `${this.base}/record?${new URLSearchParams({ token })}`;
  }

  /** Where the `<Redirect>` after a `<Record>` goes: Twilio recorded nothing (it does not request the action then). */
  recordNoAudio(token: string): string {
    return `${this.base}/record?${new URLSearchParams({ token, noaudio: "1" })}`;
  }

  /** Where the `<Redirect>` after a `<Gather>` goes when the caller entered nothing. */
  gatherTimeout(token: string): string {
    return `${this.base}/gather?${new URLSearchParams({ token, timeout: "1" })}`;
  }

  /** The `<Dial action>` of a dial node's wait: Twilio requests it when the dialled call ends. */
  dial(token: string): string {
    return `${this.base}/dial?${new URLSearchParams({ token })}`;
  }

  /** The `<Enqueue waitUrl>`: the hold document is built from the query, so any instance can answer it. */
  wait(hold: HoldMessage): string {
    const query = new URLSearchParams({ token: hold.token });
    if (hold.message !== undefined && hold.message.trim() !== "") query.set("message", hold.message);
    if (hold.audio !== undefined) query.set("audio", hold.audio);
    if (hold.team !== undefined) query.set("team", hold.team);
    if (hold.voice !== undefined) query.set("voice", hold.voice);
    if (hold.language !== undefined) query.set("language", hold.language);
    return `${this.base}/wait?${query}`;
  }

  /**
   * The `<Gather action>` of a room's speech loop for one leg (a conversation participant on a
   * call); `timeout` marks the `<Redirect>` that follows it (nothing said). The token names the turn.
   */
  room(leg: RoomLegRef, token: string, timedOut = false): string {
    const query = new URLSearchParams({ conversation: leg.conversationId, participant: leg.participantId, token });
    if (timedOut) query.set("timeout", "1");
    return `${this.base}/room?${query}`;
  }

  /** The `Url` of an outbound call placed to invite a participant: the TwiML of the joining leg. */
  join(leg: RoomLegRef): string {
    return `${this.base}/join?${new URLSearchParams({ conversation: leg.conversationId, participant: leg.participantId })}`;
  }

  /** The `StatusCallback` of such a call (its final status: completed, busy, no-answer, failed, canceled). */
  legStatus(leg: RoomLegRef): string {
    return `${this.base}/leg-status?${new URLSearchParams({ conversation: leg.conversationId, participant: leg.participantId })}`;
  }

  /** An audio asset: `${PUBLIC_URL}/audio/<id>.wav`. */
  audio(id: string): string {
    return `${this.publicUrl}/audio/${encodeURIComponent(id)}.wav`;
  }
}
