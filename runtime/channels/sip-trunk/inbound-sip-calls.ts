import type { MediaCalls } from "../../media/calls/media-calls";
import { numberOfUri, userOfUri } from "./phone-number";
import { sdpRefusal } from "./sdp-refusal";
import type { SipMediaLinks } from "./sip-media-links";
import type { IncomingCall } from "./sip/incoming-call";
import type { TrunkDirectory } from "./trunk-directory";

export interface InboundSipCallsDeps {
  directory: TrunkDirectory;
  calls: MediaCalls;
  links: SipMediaLinks;
  log(line: string): void;
}

/** Counters of refused INVITEs (no log line per scanner packet). */
export interface InboundCounters {
  answered: number;
  forbidden: number;
  notFound: number;
  notAcceptable: number;
  unavailable: number;
  cancelled: number;
}

/**
 * Inbound calls on SIP trunks: an INVITE from a trunk's carrier for a number it owns is rung,
 * answered by an RTP leg on the media plane (G.711 in the trunk's codec order, the caller's
 * telephone-event payload type; an INVITE without SDP gets our offer and answers in its ACK) and
 * runs the channel's flow; anyone else gets 403, a number no
 * trunk owns 404, an SDP the media plane cannot take 488. Nothing is stored for a refusal.
 */
export class InboundSipCalls {
  readonly counters: InboundCounters = { answered: 0, forbidden: 0, notFound: 0, notAcceptable: 0, unavailable: 0, cancelled: 0 };

  constructor(private readonly deps: InboundSipCallsDeps) {}

  /** The user agent's INVITE handler. */
  readonly take = (invite: IncomingCall): void => {
    this.answer(invite).catch((error: unknown) => {
      this.deps.log(`sip: INVITE ${invite.callId}: ${error instanceof Error ? error.message : String(error)}`);
      invite.reject(500);
    });
  };

  private async answer(invite: IncomingCall): Promise<void> {
    const dialled = numberOfUri(invite.request.uri) ?? numberOfUri(invite.to.uriText);
    const route = this.deps.directory.route(invite.source.address, dialled);
    if (!route.ok) {
      if (route.status === 403) this.counters.forbidden++;
      else this.counters.notFound++;
      invite.reject(route.status, { reason: route.reason });
      return;
    }
    // Without an offer (a late offer) our offer goes in the 200 and the caller's answer comes in the ACK.
    const offer = invite.offer;
    const channel = route.channel;
    invite.ring();
    let answered: { callId: string; answerSdp: string };
    try {
      answered = await this.deps.calls.answer({
        channel: { id: channel.id, type: channel.type, flowId: channel.flowId },
        from: callerOf(invite),
        ...(dialled === undefined ? {} : { to: dialled }),
        leg: { kind: "rtp", offerSdp: offer, codecs: channel.settings.codecs ?? ["PCMU", "PCMA"], ...(channel.settings.srtp === true ? { srtp: true } : {}) },
      });
    } catch (error) {
      const refusal = sdpRefusal(error);
      if (refusal.status === 488) this.counters.notAcceptable++;
      else {
        this.counters.unavailable++;
        this.deps.log(`sip: ${channel.name}: a call from ${callerOf(invite)} was refused: ${refusal.detail}`);
      }
      invite.reject(refusal.status, { reason: refusal.status === 488 ? `Not Acceptable Here - ${refusal.detail.slice(0, 120)}` : refusal.reason });
      return;
    }
    if (invite.state !== "pending") {
      // The caller cancelled while the leg was being made: 487 went out; the call never started.
      this.counters.cancelled++;
      await this.deps.calls.hangup(answered.callId, "caller", "canceled");
      return;
    }
    const sipCall = invite.answer(answered.answerSdp);
    this.counters.answered++;
    this.deps.links.link(sipCall, answered.callId);
  }
}

/** The caller's number (E.164 when the From user is one), else the From user, else `anonymous`. */
function callerOf(invite: IncomingCall): string {
  const from = invite.from.uriText;
  return numberOfUri(from) ?? userOfUri(from) ?? "anonymous";
}
