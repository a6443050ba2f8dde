import type { WebvoiceClientFrame, WebvoiceServerFrame } from "../../runtime/channels/webvoice/webvoice-frames";

export interface VoiceSocketEvents {
  frame(frame: WebvoiceServerFrame): void;
  /** The socket closed (or never opened: code 1006); not called after `close()`. */
  closed(code: number, reason: string): void;
}

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(["ready", "answer", "connected", "ended", "error"]);

/**
 * One call's signalling socket (`/ws/webvoice/:channelId`): JSON frames in and out. It does not
 * reconnect: a call's media belongs to its socket, so a dropped socket ends the call.
 */
export class VoiceSocket {
  private readonly socket: WebSocket;
  private closedByUs = false;

  constructor(url: string, events: VoiceSocketEvents) {
    this.socket = new WebSocket(url);
    this.socket.addEventListener("message", (event) => {
      const frame = parseFrame(event.data);
      if (frame !== undefined) events.frame(frame);
    });
    this.socket.addEventListener("close", (event) => {
      if (!this.closedByUs) events.closed(event.code, event.reason);
    });
  }

  send(frame: WebvoiceClientFrame): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Closes without telling `closed` (the server hangs the call up when its socket closes). */
  close(): void {
    this.closedByUs = true;
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, "bye");
  }
}

/** The server's frames are zod-checked where they are made; the widget ships without zod and checks what it dispatches on. */
function parseFrame(data: unknown): WebvoiceServerFrame | undefined {
  if (typeof data !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  return isServerFrame(parsed) ? parsed : undefined;
}

function isServerFrame(value: unknown): value is WebvoiceServerFrame {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string" && SERVER_FRAME_TYPES.has(value.type);
}
