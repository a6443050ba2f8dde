import WebSocket from "ws";
import { FrameLog } from "../../test-support/frame-log";
import { ServerFrame } from "../../http/ws/agent-frames";
import { SESSION_COOKIE } from "../../http/auth/session-cookie";

type Frame = ServerFrame;

/** A real WebSocket client of /ws/agent that records every frame (checked against the protocol's zod schema). */
export class AgentClient {
  private readonly log = new FrameLog<Frame>();

  /** Every frame received, in order. */
  get frames(): readonly Frame[] {
    return this.log.frames;
  }
  readonly closed: Promise<{ code: number; reason: string }>;
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: WebSocket.RawData) => {
      this.log.push(ServerFrame.parse(JSON.parse(data.toString())));
    });
    this.closed = new Promise((resolve) => socket.on("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects with the login cookie (`via: "cookie"`) or `?token=`; resolves once open. */
  static connect(url: string, token: string, via: "cookie" | "query" = "cookie"): Promise<AgentClient> {
    const socket = via === "cookie" ? new WebSocket(url, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }) : new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    const client = new AgentClient(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(client));
      socket.once("unexpected-response", (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode ?? 0}`)));
      socket.once("error", reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends a heartbeat every `everyMs` until `stopHeartbeats()` or `close()`. */
  startHeartbeats(everyMs: number): void {
    this.stopHeartbeats();
    this.heartbeat = setInterval(() => this.send({ type: "heartbeat" }), everyMs);
  }

  stopHeartbeats(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** The first frame (from the start) of `type` matching `match`, waiting up to `timeoutMs`. */
  next<T extends Frame["type"]>(type: T, match: (frame: Extract<Frame, { type: T }>) => boolean = () => true, timeoutMs = 3_000): Promise<Extract<Frame, { type: T }>> {
    return this.log.next(type, match, timeoutMs);
  }

  /** Frames of one type received so far. */
  of<T extends Frame["type"]>(type: T): Array<Extract<Frame, { type: T }>> {
    return this.log.of(type);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.stopHeartbeats();
    this.socket.close();
    return this.closed;
  }
}
