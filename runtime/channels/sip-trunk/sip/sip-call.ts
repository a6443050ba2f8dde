import { randomInt } from "node:crypto";
import { getHeader, type SipRequest } from "./sip-message";
import type { SipDialog } from "./sip-dialog";
import { agreeSessionTimer, expiryDelayMs, readSessionTimer } from "./session-timer";
import { after } from "./sip-timers";
import type { ServerTransaction } from "./sip-transactions";
import type { IncomingSip } from "./sip-transport";
import { ALLOW, SUPPORTED, type FinalResult, type SipUaCore } from "./sip-ua-core";
import { TypedEvents } from "./typed-events";

/** Why a call ended. */
export type SipCallEndReason =
  /** The peer sent BYE. */
  | "remote_bye"
  /** We sent BYE (`bye()`). */
  | "local_bye"
  /** Our 2xx was never acknowledged (64×T1): we sent BYE. */
  | "ack_timeout"
  /** The peer stopped refreshing the session (RFC 4028): we sent BYE. */
  | "session_expired"
  /** Our session refresh failed (408/481 or no answer). */
  | "refresh_failed"
  /** The caller's CANCEL lost the race with our 200: we sent BYE after the ACK. */
  | "cancelled"
  /** The user agent closed. */
  | "closed";

export type SipCallEvents = {
  /** Inbound: the ACK of our 200 came. Outbound: we sent the ACK. */
  confirmed: undefined;
  ended: { reason: SipCallEndReason };
  /** An INFO in the dialog (SIP INFO DTMF: `application/dtmf-relay`), answered 200. */
  info: { contentType: string | undefined; body: Buffer };
  /** A re-INVITE/UPDATE changed the SDP (hold, resume, new address). */
  media: { localSdp: string; remoteSdp: string };
  /** An ACK carried the answer to the offer in our 2xx (a late offer, or a re-INVITE without SDP). */
  answer: { sdp: string };
};

export type ReinviteResult = { ok: true; remoteSdp: string } | { ok: false; status: number; reason: string };

const SDP = "application/sdp";

function originLine(sdp: string): string | undefined {
  return /^o=(.*)$/m.exec(sdp)?.[1]?.trim();
}

function sdpBody(request: { headers: SipRequest["headers"]; body: Buffer }): string | undefined {
  if (request.body.length === 0) return undefined;
  const type = request.headers.find((field) => field.name === "content-type")?.value ?? "";
  return type.toLowerCase().startsWith(SDP) ? request.body.toString("utf8") : undefined;
}

/**
 * An established call (a confirmed or answered INVITE dialog): BYE either way, re-INVITE and
 * UPDATE (offers go to the user agent's re-INVITE handler; RFC 4028 refreshes are answered with
 * the same SDP and version), INFO, the 2xx retransmitted until its ACK, session timers.
 */
export class SipCall {
  readonly events = new TypedEvents<SipCallEvents>();
  state: "answered" | "confirmed" | "ended";
  localSdp: string;
  remoteSdp: string;
  /** Our 2xx responses waiting for their ACK, by CSeq number. */
  private readonly awaitingAck = new Map<number, ServerTransaction>();
  /** ACKs we sent for 2xx responses, by CSeq number (sent again when the 2xx is). */
  private readonly sentAcks = new Map<number, SipRequest>();
  private byeAfterAck: "local_bye" | "cancelled" | undefined;
  private stopSessionTimer: (() => void) | undefined;
  private endedWith: SipCallEndReason | undefined;

  constructor(
    private readonly ua: SipUaCore,
    readonly dialog: SipDialog,
    readonly direction: "inbound" | "outbound",
    sdp: { local: string; remote: string },
  ) {
    this.localSdp = sdp.local;
    this.remoteSdp = sdp.remote;
    this.state = direction === "inbound" ? "answered" : "confirmed";
  }

  get callId(): string {
    return this.dialog.id.callId;
  }

  on<K extends keyof SipCallEvents>(event: K, listener: (value: SipCallEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Whether the call has ended (read afresh after an await). */
  get ended(): boolean {
    return this.state === "ended";
  }

  /** The reason the call ended, once it has. */
  get endReason(): SipCallEndReason | undefined {
    return this.endedWith;
  }

  // ── ACKs ─────────────────────────────────────────────────────────────────

  /** @internal Our 2xx to the INVITE with CSeq `seq` went out: wait for its ACK; none in 64×T1 ends the call. */
  expectAck(transaction: ServerTransaction, seq: number): void {
    this.awaitingAck.set(seq, transaction);
    transaction.onAckTimeout = () => {
      this.awaitingAck.delete(seq);
      if (this.state === "ended") return;
      this.sendBye(this.byeAfterAck ?? "ack_timeout");
    };
  }

  /** @internal An ACK in this dialog. */
  receiveAck(incoming: IncomingSip): void {
    const seq = incoming.core.cseq.seq;
    const transaction = this.awaitingAck.get(seq);
    if (!transaction) return;
    this.awaitingAck.delete(seq);
    transaction.acknowledge();
    // An ACK has SDP only when our 2xx made the offer (RFC 3264 §5): it is the answer, even when unchanged.
    const answer = sdpBody(incoming.message);
    if (answer !== undefined) {
      const changed = answer !== this.remoteSdp;
      this.remoteSdp = answer;
      this.events.emit("answer", { sdp: answer });
      if (changed) this.events.emit("media", { localSdp: this.localSdp, remoteSdp: this.remoteSdp });
    }
    if (this.state === "answered") {
      this.state = "confirmed";
      this.events.emit("confirmed", undefined);
    }
    if (this.byeAfterAck && this.state === "confirmed") this.sendBye(this.byeAfterAck);
  }

  /** @internal The ACK of our INVITE's 2xx with CSeq `seq`, kept to answer its retransmissions. */
  rememberAck(seq: number, ack: SipRequest): void {
    this.sentAcks.set(seq, ack);
  }

  /** @internal A 2xx to our INVITE came again: ACK it again. */
  resendAck(seq: number): void {
    const ack = this.sentAcks.get(seq);
    const destination = this.dialog.destination();
    if (ack && destination) this.ua.transactions.sendStateless(ack, destination).catch(() => undefined);
  }

  /** @internal A CANCEL lost the race with our 200: hang up once the ACK is in. */
  cancelAfterAnswer(): void {
    if (this.state === "ended") return;
    if (this.state === "confirmed") this.sendBye("cancelled");
    else this.byeAfterAck = "cancelled";
  }

  // ── hanging up ───────────────────────────────────────────────────────────

  /**
   * Hangs up: sends BYE (after the ACK of our 200 if it has not come yet, RFC 3261 §15) and ends
   * the call at once; resolves with the BYE's final response (408 when none came).
   */
  bye(): Promise<FinalResult | undefined> {
    if (this.state === "ended") return Promise.resolve(undefined);
    if (this.state === "answered") {
      this.byeAfterAck = "local_bye";
      return new Promise((resolve) => {
        const off = this.on("ended", () => {
          off();
          resolve(undefined);
        });
      });
    }
    return this.sendBye("local_bye");
  }

  private sendBye(reason: SipCallEndReason): Promise<FinalResult | undefined> {
    const destination = this.dialog.destination();
    this.end(reason);
    if (!destination) return Promise.resolve(undefined);
    return this.ua.request(this.dialog.request("BYE", { userAgent: this.ua.userAgent }), destination);
  }

  /** @internal Ends the call (once): timers stopped, the dialog forgotten, `ended` emitted. */
  end(reason: SipCallEndReason): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.endedWith = reason;
    this.stopSessionTimer?.();
    for (const transaction of this.awaitingAck.values()) transaction.acknowledge();
    this.awaitingAck.clear();
    this.ua.removeCall(this);
    this.events.emit("ended", { reason });
  }

  // ── requests in the dialog ───────────────────────────────────────────────

  /** @internal A request in this dialog (not ACK, not CANCEL). */
  receive(transaction: ServerTransaction): void {
    const { request, core } = transaction;
    const check = this.dialog.receiveRequest(request, core);
    if (!check.ok) {
      this.ua.respond(transaction, check.status, { reason: check.reason });
      return;
    }
    switch (request.method) {
      case "BYE":
        this.ua.respond(transaction, 200);
        this.end("remote_bye");
        this.ua.remoteBye(this);
        return;
      case "INVITE":
      case "UPDATE":
        void this.receiveOffer(transaction);
        return;
      case "INFO":
        this.ua.respond(transaction, 200);
        this.events.emit("info", { contentType: getHeader(request, "content-type"), body: request.body });
        return;
      case "OPTIONS":
        this.ua.respond(transaction, 200, { headers: [["Allow", ALLOW], ["Accept", SDP], ["Supported", SUPPORTED]] });
        return;
      default:
        this.ua.respond(transaction, 501, { headers: [["Allow", ALLOW]] });
    }
  }

  /**
   * A re-INVITE or UPDATE (RFC 3261 §14.2, RFC 3311, RFC 4028): glare → 491, one still pending →
   * 500 with Retry-After; the same SDP version (a refresh) or an UPDATE without SDP → our SDP as
   * it is; a new offer → the re-INVITE handler (none: 488); a re-INVITE without SDP → the handler's
   * fresh offer (none: our SDP as it is), whose answer the ACK carries.
   */
  private async receiveOffer(transaction: ServerTransaction): Promise<void> {
    const { request } = transaction;
    const invite = request.method === "INVITE";
    if (this.dialog.pendingOutgoingOffer) {
      this.ua.respond(transaction, 491);
      return;
    }
    if (invite && this.dialog.pendingIncomingInvite) {
      this.ua.respond(transaction, 500, { headers: [["Retry-After", String(randomInt(0, 11))]] });
      return;
    }
    const timer = agreeSessionTimer(readSessionTimer(request), this.ua.minSessionExpires);
    if (timer && "reject" in timer) {
      this.ua.respond(transaction, 422, { headers: [["Min-SE", String(timer.minSE)]] });
      return;
    }
    const offer = sdpBody(request);
    let answer = this.localSdp;
    const handler = this.ua.reinviteHandler;
    const wantsOffer = invite && offer === undefined && handler !== undefined;
    if ((offer !== undefined && !this.isRefresh(offer)) || wantsOffer) {
      if (invite) this.dialog.pendingIncomingInvite = true;
      const decision = handler ? await Promise.resolve(handler(this, { sdp: offer, request })).catch(() => ({ reject: 500 as const, reason: "Server Internal Error" })) : { reject: 488 };
      if (invite) this.dialog.pendingIncomingInvite = false;
      if (this.state === "ended") {
        this.ua.respond(transaction, 481);
        return;
      }
      if ("reject" in decision) {
        this.ua.respond(transaction, decision.reject, decision.reason ? { reason: decision.reason } : {});
        return;
      }
      answer = decision.sdp;
    }
    const headers: Array<[string, string]> = [["Contact", this.dialog.localContact], ["Allow", ALLOW], ["Supported", SUPPORTED]];
    if (timer) headers.push(...timer.headers);
    const withBody = invite || offer !== undefined;
    this.ua.respond(transaction, 200, withBody ? { headers, body: Buffer.from(answer), contentType: SDP } : { headers });
    if (invite) this.expectAck(transaction, transaction.core.cseq.seq);
    const changed = (offer !== undefined && offer !== this.remoteSdp) || answer !== this.localSdp;
    if (offer !== undefined) this.remoteSdp = offer;
    this.localSdp = answer;
    if (timer) this.applySessionTimer(timer.interval, timer.refresher);
    else if (this.stopSessionTimer) this.restartSessionTimer();
    if (changed) this.events.emit("media", { localSdp: this.localSdp, remoteSdp: this.remoteSdp });
  }

  /** A refresh: the same SDP, or the same o= line (session id and version) as the peer's last one. */
  private isRefresh(offer: string): boolean {
    if (offer === this.remoteSdp) return true;
    const origin = originLine(offer);
    return origin !== undefined && origin === originLine(this.remoteSdp);
  }

  /**
   * Our re-INVITE with a new offer (hold, resume, new address). Glare (ours or theirs pending):
   * 491 at once; a 491 from the peer is retried once after RFC 3261 §14.1's random wait. A 481 or
   * no answer ends the call.
   */
  async reinvite(sdp: string, options: { headers?: ReadonlyArray<readonly [string, string]> } = {}): Promise<ReinviteResult> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.sendReinvite(sdp, options.headers ?? []);
      if (result.ok || result.status !== 491 || attempt >= 1 || this.state === "ended") return result;
      // RFC 3261 §14.1: the Call-ID's owner waits 2.1–4 s, the other side 0–2 s.
      const wait = this.dialog.role === "uac" ? randomInt(2100, 4001) : randomInt(0, 2001);
      await new Promise<void>((resolve) => after(wait, resolve));
    }
  }

  private async sendReinvite(sdp: string, extra: ReadonlyArray<readonly [string, string]>): Promise<ReinviteResult> {
    if (this.state !== "confirmed") return { ok: false, status: 491, reason: "the call is not confirmed" };
    if (this.dialog.pendingOutgoingOffer || this.dialog.pendingIncomingInvite) return { ok: false, status: 491, reason: "Request Pending" };
    const destination = this.dialog.destination();
    if (!destination) return { ok: false, status: 503, reason: "no route to the peer" };
    this.dialog.pendingOutgoingOffer = true;
    const request = this.dialog.request("INVITE", {
      body: Buffer.from(sdp),
      contentType: SDP,
      headers: [["Allow", ALLOW], ["Supported", SUPPORTED], ...this.sessionTimerHeaders(), ...extra],
      userAgent: this.ua.userAgent,
    });
    const seq = this.dialog.localSeq;
    const result = await this.ua.request(request, destination, { onRepeated2xx: () => this.resendAck(seq) });
    this.dialog.pendingOutgoingOffer = false;
    if (this.ended) return { ok: false, status: 481, reason: "the call ended" };
    const response = result.response?.message;
    if (result.status >= 200 && result.status < 300 && response?.kind === "response") {
      const ack = this.dialog.ack(seq);
      this.rememberAck(seq, ack);
      this.ua.transactions.sendStateless(ack, destination).catch(() => undefined);
      this.dialog.receiveRefreshResponse(response);
      const answer = sdpBody(response) ?? this.remoteSdp;
      const changed = answer !== this.remoteSdp || sdp !== this.localSdp;
      this.localSdp = sdp;
      this.remoteSdp = answer;
      const timer = readSessionTimer({ ...request, headers: response.headers });
      if (timer) this.applySessionTimer(timer.interval, timer.refresher ?? "uac");
      else this.restartSessionTimer();
      if (changed) this.events.emit("media", { localSdp: this.localSdp, remoteSdp: this.remoteSdp });
      return { ok: true, remoteSdp: answer };
    }
    if (result.status === 481 || result.status === 408) {
      if (result.status === 408) void this.sendBye("refresh_failed");
      else this.end("refresh_failed");
    }
    return { ok: false, status: result.status, reason: result.reason };
  }

  // ── session timers (RFC 4028) ────────────────────────────────────────────

  private sessionInterval: number | undefined;
  private sessionRefresher: "uac" | "uas" | undefined;

  private sessionTimerHeaders(): Array<[string, string]> {
    if (this.sessionInterval === undefined || this.sessionRefresher === undefined) return [];
    return [["Session-Expires", `${this.sessionInterval};refresher=${this.sessionRefresher}`]];
  }

  /**
   * @internal The session timer agreed in the INVITE (or refresh): when we are the refresher we
   * re-INVITE with the same SDP at half the interval; otherwise a session not refreshed in time
   * ends with BYE.
   */
  applySessionTimer(interval: number, refresher: "uac" | "uas"): void {
    this.sessionInterval = interval;
    this.sessionRefresher = refresher;
    this.restartSessionTimer();
  }

  private restartSessionTimer(): void {
    this.stopSessionTimer?.();
    this.stopSessionTimer = undefined;
    const interval = this.sessionInterval;
    if (interval === undefined || this.state === "ended") return;
    const weRefresh = (this.sessionRefresher === "uac") === (this.dialog.role === "uac");
    if (weRefresh) {
      this.stopSessionTimer = after((interval * 1000) / 2, () => {
        if (this.state !== "confirmed") return;
        void this.reinvite(this.localSdp);
      });
    } else {
      this.stopSessionTimer = after(expiryDelayMs(interval), () => {
        if (this.state !== "ended") void this.sendBye("session_expired");
      });
    }
  }
}
