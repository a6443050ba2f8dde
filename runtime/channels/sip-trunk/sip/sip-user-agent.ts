import { tagOf } from "./name-addr";
import { IncomingCall } from "./incoming-call";
import { OutgoingCall } from "./outgoing-call";
import { agreeSessionTimer, DEFAULT_MIN_SE, readSessionTimer } from "./session-timer";
import type { SipCall } from "./sip-call";
import type { DigestCredentials } from "./sip-digest";
import { SipDialogs, incomingResponseDialogKey } from "./sip-dialog";
import { transportFromToken, type SipDestination, type SipTransportName } from "./sip-endpoint";
import { newCallId, newTag } from "./sip-ids";
import { getHeader, getHeaders, type SipRequest } from "./sip-message";
import { SipRegistration, type SipRegistrationOptions } from "./sip-registration";
import { resolveSipUri } from "./sip-resolve";
import { buildRequest, contactFor, type SipLocalEndpoint } from "./sip-requests";
import { buildResponse, type ResponseOptions } from "./sip-response";
import { after, type SipTimerValues } from "./sip-timers";
import { SipTransactions, type ServerTransaction } from "./sip-transactions";
import type { IncomingSip, SipTransport } from "./sip-transport";
import { ALLOW, SUPPORTED, type FinalResult, type ReinviteHandler, type RequestCallbacks, type SipUaCore } from "./sip-ua-core";
import { parseSipUri } from "./sip-uri";

export interface SipUserAgentOptions {
  /** The host written in Via and Contact (a public address or name behind NAT). Default: the bound host. */
  advertisedHost?: string;
  /** Ports written in Via and Contact, per transport (behind port forwarding). Default: the bound ones. */
  advertisedPorts?: Partial<Record<SipTransportName, number>>;
  /** The user part of our Contact (default `switchboard`). */
  contactUser?: string;
  /** User-Agent / Server header value (default `Switchboard`). */
  userAgent?: string;
  timers?: Partial<SipTimerValues>;
  /** The smallest Session-Expires accepted (RFC 4028 Min-SE, default 90 s): smaller ones get 422. */
  minSessionExpires?: number;
  /** Past this many live server transactions new requests get 503 (default 20 000). */
  maxServerTransactions?: number;
  /** An incoming call neither answered nor rejected this long after its INVITE gets 480 and `expired` (default 180 000 ms, RFC 3261 Timer C). */
  maxRingMs?: number;
}

export interface InviteOptions {
  /** Our identity in From (default `sip:<contactUser>@<host>`). */
  from?: { uri: string; displayName?: string };
  /** Digest credentials for 401/407 challenges. */
  auth?: DigestCredentials;
  /** Extra header fields (P-Asserted-Identity, X-…). */
  headers?: ReadonlyArray<readonly [string, string]>;
  /** Transport when the target URI has no `transport=` (default `udp`). */
  transport?: SipTransportName;
  /** Send through this proxy (a SIP URI): it becomes the first Route and where the INVITE goes. */
  outboundProxy?: string;
  /** CANCEL after this long without an answer: outcome `no_answer`. */
  ringTimeoutMs?: number;
}

export interface OptionsResult {
  /** The response status; 408 when nothing came in time, 503 when it could not be sent. */
  status: number;
  reason: string;
  /** Milliseconds until the final response. */
  rttMs: number;
}

/** Extensions we can honour in Require. */
const UNDERSTOOD = new Set(["timer"]);

/**
 * The SIP user agent a trunk channel talks to: inbound INVITEs (`onInvite`), calls in progress
 * (BYE, re-INVITE/UPDATE via `onReinvite`, INFO, OPTIONS, session timers), outbound calls
 * (`invite`), keepalives (`options`) and registrations (`register`). It owns the transaction
 * layer and the dialogs; the transport it is given delivers to it from now on.
 */
export class SipUserAgent implements SipUaCore {
  readonly transactions: SipTransactions;
  readonly dialogs = new SipDialogs();
  readonly timers: SipTimerValues;
  readonly userAgent: string;
  readonly minSessionExpires: number;
  reinviteHandler: ReinviteHandler | undefined;
  private readonly calls = new Map<string, SipCall>();
  /** INVITE server transactions not yet finished, with their call (CANCEL and merged-request checks). */
  private readonly pending = new Map<ServerTransaction, IncomingCall>();
  private readonly pendingKeys = new Map<string, ServerTransaction>();
  private inviteHandler: ((call: IncomingCall) => void) | undefined;
  private byeHandler: ((call: SipCall) => void) | undefined;

  constructor(
    readonly transport: SipTransport,
    private readonly config: SipUserAgentOptions = {},
  ) {
    this.userAgent = config.userAgent ?? "Switchboard";
    this.minSessionExpires = config.minSessionExpires ?? DEFAULT_MIN_SE;
    this.transactions = new SipTransactions(
      transport,
      {
        onRequest: (transaction) => this.receiveRequest(transaction),
        onAck: (incoming) => this.receiveAck(incoming),
        onStrayResponse: (incoming) => this.receiveStrayResponse(incoming),
      },
      { ...(config.timers ? { timers: config.timers } : {}), ...(config.maxServerTransactions ? { maxServerTransactions: config.maxServerTransactions } : {}) },
    );
    this.timers = this.transactions.timers;
    transport.setMessageHandler((incoming) => this.transactions.receive(incoming));
  }

  /** Incoming INVITEs outside a dialog. Without a handler they get 480. */
  onInvite(handler: (call: IncomingCall) => void): void {
    this.inviteHandler = handler;
  }

  /** New offers in a call (hold, resume, address change). Without a handler they get 488; refreshes never reach it. */
  onReinvite(handler: ReinviteHandler): void {
    this.reinviteHandler = handler;
  }

  /** The far end hung up a call (BYE answered 200). Each call also emits `ended`. */
  onBye(handler: (call: SipCall) => void): void {
    this.byeHandler = handler;
  }

  /** Live calls, transactions and dialogs (tests, health: bounded under floods). */
  get stats(): { calls: number; dialogs: number; pendingInvites: number; transactions: { server: number; client: number } } {
    return { calls: this.calls.size, dialogs: this.dialogs.size, pendingInvites: this.pending.size, transactions: this.transactions.size };
  }

  /** Calls in progress. */
  get activeCalls(): SipCall[] {
    return [...this.calls.values()];
  }

  endpoint(transport: SipTransportName): SipLocalEndpoint {
    const bound = this.transport.localEndpoint(transport);
    return { host: this.config.advertisedHost ?? bound.host, port: this.config.advertisedPorts?.[transport] ?? bound.port, transport };
  }

  /** Our Contact for a transport (`<sip:switchboard@host:port;transport=tcp>`), with another user part when given (`secure`: see contactFor). */
  contact(transport: SipTransportName, user?: string, secure?: boolean): string {
    return contactFor(this.endpoint(transport), user ?? this.config.contactUser, secure);
  }

  // ── receiving ────────────────────────────────────────────────────────────

  respond(transaction: ServerTransaction, status: number, options: ResponseOptions = {}): void {
    const headers: Array<readonly [string, string]> = [...(options.headers ?? [])];
    if (status >= 200) headers.push(["Server", this.userAgent]);
    transaction.respond(buildResponse(transaction.request, transaction.core, status, { ...options, headers }));
  }

  private receiveRequest(transaction: ServerTransaction): void {
    const { request, core } = transaction;
    if (request.method === "CANCEL") {
      this.receiveCancel(transaction);
      return;
    }
    if (tagOf(core.to) !== undefined) {
      const call = this.calls.get(this.dialogs.forRequest(core)?.key ?? "");
      if (call) call.receive(transaction);
      else this.respond(transaction, 481);
      return;
    }
    switch (request.method) {
      case "INVITE":
        this.receiveInvite(transaction);
        return;
      case "OPTIONS":
        this.respond(transaction, 200, { toTag: newTag(), headers: [["Allow", ALLOW], ["Accept", "application/sdp"], ["Supported", SUPPORTED]] });
        return;
      case "BYE":
      case "UPDATE":
      case "INFO":
      case "PRACK":
        this.respond(transaction, 481, { toTag: newTag() });
        return;
      default:
        this.respond(transaction, 405, { toTag: newTag(), headers: [["Allow", ALLOW]] });
    }
  }

  /** An INVITE outside a dialog: checked (RFC 3261 §8.2), then handed to the channel. */
  private receiveInvite(transaction: ServerTransaction): void {
    const { request, core } = transaction;
    const refuse = (status: number, options: ResponseOptions = {}) => this.respond(transaction, status, { toTag: newTag(), ...options });
    const mergeKey = `${core.callId}|${tagOf(core.from) ?? ""}|${core.cseq.seq}`;
    if (this.pendingKeys.has(mergeKey)) return refuse(482, { reason: "Loop Detected" });
    if (core.maxForwards === 0) return refuse(483);
    const uri = parseSipUri(request.uri);
    if (!uri.ok || (uri.value.scheme !== "sip" && uri.value.scheme !== "sips")) return refuse(416);
    const unsupported = getHeaders(request, "require").filter((option) => !UNDERSTOOD.has(option.toLowerCase()));
    if (unsupported.length > 0) return refuse(420, { headers: [["Unsupported", unsupported.join(", ")]] });
    const type = getHeader(request, "content-type");
    if (request.body.length > 0 && !(type ?? "").toLowerCase().startsWith("application/sdp")) return refuse(415, { headers: [["Accept", "application/sdp"]] });
    if (getHeader(request, "contact") === undefined || tagOf(core.from) === undefined) return refuse(400, { reason: "Bad Request - missing Contact or From tag" });
    const timer = agreeSessionTimer(readSessionTimer(request), this.minSessionExpires);
    if (timer && "reject" in timer) return refuse(422, { headers: [["Min-SE", String(timer.minSE)]] });
    const handler = this.inviteHandler;
    if (!handler) return refuse(480);
    const call = new IncomingCall(this, transaction);
    this.pending.set(transaction, call);
    this.pendingKeys.set(mergeKey, transaction);
    const stopRinging = after(this.config.maxRingMs ?? 180_000, () => call.expire());
    transaction.onTerminated = () => {
      stopRinging();
      this.pending.delete(transaction);
      if (this.pendingKeys.get(mergeKey) === transaction) this.pendingKeys.delete(mergeKey);
    };
    try {
      handler(call);
    } catch {
      if (call.state === "pending") call.reject(500);
    }
  }

  /** CANCEL (RFC 3261 §9.2): 200 to it and 487 to its INVITE, or, after our 200, the call is hung up once it is up. */
  private receiveCancel(transaction: ServerTransaction): void {
    const invite = this.transactions.findInviteFor(transaction);
    const call = invite ? this.pending.get(invite) : undefined;
    if (!invite || !call) {
      this.respond(transaction, 481);
      return;
    }
    this.respond(transaction, 200);
    if (call.state === "pending") call.cancelled();
    else if (call.state === "answered") {
      const answered = this.calls.get(this.dialogKeyOf(call));
      answered?.cancelAfterAnswer();
    }
  }

  private dialogKeyOf(call: IncomingCall): string {
    return `${call.callId}|${call.localTag}|${tagOf(call.from) ?? ""}`;
  }

  private receiveAck(incoming: IncomingSip): void {
    this.calls.get(this.dialogs.forRequest(incoming.core)?.key ?? "")?.receiveAck(incoming);
  }

  /** A 2xx after its transaction ended: ACK it again. */
  private receiveStrayResponse(incoming: IncomingSip): void {
    const { message, core } = incoming;
    if (message.kind !== "response" || message.status < 200 || message.status >= 300 || core.cseq.method !== "INVITE") return;
    this.calls.get(incomingResponseDialogKey(core) ?? "")?.resendAck(core.cseq.seq);
  }

  addCall(call: SipCall): void {
    this.dialogs.add(call.dialog);
    this.calls.set(call.dialog.key, call);
  }

  removeCall(call: SipCall): void {
    this.dialogs.delete(call.dialog);
    if (this.calls.get(call.dialog.key) === call) this.calls.delete(call.dialog.key);
  }

  remoteBye(call: SipCall): void {
    this.byeHandler?.(call);
  }

  // ── sending ──────────────────────────────────────────────────────────────

  /** A request in a new client transaction; resolves with its final response (408 / 503 made up when none can come). */
  request(request: SipRequest, destination: SipDestination, callbacks: RequestCallbacks = {}): Promise<FinalResult> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: FinalResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      this.transactions.request(request, destination, {
        onResponse: (incoming) => {
          const response = incoming.message;
          if (response.kind !== "response") return;
          if (response.status < 200) callbacks.onProvisional?.(incoming);
          else if (settled) {
            if (response.status < 300) callbacks.onRepeated2xx?.(incoming);
          } else settle({ status: response.status, reason: response.reason, response: incoming });
        },
        onTimeout: () => settle({ status: 408, reason: "Request Timeout", response: undefined }),
        onTransportError: (error) => settle({ status: 503, reason: `Service Unavailable (${error.message})`, response: undefined }),
      });
    });
  }

  /** The transport for a URI: its `transport=` parameter, `sips:` → TLS, else the default. */
  private transportFor(uriText: string, fallback: SipTransportName): SipTransportName {
    const uri = parseSipUri(uriText);
    if (!uri.ok) return fallback;
    return transportFromToken(uri.value.params.get("transport")) ?? (uri.value.scheme === "sips" ? "tls" : fallback);
  }

  /**
   * Places a call: INVITE with our SDP offer to `target` (a SIP URI), through `outboundProxy` when
   * given. Returns at once; follow `provisional`, `answered`, `failed` or await `result`.
   */
  invite(target: string, sdpOffer: string, options: InviteOptions = {}): OutgoingCall {
    const next = options.outboundProxy ?? target;
    const transport = this.transportFor(next, options.transport ?? "udp");
    const local = this.endpoint(transport);
    const proxy = options.outboundProxy;
    const route = proxy === undefined ? undefined : /;lr\b/.test(proxy) ? `<${proxy}>` : `<${proxy};lr>`;
    const invite = buildRequest({
      method: "INVITE",
      uri: target,
      local,
      from: { uri: options.from?.uri ?? `sip:${this.config.contactUser ?? "switchboard"}@${local.host}`, displayName: options.from?.displayName, tag: newTag() },
      to: { uri: target },
      callId: newCallId(),
      cseq: 1,
      contact: this.contact(transport),
      routes: route ? [route] : [],
      headers: [["Allow", ALLOW], ["Supported", SUPPORTED], ...(options.headers ?? [])],
      body: Buffer.from(sdpOffer),
      contentType: "application/sdp",
      userAgent: this.userAgent,
    });
    const call = new OutgoingCall(this, { invite, auth: options.auth, ringTimeoutMs: options.ringTimeoutMs });
    void call.start(resolveSipUri(next, transport));
    return call;
  }

  /** OPTIONS out of dialog (trunk keepalive and health): any final response means the peer is there. */
  async options(target: string, options: { transport?: SipTransportName; timeoutMs?: number } = {}): Promise<OptionsResult> {
    const started = performance.now();
    const transport = this.transportFor(target, options.transport ?? "udp");
    let destination: SipDestination;
    try {
      destination = await resolveSipUri(target, transport);
    } catch (error) {
      return { status: 503, reason: `Service Unavailable (${error instanceof Error ? error.message : String(error)})`, rttMs: performance.now() - started };
    }
    const local = this.endpoint(transport);
    const request = buildRequest({
      method: "OPTIONS",
      uri: target,
      local,
      from: { uri: `sip:${this.config.contactUser ?? "switchboard"}@${local.host}`, tag: newTag() },
      to: { uri: target },
      callId: newCallId(),
      cseq: 1,
      contact: this.contact(transport),
      headers: [["Accept", "application/sdp"]],
      userAgent: this.userAgent,
    });
    const answer = this.request(request, destination);
    const limit = options.timeoutMs;
    const result =
      limit === undefined
        ? await answer
        : await Promise.race([answer, new Promise<FinalResult>((resolve) => after(limit, () => resolve({ status: 408, reason: "Request Timeout", response: undefined })))]);
    return { status: result.status, reason: result.reason, rttMs: performance.now() - started };
  }

  /** A registration with a registrar (started at once; `stop()` unregisters). */
  register(options: SipRegistrationOptions): SipRegistration {
    const registration = new SipRegistration(this, options);
    registration.start();
    return registration;
  }

  /** Hangs up every call (BYE) and stops every transaction. The transport stays open (its owner closes it). */
  async close(): Promise<void> {
    await Promise.all(this.activeCalls.map((call) => (call.state === "confirmed" ? call.bye() : (call.end("closed"), undefined))));
    for (const call of this.pending.values()) if (call.state === "pending") call.reject(503);
    this.transactions.clear();
  }
}
