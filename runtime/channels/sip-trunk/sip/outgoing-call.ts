import { SipCall } from "./sip-call";
import { DigestSession, resendWithCredentials, type DigestCredentials } from "./sip-digest";
import { SipDialog, incomingResponseDialogKey } from "./sip-dialog";
import type { SipDestination } from "./sip-endpoint";
import { getHeader, type SipRequest, type SipResponse } from "./sip-message";
import { readCore } from "./sip-parse";
import { cancelFor } from "./sip-requests";
import { readSessionTimer } from "./session-timer";
import { after } from "./sip-timers";
import type { ClientTransaction } from "./sip-transactions";
import type { IncomingSip } from "./sip-transport";
import type { SipUaCore } from "./sip-ua-core";
import { TypedEvents } from "./typed-events";

/** How an outbound call ended without being answered. */
export type OutgoingCallOutcome =
  /** 486 Busy Here, 600 Busy Everywhere, 603 Decline (the called party refused it, as Twilio's `<Dial>` reports busy). */
  | "busy"
  /** 408, 480, no response in time (Timer B), or our ring timeout (then CANCEL). */
  | "no_answer"
  /** We cancelled (`cancel()`). */
  | "cancelled"
  /** Any other 3xx–6xx, credentials refused, the peer unreachable. */
  | "failed";

export interface OutgoingCallFailure {
  outcome: OutgoingCallOutcome;
  /** The final status (made up: 408 timeout, 487 after our CANCEL, 503 unreachable). */
  status: number;
  reason: string;
}

export type OutgoingCallEvents = {
  /** 180/181/182/183, with SDP when the far end sends early media. */
  provisional: { status: number; reason: string; sdp: string | undefined };
  /** 200 with SDP: the ACK is sent; `call` is up. */
  answered: { call: SipCall; sdp: string };
  failed: OutgoingCallFailure;
};

export type OutgoingCallResult = ({ answered: true } & OutgoingCallEvents["answered"]) | ({ answered: false } & OutgoingCallFailure);

export interface OutgoingCallInit {
  invite: SipRequest;
  auth: DigestCredentials | undefined;
  /** CANCEL after this long without an answer (outcome `no_answer`). */
  ringTimeoutMs: number | undefined;
}

function sdpOf(response: SipResponse): string | undefined {
  const type = getHeader(response, "content-type") ?? "";
  return response.body.length > 0 && type.toLowerCase().startsWith("application/sdp") ? response.body.toString("utf8") : undefined;
}

function outcomeOf(status: number): OutgoingCallOutcome {
  if (status === 486 || status === 600 || status === 603) return "busy";
  if (status === 408 || status === 480) return "no_answer";
  return "failed";
}

/**
 * An INVITE we send (RFC 3261 §13.2): provisional responses, early media, digest challenges
 * answered (CSeq + 1, same Call-ID and From tag), the 2xx ACKed (again for each retransmission;
 * a second dialog from a fork gets ACK and BYE), CANCEL once a provisional response has come.
 */
export class OutgoingCall {
  readonly events = new TypedEvents<OutgoingCallEvents>();
  /** Settles once: answered or failed. */
  readonly result: Promise<OutgoingCallResult>;
  private settle!: (result: OutgoingCallResult) => void;
  private invite: SipRequest;
  private transaction: ClientTransaction | undefined;
  private readonly digest: DigestSession | undefined;
  private challenged = 0;
  private provisional = false;
  private cancelWanted: OutgoingCallOutcome | undefined;
  private cancelSent = false;
  private call: SipCall | undefined;
  private done = false;
  private readonly stops: Array<() => void> = [];
  private destination: SipDestination | undefined;

  constructor(
    private readonly ua: SipUaCore,
    private readonly init: OutgoingCallInit,
  ) {
    this.invite = init.invite;
    this.digest = init.auth ? new DigestSession(init.auth) : undefined;
    this.result = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get callId(): string {
    return getHeader(this.invite, "call-id") ?? "";
  }

  /** The INVITE now in flight (after a challenge, the one with credentials). */
  get request(): SipRequest {
    return this.invite;
  }

  on<K extends keyof OutgoingCallEvents>(event: K, listener: (value: OutgoingCallEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** @internal Sends the INVITE once the destination is known (DNS); a name that does not resolve fails the call (503). */
  async start(destination: Promise<SipDestination>): Promise<void> {
    if (this.init.ringTimeoutMs !== undefined) this.stops.push(after(this.init.ringTimeoutMs, () => this.requestCancel("no_answer")));
    try {
      this.destination = await destination;
    } catch (error) {
      this.fail(503, `Service Unavailable (${error instanceof Error ? error.message : String(error)})`, "failed");
      return;
    }
    if (this.done) return;
    if (this.cancelWanted) {
      this.fail(487, "Request Terminated");
      return;
    }
    this.send();
  }

  /** Gives up: CANCEL now if the far end has answered provisionally, else as soon as it does (RFC 3261 §9.1). */
  cancel(): void {
    this.requestCancel("cancelled");
  }

  private requestCancel(outcome: OutgoingCallOutcome): void {
    if (this.done || this.cancelWanted) return;
    this.cancelWanted = outcome;
    if (this.provisional) this.sendCancel();
    else if (this.transaction) {
      // Nothing heard yet, so no CANCEL may go (RFC 3261 §9.1), but the caller need not wait for
      // Timer B: the call is over now. A provisional response later is CANCELled, a 2xx ACKed and hung up.
      this.fail(outcome === "cancelled" ? 487 : 408, outcome === "cancelled" ? "Request Terminated" : "Request Timeout (no response)");
    }
  }

  private sendCancel(): void {
    if (this.cancelSent || !this.transaction || !this.destination) return;
    this.cancelSent = true;
    const cancel = cancelFor(this.invite);
    this.ua.request(cancel, this.destination).catch(() => undefined);
    // No final response to the INVITE 64×T1 after the CANCEL: give up on it (RFC 3261 §9.1).
    const transaction = this.transaction;
    this.stops.push(
      after(64 * this.ua.timers.t1, () => {
        transaction.terminate();
        this.fail(487, "Request Terminated");
      }),
    );
  }

  private send(): void {
    const destination = this.destination;
    if (!destination) return;
    this.transaction = this.ua.transactions.request(this.invite, destination, {
      onResponse: (incoming) => this.receive(incoming),
      onTimeout: () => this.fail(408, "Request Timeout"),
      onTransportError: (error) => this.fail(503, `Service Unavailable (${error.message})`, "failed"),
    });
  }

  private receive(incoming: IncomingSip): void {
    const response = incoming.message;
    if (response.kind !== "response") return;
    if (response.status < 200) {
      // Any provisional response, 100 Trying included, allows a CANCEL (RFC 3261 §9.1).
      this.provisional = true;
      if (this.cancelWanted) this.sendCancel();
      if (response.status !== 100 && !this.done) this.events.emit("provisional", { status: response.status, reason: response.reason, sdp: sdpOf(response) });
      return;
    }
    if (response.status < 300) {
      this.answered(incoming, response);
      return;
    }
    if ((response.status === 401 || response.status === 407) && this.digest && !this.cancelWanted && !this.done) {
      const accepted = this.digest.accept(response);
      const stale = accepted.ok && accepted.value.stale;
      if (accepted.ok && (this.challenged === 0 || stale) && this.challenged < 3) {
        this.challenged += 1;
        const credentials = this.digest.authorize("INVITE", this.invite.uri, this.invite.body);
        if (credentials) {
          this.invite = resendWithCredentials(this.invite, credentials);
          this.provisional = false;
          this.send();
          return;
        }
      }
      this.fail(response.status, accepted.ok ? `${response.reason} (credentials refused)` : `${response.reason} (${accepted.error})`, "failed");
      return;
    }
    this.fail(response.status, response.reason);
  }

  private answered(incoming: IncomingSip, response: SipResponse): void {
    const inviteCore = readCore(this.invite.headers).core;
    if (!inviteCore) return;
    const seq = inviteCore.cseq.seq;
    const existing = this.call;
    if (existing && incomingResponseDialogKey(incoming.core) === existing.dialog.key) {
      existing.resendAck(seq);
      return;
    }
    const sentTo = this.destination;
    if (!sentTo) return;
    const dialog = SipDialog.asUac(this.invite, inviteCore, { ...incoming, message: response }, this.ua.endpoint(sentTo.transport), this.ua.contact(sentTo.transport));
    if (!dialog) return;
    const destination = dialog.destination() ?? sentTo;
    const ack = dialog.ack(seq);
    this.ua.transactions.sendStateless(ack, destination).catch(() => undefined);
    const sdp = sdpOf(response) ?? "";
    if (existing || this.done) {
      // A forked 2xx, or an answer after we gave up: ACK it, then hang it up.
      this.ua.request(dialog.request("BYE", { userAgent: this.ua.userAgent }), destination).catch(() => undefined);
      if (!existing && this.cancelWanted) this.fail(487, "Request Terminated");
      return;
    }
    const call = new SipCall(this.ua, dialog, "outbound", { local: this.invite.body.toString("utf8"), remote: sdp });
    call.rememberAck(seq, ack);
    this.call = call;
    if (this.cancelWanted) {
      // The answer crossed our CANCEL: the call is up, hang it up.
      this.ua.addCall(call);
      void call.bye();
      this.fail(487, "Request Terminated");
      return;
    }
    this.ua.addCall(call);
    const timer = readSessionTimer({ ...this.invite, headers: response.headers });
    if (timer) call.applySessionTimer(timer.interval, timer.refresher ?? "uac");
    this.finish();
    call.events.emit("confirmed", undefined);
    this.events.emit("answered", { call, sdp });
    this.settle({ answered: true, call, sdp });
  }

  private fail(status: number, reason: string, outcome?: OutgoingCallOutcome): void {
    if (this.done) return;
    this.finish();
    const failure: OutgoingCallFailure = { outcome: this.cancelWanted ?? outcome ?? outcomeOf(status), status, reason };
    if (this.cancelWanted && status !== 487) failure.outcome = outcome ?? outcomeOf(status);
    this.events.emit("failed", failure);
    this.settle({ answered: false, ...failure });
  }

  private finish(): void {
    this.done = true;
    for (const stop of this.stops.splice(0)) stop();
  }
}
