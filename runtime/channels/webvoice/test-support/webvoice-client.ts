import WebSocket from "ws";
import { FrameLog } from "../../../test-support/frame-log";
import { WebvoiceServerFrame } from "../webvoice-frames";

type Frame = WebvoiceServerFrame;

/** A real WebSocket client of /ws/webvoice/:channelId recording every frame (checked against the protocol's schema). */
export class WebvoiceClient {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly log = new FrameLog<Frame>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: WebSocket.RawData) => this.log.push(WebvoiceServerFrame.parse(JSON.parse(data.toString()))));
    this.closed = new Promise((resolve) => socket.on("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens the socket as a page of `origin` would; `{ok: false, status}` when the upgrade is refused. */
  static open(url: string, origin: string | undefined): Promise<{ ok: true; client: WebvoiceClient } | { ok: false; status: number }> {
    const socket = new WebSocket(url, origin === undefined ? {} : { headers: { origin } });
    return new Promise((resolve, reject) => {
      const client = new WebvoiceClient(socket);
      socket.once("open", () => resolve({ ok: true, client }));
      socket.once("unexpected-response", (_request, response) => resolve({ ok: false, status: response.statusCode ?? 0 }));
      socket.once("error", (error) => {
        if (!/Unexpected server response/.test(error.message)) reject(error);
      });
    });
  }

  /** Every frame received, in order. */
  get frames(): readonly Frame[] {
    return this.log.frames;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame of `type` matching `match` (from the start), waiting up to `timeoutMs`. */
  next<T extends Frame["type"]>(type: T, match: (frame: Extract<Frame, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<Frame, { type: T }>> {
    return this.log.next(type, match, timeoutMs);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}
