import type { HungUpBy, MediaCalls } from "../../media/calls/media-calls";
import type { SipCall, SipCallEndReason } from "./sip/sip-call";
import type { ReinviteDecision } from "./sip/sip-ua-core";
import { sdpRefusal } from "./sdp-refusal";

/** Who ended a call, as its row says, for each way a SIP dialog ends. */
const ENDED_BY: Record<SipCallEndReason, { by: HungUpBy; reason: string }> = {
  remote_bye: { by: "caller", reason: "hangup" },
  cancelled: { by: "caller", reason: "canceled" },
  local_bye: { by: "system", reason: "hangup" },
  ack_timeout: { by: "system", reason: "ack_timeout" },
  session_expired: { by: "system", reason: "session_expired" },
  refresh_failed: { by: "system", reason: "session_refresh_failed" },
  closed: { by: "system", reason: "shutdown" },
};

/**
 * Ties each SIP dialog to its call on the media plane: a BYE (or a dialog that dies) hangs the
 * media call up, a media call that ends (the flow's hang-up, an agent, lost RTP) sends BYE, and
 * in-dialog offers (hold, resume, a new address) are answered by the call's RTP leg.
 */
export class SipMediaLinks {
  private readonly bySip = new Map<SipCall, string>();

  constructor(private readonly calls: MediaCalls) {}

  get size(): number {
    return this.bySip.size;
  }

  /** The media call of a SIP dialog. */
  callOf(sipCall: SipCall): string | undefined {
    return this.bySip.get(sipCall);
  }

  /** Ties the dialog to the call. When our 2xx carried the offer (a late offer, a re-INVITE without SDP), the answer in the ACK goes to the call's leg. */
  link(sipCall: SipCall, callId: string): void {
    this.bySip.set(sipCall, callId);
    sipCall.on("answer", ({ sdp }) => {
      // An answer the leg cannot take ends the call (our BYE follows).
      this.calls.remoteSdp(callId, sdp).catch(() => this.calls.hangup(callId, "system", "media_error"));
    });
    // Keys by SIP INFO (carriers that do not send RFC 4733): application/dtmf-relay `Signal=5`, or application/dtmf `5`.
    sipCall.on("info", ({ contentType, body }) => {
      const digit = infoDigit(contentType, body.toString("utf8"));
      if (digit !== undefined) this.calls.keyPressed(callId, digit);
    });
    const unwatch = this.calls.watch(callId, (signal) => {
      if (signal.state !== "ended") return;
      if (!sipCall.ended) void sipCall.bye();
    });
    sipCall.on("ended", ({ reason }) => {
      this.bySip.delete(sipCall);
      unwatch();
      const ended = ENDED_BY[reason];
      void this.calls.hangup(callId, ended.by, ended.reason);
    });
  }

  /**
   * A re-INVITE's offer: the leg's answer, 488 when it cannot take it, 481 for a dialog without a
   * call. A re-INVITE without SDP (`sdp` undefined: a resume after hold, a third-party call
   * controller moving the call) gets the leg's fresh offer, sendrecv; the ACK brings its answer.
   */
  async reinvite(sipCall: SipCall, sdp: string | undefined): Promise<ReinviteDecision> {
    const callId = this.bySip.get(sipCall);
    if (callId === undefined) return { reject: 481 };
    try {
      return { sdp: sdp === undefined ? await this.calls.reoffer(callId) : await this.calls.renegotiate(callId, sdp) };
    } catch (error) {
      const refusal = sdpRefusal(error);
      return { reject: refusal.status, reason: refusal.reason };
    }
  }
}

/** The key of a SIP INFO body (`application/dtmf-relay`: `Signal=5\r\nDuration=160`; `application/dtmf`: `5`), if it carries one. */
export function infoDigit(contentType: string | undefined, body: string): string | undefined {
  const type = (contentType ?? "").toLowerCase().split(";")[0]?.trim();
  const raw = type === "application/dtmf-relay" ? /^\s*signal\s*=\s*(\S+)/im.exec(body)?.[1] : type === "application/dtmf" ? body.trim() : undefined;
  if (raw === undefined) return undefined;
  const key = raw === "10" ? "*" : raw === "11" ? "#" : raw.toUpperCase();
  return /^[0-9*#A-D]$/.test(key) ? key : undefined;
}
