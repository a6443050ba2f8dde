import { createSocket, type Socket } from "node:dgram";

/** No free even/odd port pair in `RTP_PORT_MIN`–`RTP_PORT_MAX` (every pair is ours or taken by another process). */
export class RtpPortsExhaustedError extends Error {
  readonly code = "rtp_ports_exhausted";
  constructor(message: string) {
    super(message);
    this.name = "RtpPortsExhaustedError";
  }
}

/** The two UDP sockets of one RTP leg: RTP on an even port, RTCP on the next (RFC 3550 §11). */
export interface RtpSocketPair {
  rtp: Socket;
  rtcp: Socket;
  port: number;
  /** The address the sockets are bound to (`0.0.0.0`: every interface). */
  address: string;
  /** Closes both sockets and gives the pair back to the allocator (idempotent). */
  release(): void;
}

export interface RtpPortAllocatorOptions {
  min: number;
  max: number;
  /** `MEDIA_BIND_ADDRESS` (default `0.0.0.0`). */
  bindAddress?: string;
}

/**
 * Hands out RTP/RTCP socket pairs from the configured port range: even ports for RTP, the next
 * odd one for RTCP. A pair is never handed out twice while in use; a port another process holds
 * (EADDRINUSE: WebRTC's ICE shares the range) is skipped for the next free pair. The search
 * starts at a random pair, so ports are not reused at once after a call ends (late packets of an
 * old call do not reach a new one). When every pair has been tried, `allocate` throws
 * `RtpPortsExhaustedError`; nothing stays bound.
 */
export class RtpPortAllocator {
  private readonly inUse = new Set<number>();
  private readonly first: number;
  private readonly pairs: number;
  readonly bindAddress: string;

  constructor(options: RtpPortAllocatorOptions) {
    this.first = options.min % 2 === 0 ? options.min : options.min + 1;
    this.pairs = Math.max(0, Math.floor((options.max - this.first + 1) / 2));
    this.bindAddress = options.bindAddress ?? "0.0.0.0";
  }

  get allocated(): number {
    return this.inUse.size;
  }

  async allocate(): Promise<RtpSocketPair> {
    const start = Math.floor(Math.random() * this.pairs);
    let busy = 0;
    for (let k = 0; k < this.pairs; k++) {
      const port = this.first + ((start + k) % this.pairs) * 2;
      if (this.inUse.has(port)) continue;
      this.inUse.add(port);
      const pair = await this.bindPair(port);
      if (pair !== undefined) return pair;
      this.inUse.delete(port);
      busy++;
    }
    throw new RtpPortsExhaustedError(
      `no free RTP port pair between ${this.first} and ${this.first + this.pairs * 2 - 1} (${this.inUse.size} in use by calls, ${busy} taken by other processes): widen RTP_PORT_MIN–RTP_PORT_MAX`,
    );
  }

  private async bindPair(port: number): Promise<RtpSocketPair | undefined> {
    const rtp = await bindSocket(port, this.bindAddress);
    if (rtp === undefined) return undefined;
    const rtcp = await bindSocket(port + 1, this.bindAddress);
    if (rtcp === undefined) {
      rtp.close();
      return undefined;
    }
    let released = false;
    return {
      rtp,
      rtcp,
      port,
      address: this.bindAddress,
      release: () => {
        if (released) return;
        released = true;
        for (const socket of [rtp, rtcp]) {
          try {
            socket.close();
          } catch {
            // Already closed (a socket error closed it).
          }
        }
        this.inUse.delete(port);
      },
    };
  }
}

/** A UDP socket bound to the port, or undefined when the port is taken (or cannot be bound). */
function bindSocket(port: number, address: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: "udp4" });
    const failed = () => {
      try {
        socket.close();
      } catch {
        // A socket whose bind failed may already be closed.
      }
      resolve(undefined);
    };
    socket.once("error", failed);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off("error", failed);
      resolve(socket);
    });
  });
}
