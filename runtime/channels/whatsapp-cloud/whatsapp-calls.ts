import type { MediaCalls } from "../../media/calls/media-calls";
import { MediaPlaneError } from "../../media/media-plane";
import type { ChannelOf } from "../channel-config";
import type { DriverContext } from "../channel-driver";
import { type GraphCallAction, sendGraphCallAction } from "./graph-api";
import type { WhatsAppCallEvent } from "./parse-whatsapp-webhook";

type WhatsAppChannel = ChannelOf<"whatsapp_cloud">;
type IceServer = { urls: string | string[]; username?: string; credential?: string };

/** How long after `pre_accept` ICE and DTLS may take before the call is given up (Whatomate waits 15 s; Meta's whole limit is 30–60 s, MEDIA.md 5.4). */
export const ACCEPT_WITHIN_MS = 15_000;
/** A `connect` older than this (by its `timestamp`) is not answered: the caller has given up and Meta has stopped waiting for an accept. */
export const OFFER_MAX_AGE_MS = 45_000;

/** How many ids of terminates that matched no call are remembered (a connect delivered after its terminate, or still being answered). */
const EARLY_TERMINATES = 1000;

/** Offer refusals that say the SDP is at fault (the caller's side), answered with `reject`. */
const SDP_REFUSALS = new Set(["invalid_sdp", "sdp_too_large", "no_audio", "no_common_codec"]);

/** A WhatsApp call tied to its media-plane call. */
interface CallLink {
  wacid: string;
  callId: string;
  channel: WhatsAppChannel;
  graph: string;
  /** Our SDP answer: pre_accept and accept send the same string. */
  answerSdp: string;
  log(line: string): void;
  /** Meta said it ended (a `terminate` webhook): we do not terminate it again. */
  endedByMeta: boolean;
  ended: boolean;
}

export interface WhatsAppCallsDeps {
  /** The media plane's calls; without it every call is rejected. */
  calls: MediaCalls | undefined;
  /** Our side's ICE servers for a call (TURN credentials), as for browser calls. */
  iceServersFor?(id: string): IceServer[];
  now?: () => number;
  acceptWithinMs?: number;
}

/** What a call event did (the session starts later, once Meta took our accept). */
export interface CallHandled {
  outcome: string;
}

/**
 * WhatsApp Business calling (MEDIA.md 5): a user's `connect` is answered by a WebRTC leg on the
 * media plane (Meta is ICE-lite with `a=setup:actpass`: we are the controlling ICE agent and the
 * DTLS client, Opus 48 kHz and telephone-event/8000), then `pre_accept` with our answer, and once
 * ICE and DTLS are up `accept` with the same SDP; the call's voice flow starts after accept's 200.
 * A `terminate` webhook ends the call (the session with its reason); a call that ends on our side
 * (the flow, an agent, lost media) gets our `terminate`. Calls that cannot be answered (calling
 * disabled, an SDP the media plane refuses, no media plane) get `reject`.
 */
export class WhatsAppCalls {
  private readonly byWacid = new Map<string, CallLink>();
  private readonly byCallId = new Map<string, CallLink>();
  /** WhatsApp call ids Meta ended before we knew them (oldest first). */
  private readonly terminatedEarly = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly deps: WhatsAppCallsDeps) {
    this.now = deps.now ?? Date.now;
    deps.calls?.onEnded((call, reason, by) => this.ended(call.callId, reason, by));
  }

  /** The media-plane call of a WhatsApp call id, while it lasts. */
  callIdOf(wacid: string): string | undefined {
    return this.byWacid.get(wacid)?.callId;
  }

  async handle(event: WhatsAppCallEvent, channel: WhatsAppChannel, context: DriverContext): Promise<CallHandled> {
    switch (event.kind) {
      case "call_connect":
        return this.connect(event, channel, context);
      case "call_terminate":
        return this.terminated(event, context);
      case "call_status":
        context.log(`whatsapp_cloud ${channel.id}: call ${event.id} is ${event.status}`);
        return { outcome: `status ${event.status}` };
      case "call_other":
        context.log(`whatsapp_cloud ${channel.id}: call ${event.id}: event "${event.event}" stored`);
        return { outcome: `stored ${event.event}` };
    }
  }

  private async connect(event: Extract<WhatsAppCallEvent, { kind: "call_connect" }>, channel: WhatsAppChannel, context: DriverContext): Promise<CallHandled> {
    const log = (line: string) => context.log(`whatsapp_cloud ${channel.id}: call ${event.id}: ${line}`);
    const graph = context.providerApis.whatsappGraph;
    if (event.direction !== "USER_INITIATED" || event.sdpType !== "offer") {
      // Meta's answer to a call we placed: business-initiated calls are not placed yet.
      log(`a ${event.direction} connect with an SDP ${event.sdpType} matches no call we placed; ignored`);
      return { outcome: "ignored: no call of ours" };
    }
    const calling = channel.settings.calling;
    if (calling?.enabled !== true || calling.flowId === undefined) {
      log("calling is not enabled on this channel (settings.calling): rejected");
      await this.action(channel, graph, { action: "reject", callId: event.id }, log);
      return { outcome: "rejected: calling disabled" };
    }
    const calls = this.deps.calls;
    if (calls === undefined) {
      log("the media plane is not running on this server: rejected");
      await this.action(channel, graph, { action: "reject", callId: event.id }, log);
      return { outcome: "rejected: no media plane" };
    }
    if (this.terminatedEarly.has(event.id)) {
      log("Meta already ended this call (its terminate came first): not answered");
      return { outcome: "ended before answered" };
    }
    if (event.timestampSeconds !== undefined && this.now() - event.timestampSeconds * 1000 > OFFER_MAX_AGE_MS) {
      // The caller has given up: Meta no longer waits for an accept (and its terminate follows or came).
      log(`the offer is ${Math.round((this.now() - event.timestampSeconds * 1000) / 1000)} s old (more than ${OFFER_MAX_AGE_MS / 1000} s): not answered`);
      return { outcome: "expired" };
    }
    let answered: { callId: string; answerSdp: string };
    try {
      answered = await calls.answer({
        channel: { id: channel.id, type: channel.type, flowId: calling.flowId },
        from: event.from,
        leg: { kind: "webrtc", offerSdp: event.sdp, iceServers: this.deps.iceServersFor?.(`whatsapp-${event.from}`) ?? [] },
        startOn: "answered",
      });
    } catch (error) {
      const code = error instanceof MediaPlaneError ? error.code : "internal";
      log(`the offer was refused (${code}): ${error instanceof Error ? error.message : String(error)}; rejected`);
      await this.action(channel, graph, { action: "reject", callId: event.id }, log);
      return { outcome: SDP_REFUSALS.has(code) ? `rejected: ${code}` : "rejected: media error" };
    }
    const link: CallLink = { wacid: event.id, callId: answered.callId, channel, graph, answerSdp: answered.answerSdp, log, endedByMeta: false, ended: false };
    this.byWacid.set(link.wacid, link);
    this.byCallId.set(link.callId, link);
    if (this.terminatedEarly.has(event.id)) {
      // Meta's terminate came while the offer was being answered.
      link.endedByMeta = true;
      await calls.hangup(link.callId, "caller", "canceled");
      return { outcome: "ended before answered" };
    }
    try {
      await sendGraphCallAction(channel, { action: "pre_accept", callId: event.id, sdp: answered.answerSdp }, graph);
    } catch (error) {
      log(`pre_accept failed: ${error instanceof Error ? error.message : String(error)}`);
      await calls.hangup(link.callId, "system", "call_failed");
      return { outcome: `failed: pre_accept` };
    }
    void this.accept(calls, link).catch((error: unknown) => log(`accept: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    return { outcome: `answered: ${link.callId}` };
  }

  /** Once ICE and DTLS are up, `accept` (the same SDP); after its 200 the call counts as answered and its flow starts. */
  private async accept(calls: MediaCalls, link: CallLink): Promise<void> {
    const up = await calls.mediaConnected(link.callId, this.deps.acceptWithinMs ?? ACCEPT_WITHIN_MS);
    if (link.ended) return;
    if (!up) {
      link.log(`media did not connect within ${(this.deps.acceptWithinMs ?? ACCEPT_WITHIN_MS) / 1000} s of pre_accept`);
      await calls.hangup(link.callId, "system", "ice_timeout");
      return;
    }
    try {
      await sendGraphCallAction(link.channel, { action: "accept", callId: link.wacid, sdp: link.answerSdp }, link.graph);
    } catch (error) {
      link.log(`accept failed: ${error instanceof Error ? error.message : String(error)}`);
      await calls.hangup(link.callId, "system", "call_failed");
      return;
    }
    if (link.ended) return;
    calls.answered(link.callId);
  }

  /** Meta's `terminate`: the user hung up, the call failed, or it was never answered. */
  private async terminated(event: Extract<WhatsAppCallEvent, { kind: "call_terminate" }>, context: DriverContext): Promise<CallHandled> {
    const link = this.byWacid.get(event.id);
    const duration = event.durationSeconds === undefined ? "" : ` after ${event.durationSeconds} s`;
    if (link === undefined || link.ended) {
      if (link === undefined) this.rememberEarly(event.id);
      context.log(`whatsapp_cloud: call ${event.id} ended (${event.status})${duration}; no live call of ours had that id`);
      return { outcome: `terminate: no live call` };
    }
    link.endedByMeta = true;
    const answered = this.deps.calls?.get(link.callId)?.connected === true;
    const reason = event.status === "FAILED" ? "call_failed" : answered ? "hangup" : "canceled";
    link.log(`ended by WhatsApp (${event.status})${duration}`);
    await this.deps.calls?.hangup(link.callId, "caller", reason);
    return { outcome: `terminated: ${reason}` };
  }

  /**
   * The media-plane call ended (either side): our `terminate` unless Meta told us first. Lost media
   * (`no_rtp`: Meta's side stopped sending without a terminate webhook) ends it here too.
   */
  private ended(callId: string, reason: string, by: string): void {
    const link = this.byCallId.get(callId);
    if (link === undefined) return;
    link.ended = true;
    this.byCallId.delete(callId);
    this.byWacid.delete(link.wacid);
    if (link.endedByMeta) return;
    link.log(`ended on our side (${reason}, by the ${by}): terminate sent to WhatsApp`);
    void this.action(link.channel, link.graph, { action: "terminate", callId: link.wacid }, link.log);
  }

  private rememberEarly(wacid: string): void {
    this.terminatedEarly.add(wacid);
    for (const old of this.terminatedEarly) {
      if (this.terminatedEarly.size <= EARLY_TERMINATES) break;
      this.terminatedEarly.delete(old);
    }
  }

  /** A call action whose failure is logged (the call is over or never started either way). */
  private async action(channel: WhatsAppChannel, graph: string, action: GraphCallAction, log: (line: string) => void): Promise<void> {
    try {
      await sendGraphCallAction(channel, action, graph);
    } catch (error) {
      log(`${action.action} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
