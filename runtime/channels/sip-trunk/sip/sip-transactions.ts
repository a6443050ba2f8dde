import { buildResponse } from "./sip-response";
import { isReliable, type SipDestination, type SipSource } from "./sip-endpoint";
import type { SipCore, SipHeaderField, SipMessage, SipRequest, SipResponse } from "./sip-message";
import { readCore } from "./sip-parse";
import { after, DEFAULT_SIP_TIMERS, type SipTimerValues } from "./sip-timers";
import type { IncomingSip } from "./sip-transport";
import { branchOf, MAGIC_COOKIE, type Via } from "./via";
import { responseDestination } from "./via-routing";
import { tagOf } from "./name-addr";

/** What the transaction layer sends through (the transport, or a recorder in unit tests). */
export interface SipSender {
  send(message: SipMessage, destination: SipDestination): Promise<void>;
}

export interface SipTransactionHandlers {
  /** A new request (not ACK), in its server transaction; INVITEs have had their 100 Trying. */
  onRequest: (transaction: ServerTransaction) => void;
  /** An ACK that matches no server transaction: the ACK of a 2xx (a new end-to-end request). */
  onAck: (incoming: IncomingSip) => void;
  /** A response that matches no client transaction (a late 2xx retransmission or a forked 2xx). */
  onStrayResponse?: (incoming: IncomingSip) => void;
}

export interface SipTransactionOptions {
  timers?: Partial<SipTimerValues>;
  /** New requests beyond this many live server transactions are answered 503 statelessly (default 20 000). */
  maxServerTransactions?: number;
}

export type ServerTransactionState = "trying" | "proceeding" | "completed" | "confirmed" | "accepted" | "terminated";
export type ClientTransactionState = "calling" | "trying" | "proceeding" | "completed" | "accepted" | "terminated";

function sentBy(via: Via): string {
  return `${via.host}:${via.port ?? ""}`;
}

/** RFC 3261 §17.2.3 server transaction key (method ACK matches INVITE); RFC 2543 peers are keyed by their dialog fields. */
function serverKey(core: SipCore, method: string): string {
  const top = core.via[0];
  const branch = top ? branchOf(top) : undefined;
  const keyMethod = method === "ACK" ? "INVITE" : method;
  if (top && branch?.startsWith(MAGIC_COOKIE)) return `${branch}|${sentBy(top)}|${keyMethod}`;
  return `2543|${core.callId}|${core.cseq.seq}|${tagOf(core.from) ?? ""}|${top ? sentBy(top) : ""}|${keyMethod}`;
}

/** RFC 3261 §17.1.3 client transaction key: the top Via branch and the CSeq method. */
function clientKey(core: SipCore): string | undefined {
  const top = core.via[0];
  const branch = top ? branchOf(top) : undefined;
  return branch ? `${branch}|${core.cseq.method}` : undefined;
}

/**
 * The transaction layer (RFC 3261 §17, RFC 6026): matches requests and responses to transactions,
 * retransmits over UDP, absorbs retransmissions, and tells the core what is new. Server INVITE
 * transactions also retransmit their 2xx until the core says the ACK came (`acknowledge`) or
 * 64×T1 passes (`onAckTimeout`), which is the UAS core's job in RFC 3261 §13.3.1.4.
 */
export class SipTransactions {
  readonly timers: SipTimerValues;
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();

  constructor(
    readonly sender: SipSender,
    private readonly handlers: SipTransactionHandlers,
    private readonly options: SipTransactionOptions = {},
  ) {
    this.timers = { ...DEFAULT_SIP_TIMERS, ...options.timers };
  }

  /** Live transactions (tests and health: bounded under floods). */
  get size(): { server: number; client: number } {
    return { server: this.servers.size, client: this.clients.size };
  }

  receive(incoming: IncomingSip): void {
    const { message, core } = incoming;
    if (message.kind === "response") {
      const key = clientKey(core);
      const transaction = key === undefined ? undefined : this.clients.get(key);
      if (transaction) transaction.receive(incoming);
      else this.handlers.onStrayResponse?.(incoming);
      return;
    }
    const key = serverKey(core, message.method);
    const existing = this.servers.get(key);
    if (message.method === "ACK") {
      if (existing && existing.method === "INVITE" && existing.absorbAck()) return;
      this.handlers.onAck(incoming);
      return;
    }
    if (existing) {
      existing.retransmitted();
      return;
    }
    if (this.servers.size >= (this.options.maxServerTransactions ?? 20_000)) {
      const top = core.via[0];
      if (top) {
        const busy = buildResponse(message, core, 503, { headers: [["Retry-After", "5"]] });
        this.sender.send(busy, responseDestination(top, incoming.source)).catch(() => undefined);
      }
      return;
    }
    const transaction = new ServerTransaction(this, { ...incoming, message }, key);
    this.servers.set(key, transaction);
    if (transaction.method === "INVITE") transaction.respond(buildResponse(message, core, 100));
    this.handlers.onRequest(transaction);
  }

  /** The INVITE server transaction a CANCEL is for (same branch and sent-by), RFC 3261 §9.2. */
  findInviteFor(cancel: { core: SipCore }): ServerTransaction | undefined {
    return this.servers.get(serverKey(cancel.core, "INVITE"));
  }

  /** Sends a request in a new client transaction. Its top Via must carry a fresh branch. */
  request(request: SipRequest, destination: SipDestination, events: ClientTransactionEvents): ClientTransaction {
    const { core, error } = readCore(request.headers);
    if (!core) throw new Error(`cannot send ${request.method}: ${error?.message ?? "bad headers"}`);
    const key = clientKey(core);
    if (key === undefined) throw new Error(`cannot send ${request.method}: the top Via has no branch`);
    const transaction = new ClientTransaction(this, request, core, destination, key, events);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** Sends a message outside any transaction (the ACK of a 2xx, a stateless answer). */
  sendStateless(message: SipMessage, destination: SipDestination): Promise<void> {
    return this.sender.send(message, destination);
  }

  /** @internal */
  forgetServer(key: string, transaction: ServerTransaction): void {
    if (this.servers.get(key) === transaction) this.servers.delete(key);
  }

  /** @internal */
  forgetClient(key: string, transaction: ClientTransaction): void {
    if (this.clients.get(key) === transaction) this.clients.delete(key);
  }

  /** Ends every transaction and its timers (shutdown). */
  clear(): void {
    for (const transaction of [...this.servers.values()]) transaction.terminate();
    for (const transaction of [...this.clients.values()]) transaction.terminate();
  }
}

/** A request we received and answer (RFC 3261 §17.2). */
export class ServerTransaction {
  readonly method: string;
  readonly request: SipRequest;
  readonly core: SipCore;
  readonly source: SipSource;
  state: ServerTransactionState;
  /** The last response sent (resent on request retransmissions). */
  lastResponse: SipResponse | undefined;
  /** INVITE answered 2xx: no ACK within 64×T1 of retransmitting it (the call should end with BYE). */
  onAckTimeout: (() => void) | undefined;
  /** The transaction is over (its timers stopped). */
  onTerminated: (() => void) | undefined;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly layer: SipTransactions,
    incoming: IncomingSip & { message: SipRequest },
    private readonly key: string,
  ) {
    this.request = incoming.message;
    this.core = incoming.core;
    this.source = incoming.source;
    this.method = incoming.message.method;
    this.state = this.method === "INVITE" ? "proceeding" : "trying";
  }

  private get reliable(): boolean {
    return isReliable(this.source.transport);
  }

  private destination(): SipDestination {
    const top = this.core.via[0];
    if (!top) throw new Error("a request without Via");
    return responseDestination(top, this.source);
  }

  private transmit(response: SipResponse): void {
    this.layer.sender.send(response, this.destination()).catch(() => undefined);
  }

  /** Whether a final response has been sent. */
  get answered(): boolean {
    return this.state !== "trying" && this.state !== "proceeding";
  }

  /**
   * Sends a response and moves the state machine: provisional responses keep it open, a final one
   * completes it (a 2xx to an INVITE is retransmitted until `acknowledge`). Responses after the
   * final one are ignored (a CANCEL racing a 200: the 200 stands).
   */
  respond(response: SipResponse): void {
    if (this.state === "terminated" || this.answered) return;
    this.lastResponse = response;
    this.transmit(response);
    if (response.status < 200) {
      if (this.state === "trying") this.state = "proceeding";
      return;
    }
    const { t1, t2, t4 } = this.layer.timers;
    if (this.method !== "INVITE") {
      this.state = "completed";
      this.schedule(this.reliable ? 0 : 64 * t1, () => this.terminate()); // Timer J
      return;
    }
    if (response.status < 300) {
      // RFC 6026 Accepted; RFC 3261 §13.3.1.4: 2xx retransmitted T1, 2T1, … capped at T2, until the ACK.
      this.state = "accepted";
      this.retransmit(response, t1, t2);
      this.schedule(64 * t1, () => {
        this.onAckTimeout?.();
        this.terminate();
      });
      return;
    }
    this.state = "completed";
    if (!this.reliable) this.retransmit(response, t1, t2); // Timer G
    this.schedule(64 * t1, () => this.terminate()); // Timer H: the peer never ACKed our error; nothing else to do
  }

  /** The core got the ACK of our 2xx: stop retransmitting it. */
  acknowledge(): void {
    if (this.state === "accepted") this.terminate();
  }

  /** @internal An ACK with this transaction's branch: absorbed when it acknowledges our non-2xx final. */
  absorbAck(): boolean {
    if (this.state === "completed") {
      this.state = "confirmed";
      this.clearTimers();
      this.schedule(this.reliable ? 0 : this.layer.timers.t4, () => this.terminate()); // Timer I
      return true;
    }
    return this.state === "confirmed";
  }

  /** @internal The same request again: resend the last response (absorbed while nothing has been sent). */
  retransmitted(): void {
    if (this.lastResponse && (this.state === "proceeding" || this.state === "completed")) this.transmit(this.lastResponse);
  }

  terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.clearTimers();
    this.layer.forgetServer(this.key, this);
    this.onTerminated?.();
  }

  private retransmit(response: SipResponse, first: number, cap: number): void {
    let interval = first;
    const next = () => {
      this.stops.push(
        after(interval, () => {
          if (this.lastResponse !== response || (this.state !== "completed" && this.state !== "accepted")) return;
          this.transmit(response);
          interval = Math.min(interval * 2, cap);
          next();
        }),
      );
    };
    next();
  }

  private schedule(ms: number, fire: () => void): void {
    if (ms <= 0) queueMicrotask(fire);
    else this.stops.push(after(ms, fire));
  }

  private clearTimers(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

export interface ClientTransactionEvents {
  /** Each response the core must see: provisional ones, the final one, and (INVITE) every 2xx. */
  onResponse: (incoming: IncomingSip) => void;
  /** No final response in time (Timer B / F): the core treats it as 408. */
  onTimeout: () => void;
  /** The request could not be sent (connection refused, no route): the core treats it as 503. */
  onTransportError: (error: Error) => void;
}

/** A request we sent (RFC 3261 §17.1). */
export class ClientTransaction {
  readonly method: string;
  state: ClientTransactionState;
  private readonly stops: Array<() => void> = [];
  private ack: SipRequest | undefined;

  constructor(
    private readonly layer: SipTransactions,
    readonly request: SipRequest,
    readonly core: SipCore,
    readonly destination: SipDestination,
    private readonly key: string,
    private readonly events: ClientTransactionEvents,
  ) {
    this.method = request.method;
    this.state = this.method === "INVITE" ? "calling" : "trying";
  }

  private get reliable(): boolean {
    return isReliable(this.destination.transport);
  }

  /** The Via branch (a CANCEL reuses it). */
  get branch(): string {
    const top = this.core.via[0];
    return (top && branchOf(top)) ?? "";
  }

  /** @internal */
  start(): void {
    const { t1, t2 } = this.layer.timers;
    this.transmit(this.request);
    if (this.method === "INVITE") {
      if (!this.reliable) this.retransmitWhile(t1, Number.POSITIVE_INFINITY, () => this.state === "calling"); // Timer A
      this.schedule(64 * t1, () => {
        // Timer B
        if (this.state !== "calling") return;
        this.terminate();
        this.events.onTimeout();
      });
    } else {
      if (!this.reliable) this.retransmitWhile(t1, t2, () => this.state === "trying" || this.state === "proceeding"); // Timer E
      this.schedule(64 * t1, () => {
        // Timer F
        if (this.state !== "trying" && this.state !== "proceeding") return;
        this.terminate();
        this.events.onTimeout();
      });
    }
  }

  private transmit(message: SipMessage): void {
    this.layer.sender.send(message, this.destination).catch((error: unknown) => {
      if (this.state === "terminated" || this.state === "completed" || this.state === "accepted") return;
      this.terminate();
      this.events.onTransportError(error instanceof Error ? error : new Error(String(error)));
    });
  }

  /** @internal */
  receive(incoming: IncomingSip): void {
    const { message } = incoming;
    if (message.kind !== "response") return;
    const status = message.status;
    const { t1, t4 } = this.layer.timers;
    if (this.method === "INVITE") {
      if (status < 200) {
        if (this.state === "calling" || this.state === "proceeding") {
          this.state = "proceeding";
          this.events.onResponse(incoming);
        }
      } else if (status < 300) {
        // RFC 6026 Accepted: every 2xx goes to the core (it ACKs each; forks create dialogs).
        if (this.state === "calling" || this.state === "proceeding") {
          this.state = "accepted";
          this.clearTimers();
          this.schedule(64 * t1, () => this.terminate()); // Timer M
        }
        if (this.state === "accepted") this.events.onResponse(incoming);
      } else if (this.state === "calling" || this.state === "proceeding") {
        this.state = "completed";
        this.clearTimers();
        this.ack = ackForNon2xx(this.request, message);
        this.transmit(this.ack);
        this.schedule(this.reliable ? 0 : 64 * t1, () => this.terminate()); // Timer D: 32 s at the default T1 (RFC 3261 says at least 32 s), scaled with T1
        this.events.onResponse(incoming);
      } else if (this.state === "completed" && this.ack) this.transmit(this.ack);
      return;
    }
    if (this.state !== "trying" && this.state !== "proceeding") return;
    if (status < 200) {
      this.state = "proceeding";
      this.events.onResponse(incoming);
      return;
    }
    this.state = "completed";
    this.clearTimers();
    this.schedule(this.reliable ? 0 : t4, () => this.terminate()); // Timer K
    this.events.onResponse(incoming);
  }

  terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.clearTimers();
    this.layer.forgetClient(this.key, this);
  }

  private retransmitWhile(first: number, cap: number, active: () => boolean): void {
    let interval = first;
    const next = () => {
      this.stops.push(
        after(interval, () => {
          if (!active()) return;
          this.transmit(this.request);
          // Timer E: in "proceeding" it fires every T2.
          interval = this.state === "proceeding" ? cap : Math.min(interval * 2, cap);
          next();
        }),
      );
    };
    next();
  }

  private schedule(ms: number, fire: () => void): void {
    if (ms <= 0) queueMicrotask(fire);
    else this.stops.push(after(ms, fire));
  }

  private clearTimers(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

/**
 * The ACK of a non-2xx final response (RFC 3261 §17.1.1.3): the INVITE's Request-URI, top Via
 * (same branch), From, Call-ID, CSeq number and Route; To from the response (with its tag).
 */
export function ackForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: SipHeaderField[] = [];
  let viaDone = false;
  for (const field of invite.headers) {
    if (field.name === "via" && !viaDone) {
      headers.push({ name: "via", value: field.value.split(",")[0]?.trim() ?? field.value });
      viaDone = true;
    } else if (field.name === "from" || field.name === "call-id" || field.name === "route" || field.name === "max-forwards") headers.push({ ...field });
    else if (field.name === "cseq") headers.push({ name: "cseq", value: field.value.replace(/INVITE\s*$/i, "ACK") });
  }
  const to = response.headers.find((field) => field.name === "to");
  if (to) headers.splice(1, 0, { ...to });
  return { kind: "request", method: "ACK", uri: invite.uri, headers, body: Buffer.alloc(0) };
}
