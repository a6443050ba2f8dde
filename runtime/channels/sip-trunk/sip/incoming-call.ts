import type { NameAddr } from "./name-addr";
import { SipCall } from "./sip-call";
import { SipDialog } from "./sip-dialog";
import { transportFromToken, type SipSource } from "./sip-endpoint";
import { newTag } from "./sip-ids";
import { getHeader, type SipCore, type SipRequest } from "./sip-message";
import { agreeSessionTimer, readSessionTimer } from "./session-timer";
import type { ServerTransaction } from "./sip-transactions";
import { parseSipUri, type SipUri } from "./sip-uri";
import { ALLOW, SUPPORTED, type SipUaCore } from "./sip-ua-core";
import { TypedEvents } from "./typed-events";

export type IncomingCallEvents = {
  /** The caller cancelled before we answered: it got 487 (and its CANCEL 200). */
  cancelled: undefined;
  /** Neither answered nor rejected within the user agent's `maxRingMs`: the caller got 480. */
  expired: undefined;
};

export interface AnswerOptions {
  /** Extra header fields for the 200. */
  headers?: ReadonlyArray<readonly [string, string]>;
}

/**
 * An INVITE outside any dialog, waiting for the channel's decision. It has had its 100 Trying.
 * `ring` sends 180 (or 183 with SDP: early media), `answer` sends 200 with SDP (retransmitted
 * until the ACK) and returns the call, `reject` sends a final error. A CANCEL before the answer
 * is answered 200 and the INVITE 487 (`cancelled`).
 */
export class IncomingCall {
  readonly events = new TypedEvents<IncomingCallEvents>();
  readonly localTag = newTag();
  state: "pending" | "answered" | "rejected" | "cancelled" | "expired" = "pending";
  /** The SDP sent with 183, which the 200 must repeat (RFC 3264: one answer per offer). */
  private earlySdp: string | undefined;

  constructor(
    private readonly ua: SipUaCore,
    readonly transaction: ServerTransaction,
  ) {}

  get request(): SipRequest {
    return this.transaction.request;
  }
  get core(): SipCore {
    return this.transaction.core;
  }
  get source(): SipSource {
    return this.transaction.source;
  }
  get callId(): string {
    return this.core.callId;
  }
  get from(): NameAddr {
    return this.core.from;
  }
  get to(): NameAddr {
    return this.core.to;
  }
  /** The Request-URI (`sip:+15551234567@…`); its user is the dialled number. */
  get requestUri(): SipUri | undefined {
    const parsed = parseSipUri(this.request.uri);
    return parsed.ok ? parsed.value : undefined;
  }
  /** The SDP offer, when the INVITE carries one (an INVITE without one wants our offer in the 200). */
  get offer(): string | undefined {
    const type = getHeader(this.request, "content-type") ?? "";
    return this.request.body.length > 0 && type.toLowerCase().startsWith("application/sdp") ? this.request.body.toString("utf8") : undefined;
  }

  on<K extends keyof IncomingCallEvents>(event: K, listener: (value: IncomingCallEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  private get transportName() {
    return transportFromToken(this.core.via[0]?.transport) ?? this.source.transport;
  }

  /**
   * Our Contact in responses. Over TLS it is a SIPS URI only when the caller asked for SIPS (RFC
   * 3261 §12.1.1: its Request-URI, else its top Record-Route, else its Contact): UAs that call
   * `sip:…;transport=tls` may not route `sips:` at all (baresip 1.0 on libre 1.1 fails the ACK with ENOSYS).
   */
  private get contact(): string {
    const transport = this.transportName;
    if (transport !== "tls") return this.ua.contact(transport);
    const recordRoute = getHeader(this.request, "record-route");
    const asked = [this.request.uri, recordRoute === undefined ? getHeader(this.request, "contact") : recordRoute];
    const secure = asked.some((value) => value !== undefined && /^\s*(?:[^<]*<)?\s*sips:/i.test(value));
    return this.ua.contact(transport, undefined, secure);
  }

  /** 180 Ringing, or 183 Session Progress with `sdp` (early media: ringback, a prompt before answering). */
  ring(options: { sdp?: string; status?: 180 | 181 | 182 | 183; headers?: ReadonlyArray<readonly [string, string]> } = {}): void {
    if (this.state !== "pending") return;
    const status = options.status ?? (options.sdp === undefined ? 180 : 183);
    if (options.sdp !== undefined) this.earlySdp = options.sdp;
    this.ua.respond(this.transaction, status, {
      toTag: this.localTag,
      headers: [["Contact", this.contact], ...(options.headers ?? [])],
      ...(options.sdp !== undefined ? { body: Buffer.from(options.sdp), contentType: "application/sdp" } : {}),
    });
  }

  /**
   * 200 OK with our SDP (the one sent with 183 when `sdp` is omitted), Contact, and the session
   * timer agreed (RFC 4028, the caller refreshes). Returns the call (state `answered` until the ACK).
   * Throws when the call was already answered, rejected or cancelled.
   */
  answer(sdp?: string, options: AnswerOptions = {}): SipCall {
    if (this.state !== "pending") throw new Error(`cannot answer a call that is ${this.state}`);
    const body = sdp ?? this.earlySdp;
    if (body === undefined) throw new Error("answer needs an SDP");
    const transport = this.transportName;
    const contact = this.contact;
    const dialog = SipDialog.asUas({ message: this.request, core: this.core, source: this.source }, this.localTag, this.ua.endpoint(transport), contact);
    if (!dialog) throw new Error("the INVITE has no Contact or From tag"); // checked on arrival
    const timer = agreeSessionTimer(readSessionTimer(this.request), this.ua.minSessionExpires);
    const timerHeaders = timer && !("reject" in timer) ? timer.headers : [];
    const call = new SipCall(this.ua, dialog, "inbound", { local: body, remote: this.offer ?? "" });
    this.state = "answered";
    this.ua.addCall(call);
    this.ua.respond(this.transaction, 200, {
      toTag: this.localTag,
      headers: [["Contact", contact], ["Allow", ALLOW], ["Supported", SUPPORTED], ...timerHeaders, ...(options.headers ?? [])],
      body: Buffer.from(body),
      contentType: "application/sdp",
    });
    call.expectAck(this.transaction, this.core.cseq.seq);
    if (timer && !("reject" in timer)) call.applySessionTimer(timer.interval, timer.refresher);
    return call;
  }

  /** A final error: 486 busy, 480 unavailable, 403, 404, 488 (no common codec), 603 decline… */
  reject(status: number, options: { reason?: string; headers?: ReadonlyArray<readonly [string, string]> } = {}): void {
    if (this.state !== "pending") return;
    if (status < 300 || status > 699) throw new Error(`reject needs a 3xx–6xx status, not ${status}`);
    this.state = "rejected";
    this.ua.respond(this.transaction, status, { toTag: this.localTag, ...(options.reason ? { reason: options.reason } : {}), ...(options.headers ? { headers: options.headers } : {}) });
  }

  /** @internal Nobody decided in time (SipUserAgentOptions.maxRingMs): 480, so no INVITE waits forever. */
  expire(): void {
    if (this.state !== "pending") return;
    this.state = "expired";
    this.ua.respond(this.transaction, 480, { toTag: this.localTag });
    this.events.emit("expired", undefined);
  }

  /** @internal The caller's CANCEL arrived before our final response. */
  cancelled(): void {
    if (this.state !== "pending") return;
    this.state = "cancelled";
    this.ua.respond(this.transaction, 487, { toTag: this.localTag });
    this.events.emit("cancelled", undefined);
  }
}
