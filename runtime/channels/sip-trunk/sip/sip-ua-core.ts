import type { SipDialogs } from "./sip-dialog";
import type { SipDestination, SipTransportName } from "./sip-endpoint";
import type { SipRequest } from "./sip-message";
import type { SipLocalEndpoint } from "./sip-requests";
import type { ResponseOptions } from "./sip-response";
import type { SipTimerValues } from "./sip-timers";
import type { ServerTransaction, SipTransactions } from "./sip-transactions";
import type { IncomingSip } from "./sip-transport";
import type { SipCall } from "./sip-call";

/** The methods we answer (Allow) and the extensions we support. */
export const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";
export const SUPPORTED = "timer";

/** The final outcome of a request we sent: the response, or 408 (no answer in time) / 503 (could not send) made up. */
export interface FinalResult {
  status: number;
  reason: string;
  response: IncomingSip | undefined;
}

export interface RequestCallbacks {
  onProvisional?: (incoming: IncomingSip) => void;
  /** INVITE: a 2xx again after the first (a retransmission to ACK again, or a fork). */
  onRepeated2xx?: (incoming: IncomingSip) => void;
}

/**
 * A re-INVITE or UPDATE with a new offer: answer with SDP, or refuse (488, …). A re-INVITE without
 * SDP (`sdp` undefined) asks for our offer (RFC 3261 §14.2): its answer comes in the ACK (`answer`).
 */
export type ReinviteDecision = { sdp: string } | { reject: number; reason?: string };
export type ReinviteHandler = (call: SipCall, offer: { sdp: string | undefined; request: SipRequest }) => ReinviteDecision | Promise<ReinviteDecision>;

/** What calls and dialogs need from the user agent. */
export interface SipUaCore {
  readonly transactions: SipTransactions;
  readonly dialogs: SipDialogs;
  readonly timers: SipTimerValues;
  readonly userAgent: string;
  readonly minSessionExpires: number;
  endpoint(transport: SipTransportName): SipLocalEndpoint;
  contact(transport: SipTransportName, user?: string, secure?: boolean): string;
  request(request: SipRequest, destination: SipDestination, callbacks?: RequestCallbacks): Promise<FinalResult>;
  respond(transaction: ServerTransaction, status: number, options?: ResponseOptions): void;
  addCall(call: SipCall): void;
  removeCall(call: SipCall): void;
  readonly reinviteHandler: ReinviteHandler | undefined;
  remoteBye(call: SipCall): void;
}
