import { randomUUID } from "node:crypto";
import type { CallChannel, MediaCalls } from "../../media/calls/media-calls";
import { MediaPlaneError } from "../../media/media-plane";
import type { Taken } from "../webchat/rate-window";
import { WebvoiceClientFrame, type WebvoiceServerFrame } from "./webvoice-frames";

type IceServer = { urls: string | string[]; username?: string; credential?: string };

export interface WebvoiceSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface WebvoiceConnectionDeps {
  calls: Pick<MediaCalls, "answer" | "hangup" | "watch">;
  iceServers(visitor: string): IceServer[];
  /** The per-address limit on new calls (shared with the other sockets of the address). */
  admitCall(now: number): Taken;
  /** This socket's frame limit. */
  frames: { take(now: number): Taken };
  log(line: string): void;
  now?: () => number;
}

/** Offer errors the page can act on (the others are the server's). */
const CALLER_ERRORS = new Set(["invalid_sdp", "no_audio", "no_common_codec"]);

/**
 * One widget socket: at most one call at a time, started by the page's offer and ended by a
 * hangup frame, by the socket closing, or by the other side (the flow, an agent, lost media).
 */
export class WebvoiceConnection {
  private callId: string | undefined;
  private stopWatching: (() => void) | undefined;
  private readonly visitor = randomUUID().replaceAll("-", "");
  private readonly now: () => number;
  private starting = false;
  private isClosed = false;

  constructor(
    private readonly channel: CallChannel,
    private readonly deps: WebvoiceConnectionDeps,
    private readonly socket: WebvoiceSocket,
  ) {
    this.now = deps.now ?? Date.now;
  }

  opened(enabled: boolean): void {
    if (!enabled) {
      this.socket.close(4403, "this voice channel is disabled");
      return;
    }
    this.send({ type: "ready", iceServers: this.deps.iceServers(this.visitor) });
  }

  received(text: string): void {
    if (this.isClosed) return;
    const limited = this.deps.frames.take(this.now());
    if (!limited.ok) {
      this.error("rate_limited", `too many frames: wait ${Math.ceil(limited.retryAfterMs / 1000)} s`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.error("invalid_frame", "a frame is one JSON object");
      return;
    }
    const parsed = WebvoiceClientFrame.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.error("invalid_frame", `${issue?.path.join(".") || "frame"}: ${issue?.message ?? "invalid"}`);
      return;
    }
    const frame = parsed.data;
    if (frame.type === "hangup") {
      void this.hangup();
      return;
    }
    void this.call(frame.sdp, frame.visitor ?? this.visitor);
  }

  closed(): void {
    this.isClosed = true;
    void this.hangup();
  }

  private async call(sdp: string, visitor: string): Promise<void> {
    if (this.callId !== undefined || this.starting) {
      this.error("call_in_progress", "hang up the current call first");
      return;
    }
    const admitted = this.deps.admitCall(this.now());
    if (!admitted.ok) {
      this.error("too_many_calls", `too many new calls from this address: try again in ${Math.ceil(admitted.retryAfterMs / 1000)} s`);
      return;
    }
    this.starting = true;
    try {
      const { callId, answerSdp } = await this.deps.calls.answer({ channel: this.channel, from: visitor, leg: { kind: "webrtc", offerSdp: sdp, iceServers: this.deps.iceServers(visitor) } });
      this.callId = callId;
      this.stopWatching = this.deps.calls.watch(callId, (signal) => {
        if (signal.state === "connected") this.send({ type: "connected", callId });
        else {
          this.send({ type: "ended", callId, reason: signal.reason, hungUpBy: signal.hungUpBy });
          this.forget();
        }
      });
      this.send({ type: "answer", callId, sdp: answerSdp });
      // The page went away while the offer was being answered.
      if (this.isClosed) await this.hangup();
    } catch (error) {
      const code = error instanceof MediaPlaneError ? error.code : "internal";
      if (!CALLER_ERRORS.has(code)) this.deps.log(`webvoice ${this.channel.id}: a call could not start: ${error instanceof Error ? error.message : String(error)}`);
      this.error(CALLER_ERRORS.has(code) ? code : "call_failed", error instanceof MediaPlaneError && CALLER_ERRORS.has(code) ? error.message : "the call could not be started");
    } finally {
      this.starting = false;
    }
  }

  private async hangup(): Promise<void> {
    const callId = this.callId;
    if (callId === undefined) return;
    // Its watcher says "ended" to the page and forgets the call.
    await this.deps.calls.hangup(callId, "caller");
    this.forget();
  }

  private forget(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.callId = undefined;
  }

  private error(code: string, message: string): void {
    this.send({ type: "error", code, message });
  }

  private send(frame: WebvoiceServerFrame): void {
    if (!this.isClosed) this.socket.send(JSON.stringify(frame));
  }
}
