import WebSocket from "ws";
import { FrameLog } from "../../../test-support/frame-log";
import { WebchatServerFrame } from "../webchat-frames";

type Frame = WebchatServerFrame;

/** How an upgrade went: the socket, or the HTTP status the server refused it with. */
export type Opened = { ok: true; client: WebchatClient } | { ok: false; status: number; body: string };

/** How the socket connects: from which local address (127.0.0.2 is another client on loopback), with which extra headers. */
export interface OpenOptions {
  localAddress?: string;
  headers?: Record<string, string>;
}

/** A real WebSocket client of /ws/webchat/:channelId sending an Origin header like a browser; every frame is checked against the protocol's zod schema. */
export class WebchatClient {
  private readonly log = new FrameLog<Frame>();

  /** Every frame received, in order. */
  get frames(): readonly Frame[] {
    return this.log.frames;
  }
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: WebSocket.RawData) => {
      this.log.push(WebchatServerFrame.parse(JSON.parse(data.toString())));
    });
    this.closed = new Promise((resolve) => socket.on("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens the socket as a page of `origin` would (no Origin header when undefined). */
  static open(url: string, origin: string | undefined, options: OpenOptions = {}): Promise<Opened> {
    const socket = new WebSocket(url, {
      ...(origin === undefined ? {} : { origin }),
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
    const client = new WebchatClient(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve({ ok: true, client }));
      socket.once("unexpected-response", (_request, response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ ok: false, status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      });
      socket.once("error", reject);
    });
  }

  /** Opens and says hello; resolves with the welcome. */
  static async join(url: string, origin: string, token?: string, options: OpenOptions = {}): Promise<{ client: WebchatClient; welcome: Extract<Frame, { type: "welcome" }> }> {
    const opened = await WebchatClient.open(url, origin, options);
    if (!opened.ok) throw new Error(`upgrade refused: ${opened.status} ${opened.body}`);
    opened.client.send(token === undefined ? { type: "hello" } : { type: "hello", token });
    return { client: opened.client, welcome: await opened.client.next("welcome") };
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Frames of one type received so far. */
  of<T extends Frame["type"]>(type: T): Array<Extract<Frame, { type: T }>> {
    return this.log.of(type);
  }

  /** The texts of the `message` frames received so far. */
  texts(): string[] {
    return this.of("message").map((frame) => frame.message.text);
  }

  /** The first frame (from the start) of `type` matching `match`, waiting up to `timeoutMs`. */
  next<T extends Frame["type"]>(type: T, match: (frame: Extract<Frame, { type: T }>) => boolean = () => true, timeoutMs = 5_000): Promise<Extract<Frame, { type: T }>> {
    return this.log.next(type, match, timeoutMs);
  }

  /** The first message whose text contains `text`. */
  message(text: string, timeoutMs?: number) {
    return this.next("message", (frame) => frame.message.text.includes(text), timeoutMs).then((frame) => frame.message);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}
