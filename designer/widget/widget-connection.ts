import type { WebchatClientFrame, WebchatServerFrame } from "../../runtime/channels/webchat/webchat-frames";

export type ConnectionState = "connecting" | "online" | "offline" | "unavailable";

export interface ConnectionEvents {
  frame(frame: WebchatServerFrame): void;
  state(state: ConnectionState, detail?: string): void;
}

type VisitorFrame = Extract<WebchatClientFrame, { type: "text" | "button" }>;

/** Close codes after which reconnecting cannot help (the channel is disabled or gone). */
const FINAL_CLOSE_CODES = new Set([4403, 4404]);
const MAX_BACKOFF_MS = 30_000;

/**
 * The widget's socket: says `hello` with the stored token on every (re)connect, reconnects with
 * exponential backoff (0.5 s doubling to 30 s, with jitter), and resends the visitor's frames the
 * server has not acknowledged yet (same ids: the server recognises a frame it already stored).
 */
export class WidgetConnection {
  private socket: WebSocket | undefined;
  private attempts = 0;
  private retry: number | undefined;
  private welcomed = false;
  private stopped = false;
  private readonly unacked = new Map<string, VisitorFrame>();

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
    this.events.frame(frame);
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
