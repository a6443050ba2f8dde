import twilio from "twilio";
import WebSocket from "ws";
import { MuLawTone } from "./mulaw-tone";

type Opened = { ok: true; client: TwilioStreamClient } | { ok: false; status: number; body: string };

/**
 * A stand-in for Twilio's side of a bidirectional Media Stream (MEDIA.md 4): opens the WebSocket
 * with X-Twilio-Signature over `signedUrl` (the `wss://` URL built from PUBLIC_URL, as Twilio signs
 * it) while connecting to `socketUrl` (the test server), sends `connected` and `start` with
 * custom parameters, real μ-law 20 ms frames of a tone, `dtmf` and `stop`, and keeps what comes
 * back: `media` payloads, `clear`s, and `mark`s (echoed at once, as when playback reached them).
 */
export class TwilioStreamClient {
  readonly streamSid = `MZ${Math.random().toString(16).slice(2).padEnd(32, "0").slice(0, 32)}`;
  /** The μ-law frames received, in order (a `clear` is kept as an empty frame). */
  readonly frames: Buffer[] = [];
  readonly clears: number[] = [];
  readonly marks: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  private sequence = 0;
  private chunk = 0;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => this.received(data.toString()));
    ws.on("close", (code, reason) => {
      this.stopTone();
      this.closedWith = { code, reason: reason.toString() };
    });
  }

  static open(socketUrl: string, signedUrl: string, authToken: string, signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, {})): Promise<Opened> {
    const ws = new WebSocket(socketUrl, { headers: { "x-twilio-signature": signature } });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve({ ok: true, client: new TwilioStreamClient(ws) }));
      ws.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ ok: false, status: response.statusCode ?? 0, body }));
      });
      ws.once("error", (error) => reject(error));
    });
  }

  /** `connected`, then `start` for the call with these `<Parameter>`s. */
  start(callSid: string, customParameters: Record<string, string>, accountSid = "AC00000000000000000000000000000000"): void {
    this.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    this.send({
      event: "start",
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      start: { streamSid: this.streamSid, accountSid, callSid, tracks: ["inbound"], customParameters, mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } },
    });
  }

  /** The caller's tone: one `media` message of 160 μ-law bytes every 20 ms. */
  playTone(frequency: number): void {
    this.stopTone();
    const tone = new MuLawTone(frequency);
    this.timer = setInterval(() => this.media(tone.next()), 20);
  }

  stopTone(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  media(payload: Buffer): void {
    this.chunk += 1;
    this.send({ event: "media", sequenceNumber: String(++this.sequence), streamSid: this.streamSid, media: { track: "inbound", chunk: String(this.chunk), timestamp: String(this.chunk * 20), payload: payload.toString("base64") } });
  }

  dtmf(digit: string): void {
    this.send({ event: "dtmf", sequenceNumber: String(++this.sequence), streamSid: this.streamSid, dtmf: { track: "inbound_track", digit } });
  }

  stop(callSid: string): void {
    this.stopTone();
    this.send({ event: "stop", sequenceNumber: String(++this.sequence), streamSid: this.streamSid, stop: { accountSid: "AC00000000000000000000000000000000", callSid } });
  }

  /** Drops the connection without a `stop` (a network failure). */
  drop(): void {
    this.stopTone();
    this.ws.terminate();
  }

  close(): void {
    this.stopTone();
    this.ws.close();
  }

  private send(message: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private received(text: string): void {
    const message: unknown = JSON.parse(text);
    if (typeof message !== "object" || message === null || !("event" in message)) return;
    if (message.event === "media" && "media" in message && typeof message.media === "object" && message.media !== null && "payload" in message.media && typeof message.media.payload === "string") {
      this.frames.push(Buffer.from(message.media.payload, "base64"));
    } else if (message.event === "clear") {
      this.clears.push(this.frames.length);
    } else if (message.event === "mark" && "mark" in message && typeof message.mark === "object" && message.mark !== null && "name" in message.mark && typeof message.mark.name === "string") {
      this.marks.push(message.mark.name);
      // Twilio echoes a mark when playback reaches it: our frames play as they come, so at once.
      this.send({ event: "mark", sequenceNumber: String(++this.sequence), streamSid: this.streamSid, mark: { name: message.mark.name } });
    }
  }
}
