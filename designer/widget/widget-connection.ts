import type { WebchatClientFrame, WebchatServerFrame } from "../../runtime/channels/webchat/webchat-frames";

/** `refused`: this network made too many new chats lately; the detail says when to try again, and the widget retries then. */
export type ConnectionState = "connecting" | "online" | "offline" | "unavailable" | "refused";

export interface ConnectionEvents {
  frame(frame: WebchatServerFrame): void;
  state(state: ConnectionState, detail?: string): void;
}

type VisitorFrame = Extract<WebchatClientFrame, { type: "text" | "button" }>;
type ErrorFrame = Extract<WebchatServerFrame, { type: "error" }>;

/** Close codes after which reconnecting cannot help (the channel is disabled or gone). */
const FINAL_CLOSE_CODES = new Set([4403, 4404]);
const MAX_BACKOFF_MS = 30_000;

/**
 * The widget's socket: says `hello` with the stored token on every (re)connect, reconnects with
 * exponential backoff (0.5 s doubling to 30 s, with jitter), and resends the visitor's frames the
 * server has not acknowledged yet (same ids: the server recognises a frame it already stored).
 * The server's limits: a frame refused as `rate_limited` is sent again after its
 * `retryAfterSeconds`; a `hello` refused as `too_many_visitors` (then close 1008) waits its
 * `retryAfterSeconds` before the next attempt, in state `refused` with the server's message.
 */
export class WidgetConnection {
  private socket: WebSocket | undefined;
  private attempts = 0;
  private retry: number | undefined;
  private welcomed = false;
  private stopped = false;
  private readonly unacked = new Map<string, VisitorFrame>();
  /** The server refused this socket's hello (too many new visitors): what it said, and when to come back. */
  private refusal: { message: string; retryAfterMs: number } | undefined;

  constructor(
    private readonly url: string,
    private readonly token: { get(): string | undefined; set(token: string): void },
    private readonly events: ConnectionEvents,
  ) {}

  get started(): boolean {
    return this.socket !== undefined || this.retry !== undefined;
  }

  connect(): void {
    if (this.stopped || this.socket !== undefined) return;
    window.clearTimeout(this.retry);
    this.retry = undefined;
    this.events.state("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.welcomed = false;
    socket.addEventListener("open", () => {
      const token = this.token.get();
      socket.send(JSON.stringify(token === undefined ? { type: "hello" } : { type: "hello", token }));
    });
    socket.addEventListener("message", (event) => this.received(event.data));
    socket.addEventListener("close", (event) => this.lost(socket, event.code, event.reason));
  }

  /** The network is back (or the page visible again): retry now instead of waiting out the backoff. */
  retryNow(): void {
    if (this.retry === undefined) return;
    this.attempts = 0;
    this.connect();
  }

  /** Sends a visitor frame now if welcomed, else when the socket is back; kept until acknowledged. */
  send(frame: VisitorFrame): void {
    this.unacked.set(frame.id, frame);
    if (this.welcomed) this.socket?.send(JSON.stringify(frame));
    else this.connect();
  }

  private received(data: unknown): void {
    if (typeof data !== "string") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (!isServerFrame(parsed)) return;
    const frame = parsed;
    if (frame.type === "welcome") {
      this.welcomed = true;
      this.attempts = 0;
      this.token.set(frame.token);
      this.events.state("online");
      this.events.frame(frame);
      for (const pending of this.unacked.values()) this.socket?.send(JSON.stringify(pending));
      return;
    }
    if (frame.type === "ack") this.unacked.delete(frame.id);
    if (frame.type === "error") this.refused(frame);
    this.events.frame(frame);
  }

  private refused(frame: ErrorFrame): void {
    const retryAfterMs = (frame.retryAfterSeconds ?? 1) * 1000;
    if (frame.code === "too_many_visitors") this.refusal = { message: frame.message, retryAfterMs };
    if (frame.code !== "rate_limited" || frame.id === undefined) return;
    const id = frame.id;
    const socket = this.socket;
    window.setTimeout(() => {
      const pending = this.unacked.get(id);
      // Only on the same socket: a reconnect resends every unacknowledged frame itself.
      if (pending !== undefined && this.welcomed && this.socket === socket) socket?.send(JSON.stringify(pending));
    }, retryAfterMs);
  }

  private lost(socket: WebSocket, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.welcomed = false;
    if (FINAL_CLOSE_CODES.has(code)) {
      this.stopped = true;
      this.events.state("unavailable", reason);
      return;
    }
    const refusal = this.refusal;
    this.refusal = undefined;
    if (refusal !== undefined) {
      this.events.state("refused", refusal.message);
      this.retry = window.setTimeout(() => this.connect(), refusal.retryAfterMs + Math.random() * 1000);
      return;
    }
    this.events.state("offline");
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts);
    this.attempts += 1;
    this.retry = window.setTimeout(() => this.connect(), backoff / 2 + Math.random() * (backoff / 2));
  }
}

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(["welcome", "message", "ack", "typing", "ended", "pong", "error"]);

/** The server's frames are zod-checked where they are made; the widget only checks the shape it dispatches on (it ships without zod). */
function isServerFrame(value: unknown): value is WebchatServerFrame {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string" && SERVER_FRAME_TYPES.has(value.type);
}
