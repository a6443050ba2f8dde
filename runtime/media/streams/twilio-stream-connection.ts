import type { MediaEvent, StreamInput } from "../process/media-protocol";
import { StreamParameters, TwilioStreamMessage } from "./twilio-stream-messages";

/** The socket as the connection uses it (the route's WebSocket). */
export interface StreamSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** A stream whose `start` named a call we expected: its leg in the media plane. */
export interface StartedStream {
  channelId: string;
  callSid: string;
  conversationId: string;
  streamSid: string;
  legId: string;
}

export interface StreamConnectionDeps {
  /** The one-time expectation the `start`'s parameters answer (taken: a second start with them is refused). */
  admit(channelId: string, callSid: string, parameters: StreamParameters): boolean;
  /** Creates the stream's leg in the media process. */
  createLeg(legId: string): Promise<void>;
  post(input: StreamInput): void;
  started(stream: StartedStream): void;
  log(line: string): void;
}

/**
 * One Twilio Media Stream socket (MEDIA.md 4), in the runtime process: `connected`, then `start`
 * (its `customParameters` must name a call and conversation we redirected, with their one-time
 * token, else the socket closes with 1008), then `media` frames and `dtmf` keys handed to the
 * stream's leg in the media process, `mark` echoes counted, `stop`. What the leg sends comes back
 * as `stream.*` events and leaves as `media`, `clear` and `mark` messages. A socket that closes
 * without `stop` is a dropped stream: the leg ends as `peer_gone`.
 */
export class TwilioStreamConnection {
  private stream: StartedStream | undefined;
  private legReady = false;
  private stopped = false;
  private closedSocket = false;
  /** Marks we sent and Twilio echoed (the caller heard up to them). */
  marksSent = 0;
  marksPlayed = 0;
  framesIn = 0;
  framesOut = 0;

  constructor(
    readonly channelId: string,
    private readonly socket: StreamSocket,
    private readonly deps: StreamConnectionDeps,
  ) {}

  /** The stream once its leg exists. */
  get started(): StartedStream | undefined {
    return this.legReady ? this.stream : undefined;
  }

  received(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.deps.log(`twilio stream on ${this.channelId}: a message that is not JSON was ignored`);
      return;
    }
    const parsed = TwilioStreamMessage.safeParse(json);
    if (!parsed.success) {
      // Unknown events (Twilio may add some) and malformed ones change nothing.
      return;
    }
    const message = parsed.data;
    switch (message.event) {
      case "connected":
        return;
      case "start":
        void this.start(message.streamSid, message.start.callSid, message.start.customParameters);
        return;
      case "media":
        if (this.legReady && this.stream !== undefined && message.streamSid === this.stream.streamSid && (message.media.track ?? "inbound") === "inbound") {
          this.framesIn += 1;
          const timestampMs = Number(message.media.timestamp);
          this.deps.post({ type: "stream.media", legId: this.stream.legId, payload: message.media.payload, ...(Number.isSafeInteger(timestampMs) && timestampMs >= 0 ? { timestampMs } : {}) });
        }
        return;
      case "dtmf":
        if (this.legReady && this.stream !== undefined && message.streamSid === this.stream.streamSid) this.deps.post({ type: "stream.dtmf", legId: this.stream.legId, digit: message.dtmf.digit });
        return;
      case "mark":
        if (this.stream !== undefined && message.streamSid === this.stream.streamSid) this.marksPlayed += 1;
        return;
      case "stop":
        if (this.stream === undefined || message.streamSid !== this.stream.streamSid || this.stopped) return;
        this.stopped = true;
        if (this.legReady) this.deps.post({ type: "stream.end", legId: this.stream.legId, how: "stop" });
        return;
    }
  }

  /** The socket closed (either side). Without a `stop` before it, the stream dropped. */
  closed(): void {
    this.closedSocket = true;
    if (this.stream !== undefined && this.legReady && !this.stopped) this.deps.post({ type: "stream.end", legId: this.stream.legId, how: "dropped" });
  }

  /** An event of this stream's leg: its audio and marks out, its end closes the socket (Twilio then runs `<Connect action>`). */
  mediaEvent(event: MediaEvent): void {
    const stream = this.stream;
    if (stream === undefined || this.closedSocket) return;
    if (event.type === "stream.media") {
      this.framesOut += 1;
      this.socket.send(JSON.stringify({ event: "media", streamSid: stream.streamSid, media: { payload: event.payload } }));
    } else if (event.type === "stream.clear") {
      this.socket.send(JSON.stringify({ event: "clear", streamSid: stream.streamSid }));
    } else if (event.type === "stream.mark") {
      this.marksSent += 1;
      this.socket.send(JSON.stringify({ event: "mark", streamSid: stream.streamSid, mark: { name: event.name } }));
    } else if (event.type === "leg.ended") {
      this.closedSocket = true;
      this.socket.close(1000, "stream ended");
    }
  }

  private async start(streamSid: string, callSid: string, customParameters: Record<string, string>): Promise<void> {
    if (this.stream !== undefined) return;
    const parameters = StreamParameters.safeParse(customParameters);
    if (!parameters.success || parameters.data.callSid !== callSid || !this.deps.admit(this.channelId, callSid, parameters.data)) {
      this.deps.log(`twilio stream on ${this.channelId}: call ${callSid} was not expected (its parameters do not name a call we connected): closed`);
      this.closedSocket = true;
      this.socket.close(1008, "unexpected stream");
      return;
    }
    const legId = `twilio-stream:${callSid}:${streamSid}`;
    this.stream = { channelId: this.channelId, callSid, conversationId: parameters.data.conversationId, streamSid, legId };
    try {
      await this.deps.createLeg(legId);
    } catch (error) {
      this.deps.log(`twilio stream ${streamSid}: no leg: ${error instanceof Error ? error.message : String(error)}`);
      this.closedSocket = true;
      this.socket.close(1011, "media unavailable");
      return;
    }
    this.legReady = true;
    if (this.closedSocket || this.stopped) {
      this.deps.post({ type: "stream.end", legId, how: this.stopped ? "stop" : "dropped" });
      return;
    }
    this.deps.started(this.stream);
  }
}
