import { randomBytes } from "node:crypto";
import type { MediaPlane } from "../media-plane";
import type { MediaEvent, StreamInput } from "../process/media-protocol";
import { type StartedStream, type StreamSocket, TwilioStreamConnection } from "./twilio-stream-connection";
import type { StreamParameters } from "./twilio-stream-messages";

/** How long a redirected call may take to open its stream before its token is forgotten. */
const EXPECT_MS = 60_000;

interface Expected {
  channelId: string;
  callSid: string;
  conversationId: string;
  until: number;
}

export type StreamEnd = { stream: StartedStream; reason: string; detail: string | undefined };

/**
 * Twilio Media Streams on the media plane, runtime side: the calls we redirected to
 * `<Connect><Stream>` (each with a one-time token sent as a `<Parameter>`), the open sockets and
 * their legs. The media process's `stream.*` events and the legs' ends are routed to their socket.
 */
export class TwilioStreams {
  private readonly expected = new Map<string, Expected>();
  private readonly byLeg = new Map<string, TwilioStreamConnection>();
  private readonly startedListeners = new Set<(stream: StartedStream) => void>();
  private readonly endedListeners = new Set<(end: StreamEnd) => void>();

  constructor(
    private readonly plane: Pick<MediaPlane, "send" | "post">,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A call is about to be connected to a stream: the `<Parameter>`s its `<Connect><Stream>` carries. */
  expect(channelId: string, callSid: string, conversationId: string): StreamParameters {
    const token = randomBytes(18).toString("base64url");
    for (const [key, entry] of this.expected) if (entry.until < this.now()) this.expected.delete(key);
    this.expected.set(token, { channelId, callSid, conversationId, until: this.now() + EXPECT_MS });
    return { callSid, conversationId, token };
  }

  /** A socket the route admitted (signature checked). */
  open(channelId: string, socket: StreamSocket): TwilioStreamConnection {
    const connection = new TwilioStreamConnection(channelId, socket, {
      admit: (channel, callSid, parameters) => this.admit(channel, callSid, parameters),
      createLeg: async (legId) => {
        this.byLeg.set(legId, connection);
        try {
          await this.plane.send({ type: "leg.stream", legId });
        } catch (error) {
          this.byLeg.delete(legId);
          throw error;
        }
      },
      post: (input: StreamInput) => this.plane.post(input),
      started: (stream) => {
        for (const listener of this.startedListeners) listener(stream);
      },
      log: this.log,
    });
    return connection;
  }

  /** Ends a stream's leg from our side (the room closed): its socket closes and Twilio runs `<Connect action>`. */
  async end(legId: string): Promise<void> {
    await this.plane.send({ type: "leg.end", legId }).catch(() => undefined);
  }

  /** Handles a media event if it is a stream leg's (returns whether it was). */
  mediaEvent(event: MediaEvent): boolean {
    if (!("legId" in event)) return false;
    const connection = this.byLeg.get(event.legId);
    if (connection === undefined) return false;
    connection.mediaEvent(event);
    if (event.type === "leg.ended") {
      this.byLeg.delete(event.legId);
      const stream = connection.started;
      if (stream !== undefined) for (const listener of this.endedListeners) listener({ stream, reason: event.reason, detail: event.detail });
    }
    return true;
  }

  onStarted(listener: (stream: StartedStream) => void): () => void {
    this.startedListeners.add(listener);
    return () => this.startedListeners.delete(listener);
  }

  onEnded(listener: (end: StreamEnd) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private admit(channelId: string, callSid: string, parameters: StreamParameters): boolean {
    const entry = this.expected.get(parameters.token);
    if (entry === undefined || entry.until < this.now() || entry.channelId !== channelId || entry.callSid !== callSid || entry.conversationId !== parameters.conversationId) return false;
    this.expected.delete(parameters.token);
    return true;
  }
}
