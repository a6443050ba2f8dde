import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import type { SipMessage } from "../sip/sip-message";
import { parseSipMessage } from "../sip/sip-parse";
import { SipStreamFramer } from "../sip/sip-stream-framer";

/**
 * A message the peer received: parsed (undefined when it did not parse: a 400 copies the broken
 * headers it answers), its status and first Call-ID read from the text either way, and the text.
 */
export interface RawReceived {
  message: SipMessage | undefined;
  status: number | undefined;
  callId: string | undefined;
  text: string;
}

function received(message: SipMessage | undefined, text: string): RawReceived {
  const status = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
  const callId = /^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)/im.exec(text)?.[1];
  return { message, status: status === undefined ? undefined : Number(status), callId, text };
}

/**
 * A SIP peer that sends bytes as they are (broken ones too) over UDP or one TCP connection and
 * keeps what comes back, for tests of how the stack treats bad input from the network.
 */
export class RawSipPeer {
  readonly received: RawReceived[] = [];
  private closedConnection = false;

  private constructor(
    private readonly udp: UdpSocket | undefined,
    private readonly tcp: Socket | undefined,
    readonly localPort: number,
    private readonly target: { address: string; port: number },
  ) {}

  /** A UDP peer bound to `localAddress` (default 127.0.0.1; any 127.x.y.z works on Linux) sending to `target`. */
  static async udp(target: { address: string; port: number }, localAddress = "127.0.0.1"): Promise<RawSipPeer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, localAddress, () => resolve());
    });
    const peer = new RawSipPeer(socket, undefined, socket.address().port, target);
    socket.on("message", (data) => peer.keep(data));
    return peer;
  }

  /** A TCP connection to `target`. */
  static async tcp(target: { address: string; port: number }): Promise<RawSipPeer> {
    const socket = connect({ host: target.address, port: target.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    socket.on("error", () => undefined);
    const peer = new RawSipPeer(undefined, socket, socket.localPort ?? 0, target);
    const framer = new SipStreamFramer();
    socket.on("data", (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        if (item.kind !== "parsed") continue;
        const result = item.result;
        peer.received.push(received(result.kind === "message" ? result.message : undefined, item.bytes.toString("latin1")));
      }
    });
    socket.on("close", () => {
      peer.closedConnection = true;
    });
    return peer;
  }

  /** Whether the TCP connection was closed (by either side). */
  get closed(): boolean {
    return this.closedConnection;
  }

  private keep(data: Buffer): void {
    const result = parseSipMessage(data);
    this.received.push(received(result.kind === "message" ? result.message : undefined, data.toString("latin1")));
  }

  /** Sends bytes (or text with `\n` turned into CRLF) as one datagram or onto the connection. */
  async send(data: Buffer | string): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data.replace(/\r?\n/g, "\r\n"), "latin1") : data;
    if (this.udp) {
      const udp = this.udp;
      await new Promise<void>((resolve, reject) => udp.send(bytes, this.target.port, this.target.address, (error) => (error ? reject(error) : resolve())));
      return;
    }
    const tcp = this.tcp;
    if (!tcp || tcp.destroyed) return;
    await new Promise<void>((resolve) => tcp.write(bytes, () => resolve()));
  }

  /** The statuses of the responses received so far (for a Call-ID when given), in order. */
  statuses(callId?: string): number[] {
    return this.received.flatMap((item) => (item.status === undefined || (callId !== undefined && item.callId !== callId) ? [] : [item.status]));
  }

  async close(): Promise<void> {
    const udp = this.udp;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    this.tcp?.destroy();
  }
}
