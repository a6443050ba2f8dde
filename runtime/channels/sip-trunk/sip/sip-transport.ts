import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { readFileSync, unwatchFile, watchFile, type Stats } from "node:fs";
import { createServer as createTcpServer, connect as tcpConnect, isIP, type Server as TcpServer, type Socket } from "node:net";
import { connect as tlsConnect, createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { KeyedRateWindows } from "../../webchat/keyed-rate-windows";
import { buildResponse } from "./sip-response";
import { DEFAULT_PORTS, type SipDestination, type SipSource, type SipTransportName } from "./sip-endpoint";
import type { SipCore, SipMessage, SipRequest, SipResponse } from "./sip-message";
import { serializeSipMessage } from "./sip-message";
import { parseSipMessage, peekStartLine, type SipParseResult } from "./sip-parse";
import { SipStreamFramer } from "./sip-stream-framer";
import { annotateTopVia, responseDestination } from "./via-routing";

/** A message received and parsed, with where it came from. */
export interface IncomingSip {
  message: SipMessage;
  core: SipCore;
  source: SipSource;
}

/** What the cheap admission check sees: the source and the first line only. */
export type StartLinePeek = { kind: "request"; method: string } | { kind: "response"; status: number };

/**
 * `accept`; `trusted` (accepted and never rate-limited: a known carrier); `drop` (nothing parsed,
 * nothing answered, counted); or `refuse` with a status (403): parsed and answered statelessly,
 * nothing kept.
 */
export type AdmitDecision = "accept" | "trusted" | "drop" | { refuse: number; reason?: string };

export interface SipTlsOptions {
  port: number;
  certFile: string;
  keyFile: string;
  /** How often the files are checked for changes (default 5000 ms). */
  pollMs?: number;
}

export interface SipRateLimit {
  /** Requests admitted per source address in any window (ACK, CANCEL, BYE and PRACK are never counted). 0: no limit. */
  limit: number;
  windowMs: number;
  /** The most addresses tracked (default 50 000). */
  maxKeys?: number;
}

export interface SipTransportOptions {
  /** The address to bind (SIP_HOST). */
  host: string;
  /** UDP and TCP port (SIP_PORT); 0 picks a free one (the same for both). */
  port: number;
  udp?: boolean;
  tcp?: boolean;
  tls?: SipTlsOptions;
  /** Trust settings for TLS connections we open (default: the system CAs, certificates checked). */
  tlsClient?: { rejectUnauthorized?: boolean; ca?: string | Buffer };
  /** Where parsed messages go (or set later with `setMessageHandler`, as the user agent does). */
  onMessage?: (incoming: IncomingSip) => void;
  admit?: (source: SipSource, start: StartLinePeek) => AdmitDecision;
  rateLimit?: SipRateLimit;
  /** Rare events worth a log line (TLS reloads, socket errors); never one per packet. */
  onEvent?: (event: SipTransportEvent) => void;
  /** TCP/TLS connections closed after this long without traffic (default 10 min). */
  idleTimeoutMs?: number;
  /** At most this many TCP/TLS connections at once (default 2000); more are closed at once. */
  maxConnections?: number;
}

export type SipTransportEvent =
  | { kind: "tls_reloaded" }
  | { kind: "tls_reload_failed"; error: string }
  | { kind: "socket_error"; transport: SipTransportName; error: string };

/** Counters instead of log lines: a scanner's packets cost an increment each. */
export interface SipTransportCounters {
  received: number;
  keepalives: number;
  malformed: number;
  answeredMalformed: number;
  droppedByAdmission: number;
  refusedByAdmission: number;
  rateLimited: number;
  answeredRateLimited: number;
  sent: number;
  sendErrors: number;
  connectionsOpened: number;
  connectionsRefused: number;
  tlsReloads: number;
  tlsReloadErrors: number;
}

interface Connection {
  id: number;
  transport: "tcp" | "tls";
  socket: Socket;
  key: string;
  framer: SipStreamFramer;
  ready: Promise<void>;
}

const NEVER_LIMITED = new Set(["ACK", "CANCEL", "BYE", "PRACK"]);

function plainAddress(address: string | undefined): string {
  if (!address) return "";
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function peerKey(transport: SipTransportName, address: string, port: number): string {
  return `${transport}|${address}|${port}`;
}

/**
 * The SIP transport layer (RFC 3261 §18): UDP, TCP and TLS listeners on one host, sending to
 * destinations (UDP datagrams; TCP/TLS over an open connection to that peer, or a new one),
 * answering responses where RFC 3261 §18.2.2 and RFC 3581 say. Before parsing beyond the first
 * line, `admit` and a per-address request rate limit can drop or refuse a message; malformed
 * requests that can be answered get 400 statelessly. Nothing here logs per packet: see `counters`.
 */
export class SipTransport {
  readonly counters: SipTransportCounters = {
    received: 0,
    keepalives: 0,
    malformed: 0,
    answeredMalformed: 0,
    droppedByAdmission: 0,
    refusedByAdmission: 0,
    rateLimited: 0,
    answeredRateLimited: 0,
    sent: 0,
    sendErrors: 0,
    connectionsOpened: 0,
    connectionsRefused: 0,
    tlsReloads: 0,
    tlsReloadErrors: 0,
  };
  private udp: UdpSocket | undefined;
  private tcpServer: TcpServer | undefined;
  private tlsServer: TlsServer | undefined;
  private readonly connections = new Map<number, Connection>();
  private readonly byPeer = new Map<string, Connection>();
  private nextConnectionId = 1;
  private readonly limiter: KeyedRateWindows | undefined;
  /** One 503 per address per window; the rest of a flood is dropped. */
  private readonly refusals: KeyedRateWindows | undefined;
  private boundPort = 0;
  private tlsPort = 0;
  private closed = false;
  private tlsWatcher: ((now: Stats, before: Stats) => void) | undefined;

  private handler: ((incoming: IncomingSip) => void) | undefined;

  private constructor(private readonly options: SipTransportOptions) {
    this.handler = options.onMessage;
    const rate = options.rateLimit;
    if (rate && rate.limit > 0) {
      this.limiter = new KeyedRateWindows({ limit: rate.limit, windowMs: rate.windowMs, maxKeys: rate.maxKeys ?? 50_000 });
      this.refusals = new KeyedRateWindows({ limit: 1, windowMs: rate.windowMs, maxKeys: rate.maxKeys ?? 50_000 });
    }
  }

  /** Binds the listeners; rejects when a port is taken. */
  static async start(options: SipTransportOptions): Promise<SipTransport> {
    const attempts = options.port === 0 ? 8 : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const transport = new SipTransport(options);
      try {
        await transport.listen();
        return transport;
      } catch (error) {
        lastError = error;
        await transport.close();
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  /** Where parsed messages go from now on. */
  setMessageHandler(handler: (incoming: IncomingSip) => void): void {
    this.handler = handler;
  }

  /** The bound port of UDP/TCP, and of TLS (0 when off). */
  get ports(): { udp: number; tcp: number; tls: number } {
    return { udp: this.options.udp === false ? 0 : this.boundPort, tcp: this.options.tcp === false ? 0 : this.boundPort, tls: this.tlsPort };
  }

  /** The address and port to write in Via and Contact for a transport (the bound ones). */
  localEndpoint(transport: SipTransportName): { host: string; port: number } {
    return { host: this.options.host, port: transport === "tls" ? this.tlsPort : this.boundPort };
  }

  /** Open TCP/TLS connections (tests, health). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Addresses the rate limit tracks now (bounded). */
  get trackedAddresses(): number {
    return this.limiter?.size ?? 0;
  }

  private async listen(): Promise<void> {
    const { host } = this.options;
    let port = this.options.port;
    if (this.options.udp !== false) {
      const udp = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
      this.udp = udp;
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind(port, host, () => {
          udp.off("error", reject);
          resolve();
        });
      });
      udp.on("error", (error) => this.options.onEvent?.({ kind: "socket_error", transport: "udp", error: error.message }));
      udp.on("message", (data, remote) => this.receiveDatagram(data, plainAddress(remote.address), remote.port));
      port = udp.address().port;
    }
    if (this.options.tcp !== false) {
      const server = createTcpServer((socket) => this.adopt(socket, "tcp"));
      this.tcpServer = server;
      port = await listenOn(server, port, host);
    }
    this.boundPort = port;
    if (this.options.tls) await this.listenTls(this.options.tls);
  }

  private async listenTls(tls: SipTlsOptions): Promise<void> {
    const server = createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, (socket) => this.adopt(socket, "tls"));
    server.on("tlsClientError", () => undefined);
    this.tlsServer = server;
    this.tlsPort = await listenOn(server, tls.port, this.options.host);
    const reload = () => {
      if (this.closed) return;
      try {
        server.setSecureContext({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) });
        this.counters.tlsReloads += 1;
        this.options.onEvent?.({ kind: "tls_reloaded" });
      } catch (error) {
        // A half-written pair (the key changed, the certificate not yet): keep serving the old one.
        this.counters.tlsReloadErrors += 1;
        this.options.onEvent?.({ kind: "tls_reload_failed", error: error instanceof Error ? error.message : String(error) });
      }
    };
    const interval = tls.pollMs ?? 5000;
    const listener = (now: Stats, before: Stats) => {
      if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) reload();
    };
    this.tlsWatcher = listener;
    watchFile(tls.certFile, { interval, persistent: false }, listener);
    watchFile(tls.keyFile, { interval, persistent: false }, listener);
  }

  // ── receiving ────────────────────────────────────────────────────────────

  private receiveDatagram(data: Buffer, address: string, port: number): void {
    const source: SipSource = { transport: "udp", address, port };
    this.counters.received += 1;
    const peek = peekStartLine(data);
    if (!peek) {
      if (data.every((byte) => byte === 0x0d || byte === 0x0a)) this.counters.keepalives += 1;
      else this.counters.malformed += 1;
      return;
    }
    this.receive(source, peek, () => parseSipMessage(data));
  }

  private receiveFramed(result: SipParseResult, source: SipSource): void {
    this.counters.received += 1;
    let peek: StartLinePeek | undefined;
    if (result.kind === "message") {
      const { message } = result;
      peek = message.kind === "request" ? { kind: "request", method: message.method } : { kind: "response", status: message.status };
    } else if (result.kind === "error" && result.error.answer) peek = { kind: "request", method: result.error.answer.request.method };
    if (!peek) {
      if (result.kind === "keepalive") this.counters.keepalives += 1;
      else this.counters.malformed += 1;
      return;
    }
    this.receive(source, peek, () => result);
  }

  /**
   * The pipeline every message goes through: admission and the rate limit on the first line
   * alone, then the parse (`parse` runs at most once), then the transaction layer.
   */
  private receive(source: SipSource, peek: StartLinePeek, parse: () => SipParseResult): void {
    const decision = this.options.admit?.(source, peek) ?? "accept";
    if (decision === "drop") {
      this.counters.droppedByAdmission += 1;
      return;
    }
    if (peek.kind === "request" && this.limiter && decision !== "trusted" && !NEVER_LIMITED.has(peek.method.toUpperCase())) {
      const now = Date.now();
      const taken = this.limiter.take(source.address, now);
      if (!taken.ok) {
        this.counters.rateLimited += 1;
        if (this.refusals?.take(source.address, now).ok) {
          const result = parse();
          if (result.kind === "message" && result.message.kind === "request" && result.message.method !== "ACK") {
            this.counters.answeredRateLimited += 1;
            const retryAfter = String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000)));
            this.answerStatelessly(result.message, result.core, source, 503, { headers: [["Retry-After", retryAfter]] });
          }
        }
        return;
      }
    }
    const result = parse();
    if (result.kind === "keepalive") {
      this.counters.keepalives += 1;
      return;
    }
    if (result.kind === "error") {
      this.counters.malformed += 1;
      const answer = result.error.answer;
      if (answer) {
        this.counters.answeredMalformed += 1;
        const response = buildResponse(answer.request, undefined, answer.status, { reason: answer.reason });
        this.sendTo(response, responseDestination(answer.via, source));
      }
      return;
    }
    if (decision !== "accept" && decision !== "trusted") {
      this.counters.refusedByAdmission += 1;
      if (result.message.kind === "request" && result.message.method !== "ACK") {
        this.answerStatelessly(result.message, result.core, source, decision.refuse, decision.reason ? { reason: decision.reason } : {});
      }
      return;
    }
    if (result.message.kind === "request") annotateTopVia(result.message, result.core, source);
    this.handler?.({ message: result.message, core: result.core, source });
  }

  private answerStatelessly(request: SipRequest, core: SipCore, source: SipSource, status: number, options: Parameters<typeof buildResponse>[3]): void {
    annotateTopVia(request, core, source);
    const top = core.via[0];
    if (!top) return;
    this.sendTo(buildResponse(request, core, status, options), responseDestination(top, source));
  }

  // ── connections ──────────────────────────────────────────────────────────

  private adopt(socket: Socket, transport: "tcp" | "tls", ready?: Promise<void>, key?: string): Connection | undefined {
    if (this.closed || this.connections.size >= (this.options.maxConnections ?? 2000)) {
      this.counters.connectionsRefused += 1;
      socket.destroy();
      return undefined;
    }
    this.counters.connectionsOpened += 1;
    const id = this.nextConnectionId++;
    const address = plainAddress(socket.remoteAddress);
    const connection: Connection = {
      id,
      transport,
      socket,
      key: key ?? peerKey(transport, address, socket.remotePort ?? 0),
      framer: new SipStreamFramer(),
      ready: ready ?? Promise.resolve(),
    };
    this.connections.set(id, connection);
    if (!this.byPeer.has(connection.key)) this.byPeer.set(connection.key, connection);
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs ?? 600_000, () => socket.destroy());
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.connections.delete(id);
      if (this.byPeer.get(connection.key) === connection) this.byPeer.delete(connection.key);
    });
    socket.on("data", (chunk: Buffer) => {
      const source: SipSource = { transport, address: plainAddress(socket.remoteAddress) || address, port: socket.remotePort ?? 0, connectionId: id };
      for (const item of connection.framer.push(chunk)) {
        if (item.kind === "ping") {
          this.counters.keepalives += 1;
          socket.write("\r\n");
          continue;
        }
        this.receiveFramed(item.result, source);
        if (item.close) {
          // After the 400 (queued behind a resolved promise) has been written.
          setImmediate(() => socket.end());
          break;
        }
      }
    });
    return connection;
  }

  private connectionTo(destination: SipDestination): Connection | undefined {
    if (destination.connectionId !== undefined) {
      const open = this.connections.get(destination.connectionId);
      if (open && !open.socket.destroyed) return open;
    }
    if (destination.transport === "udp") return undefined;
    const key = peerKey(destination.transport, destination.address, destination.port);
    const existing = this.byPeer.get(key);
    if (existing && !existing.socket.destroyed) return existing;
    return this.open(destination, key);
  }

  private open(destination: SipDestination, key: string): Connection | undefined {
    const { address, port } = destination;
    let socket: Socket;
    let ready: Promise<void>;
    if (destination.transport === "tls") {
      const serverName = destination.serverName ?? (isIP(address) === 0 ? address : undefined);
      const tlsSocket = tlsConnect({
        host: address,
        port,
        ...(serverName ? { servername: serverName } : {}),
        rejectUnauthorized: this.options.tlsClient?.rejectUnauthorized ?? true,
        ...(this.options.tlsClient?.ca ? { ca: this.options.tlsClient.ca } : {}),
      });
      socket = tlsSocket;
      ready = new Promise((resolve, reject) => {
        tlsSocket.once("secureConnect", () => resolve());
        tlsSocket.once("error", reject);
      });
    } else {
      socket = tcpConnect({ host: address, port });
      ready = new Promise((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("error", reject);
      });
    }
    ready.catch(() => undefined);
    return this.adopt(socket, destination.transport === "tls" ? "tls" : "tcp", ready, key);
  }

  // ── sending ──────────────────────────────────────────────────────────────

  /** Sends a message; resolves when handed to the socket, rejects when it cannot be (connection refused, closed). */
  async send(message: SipMessage, destination: SipDestination): Promise<void> {
    const bytes = serializeSipMessage(message);
    try {
      if (this.closed) throw new Error("the SIP transport is closed");
      if (destination.transport === "udp") {
        const udp = this.udp;
        if (!udp) throw new Error("UDP is off");
        await new Promise<void>((resolve, reject) => udp.send(bytes, destination.port, destination.address, (error) => (error ? reject(error) : resolve())));
      } else {
        const connection = this.connectionTo(destination);
        if (!connection) throw new Error(`no ${destination.transport.toUpperCase()} connection to ${destination.address}:${destination.port}`);
        await connection.ready;
        if (connection.socket.destroyed) throw new Error("the connection closed");
        await new Promise<void>((resolve, reject) => connection.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
      }
      this.counters.sent += 1;
    } catch (error) {
      this.counters.sendErrors += 1;
      throw error instanceof Error ? error : new Error(String(error));
    }
  }

  /** A response to a request that came from `source`, routed by its top Via (RFC 3261 §18.2.2, RFC 3581). */
  async sendResponse(response: SipResponse, core: SipCore, source: SipSource | undefined): Promise<void> {
    const top = core.via[0];
    if (!top) throw new Error("the response has no Via");
    await this.send(response, responseDestination(top, source));
  }

  private sendTo(message: SipMessage, destination: SipDestination): void {
    this.send(message, destination).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const watcher = this.tlsWatcher;
    if (this.options.tls && watcher) {
      unwatchFile(this.options.tls.certFile, watcher);
      unwatchFile(this.options.tls.keyFile, watcher);
    }
    for (const connection of this.connections.values()) connection.socket.destroy();
    this.connections.clear();
    this.byPeer.clear();
    const udp = this.udp;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    for (const server of [this.tcpServer, this.tlsServer]) {
      if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

function listenOn(server: TcpServer | TlsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export { DEFAULT_PORTS };
