import { type ClientFrame, ServerFrame } from "../../../runtime/http/ws/agent-frames";
import { reconnectDelay } from "./reconnect-backoff";

export type SocketStatus = "connecting" | "open" | "offline";

export interface ConnectionEvents {
  /** A checked server frame. */
  onFrame(frame: ServerFrame): void;
  onStatus(status: SocketStatus): void;
}

const HEARTBEAT_MS = 10_000;
/** Without any frame for this long (two missed heartbeat acks) the socket is taken for dead. */
const SILENCE_MS = 25_000;

/** The socket URL of this page's origin (the login cookie goes with the upgrade). */
export const agentSocketUrl = (): string => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/ws/agent`;

/**
 * The agent's line to `/ws/agent`: heartbeats every 10 s, reconnects with backoff, drops a
 * silent socket, and follows the browser's online/offline events. Every server frame is checked
 * against the protocol's zod schema.
 */
export class AgentConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private stopped = true;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;

  constructor(
    private readonly events: ConnectionEvents,
    private readonly url: () => string = agentSocketUrl,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.wentOnline);
    window.addEventListener("offline", this.wentOffline);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.wentOnline);
    window.removeEventListener("offline", this.wentOffline);
    clearTimeout(this.retry);
    this.drop();
  }

  /** Sends a frame when the socket is open; false otherwise. */
  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** A snapshot arrived: the line is healthy again, back off from the start next time. */
  settled(): void {
    this.attempt = 0;
  }

  private open(): void {
    clearTimeout(this.retry);
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.events.onStatus("offline");
      return;
    }
    this.events.onStatus("connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("open", () => {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      this.events.onStatus("open");
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    });
    socket.addEventListener("message", (event) => {
      if (socket !== this.socket || typeof event.data !== "string") return;
      this.lastHeard = Date.now();
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const frame = ServerFrame.safeParse(json);
      if (frame.success) this.events.onFrame(frame.data);
    });
    socket.addEventListener("close", () => {
      if (socket !== this.socket) return;
      this.drop();
      this.scheduleReconnect();
    });
  }

  private beat(): void {
    if (Date.now() - this.lastHeard > SILENCE_MS) {
      this.drop();
      this.scheduleReconnect();
      return;
    }
    this.send({ type: "heartbeat" });
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.events.onStatus(navigator.onLine ? "connecting" : "offline");
    if (!navigator.onLine) return; // `online` reconnects
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.open(), reconnectDelay(this.attempt++));
  }

  /** Forgets the current socket (closing it if still open) and its heartbeat. */
  private drop(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined && socket.readyState <= WebSocket.OPEN) socket.close(1000, "client closing");
  }

  private readonly wentOnline = (): void => {
    if (this.stopped) return;
    this.attempt = 0;
    if (this.socket === undefined) this.open();
  };

  private readonly wentOffline = (): void => {
    if (this.stopped) return;
    this.drop();
    clearTimeout(this.retry);
    this.events.onStatus("offline");
  };
}
