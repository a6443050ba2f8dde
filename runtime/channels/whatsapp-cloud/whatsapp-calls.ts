import type { MediaCalls } from "../../media/calls/media-calls";
import { MediaPlaneError } from "../../media/media-plane";
import type { ChannelOf } from "../channel-config";
import type { DriverContext } from "../channel-driver";
import { type GraphCallAction, sendGraphCallAction, startGraphCall } from "./graph-api";
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

/** How long a business-initiated call may ring before we give up (`POST /api/calls` `timeoutSeconds`; Meta's own limit is about 60 s). */
export const PLACED_RING_MS = 60_000;

/** A WhatsApp call tied to its media-plane call. */
interface CallLink {
  wacid: string;
  callId: string;
  channel: WhatsAppChannel;
  graph: string;
  /** Our SDP answer: pre_accept and accept send the same string (user-initiated calls). */
  answerSdp: string;
  log(line: string): void;
  /** Meta said it ended (a `terminate` webhook, a REJECTED status): we do not terminate it again. */
  endedByMeta: boolean;
  ended: boolean;
  /** A call we placed (business-initiated): its progress, told to the agents. */
  placed?: PlacedProgress;
}

/** A business-initiated call's progress (MEDIA.md 5.6): Meta's answer, its statuses, the ring timeout. */
interface PlacedProgress {
  to: string;
  /** Tells the agents of the call's conversation (a line in the room). */
  note(text: string): void;
  /** Meta's SDP answer was applied (a retried or second connect is not applied again). */
  answerApplied: boolean;
  ringing: boolean;
  answered: boolean;
  ringTimer: NodeJS.Timeout | undefined;
}

/** A business-initiated call to place. */
export interface PlaceWhatsAppCall {
  channel: WhatsAppChannel;
  /** The Graph API base (`WHATSAPP_GRAPH_BASE_URL`). */
  graph: string;
  /** The user's wa_id (digits, no +). */
  to: string;
  ringTimeoutMs?: number;
  note(text: string): void;
  log(line: string): void;
  /** Runs once the media-plane call exists and before Meta is asked (the agent's conversation is attached then, so ringback reaches them). */
  beforeConnect?(callId: string): Promise<void>;
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
  /**
   * Statuses and answers for call ids we do not know (yet): Meta may send them before its answer
   * to our `connect` reaches us; replayed when the call is registered (the last 1,000 ids).
   */
  private readonly earlyEvents = new Map<string, { event: WhatsAppCallEvent; channel: WhatsAppChannel; context: DriverContext }[]>();
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
        if (event.direction === "BUSINESS_INITIATED" && event.sdpType === "answer") return this.answeredByMeta(event, channel, context);
        return this.connect(event, channel, context);
      case "call_terminate":
        return this.terminated(event, context);
      case "call_status":
        return this.status(event, channel, context);
      case "call_other":
        context.log(`whatsapp_cloud ${channel.id}: call ${event.id}: event "${event.event}" stored`);
        return { outcome: `stored ${event.event}` };
    }
  }

  private async connect(event: Extract<WhatsAppCallEvent, { kind: "call_connect" }>, channel: WhatsAppChannel, context: DriverContext): Promise<CallHandled> {
    const log = (line: string) => context.log(`whatsapp_cloud ${channel.id}: call ${event.id}: ${line}`);
    const graph = context.providerApis.whatsappGraph;
    if (event.direction !== "USER_INITIATED" || event.sdpType !== "offer") {
      log(`a ${event.direction} connect with an SDP ${event.sdpType} is neither a user's call nor the answer to one we placed; ignored`);
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
    link.log(`ended by WhatsApp (${event.status})${duration}`);
    if (link.placed !== undefined && !answered) {
      // A call we placed that was never answered: the user did not pick up (or it failed).
      const reason = event.status === "FAILED" ? "failed" : "no_answer";
      await this.deps.calls?.notAnswered(link.callId, reason, `WhatsApp ended the call (${event.status}) before it was answered`);
      return { outcome: `terminated: ${reason}` };
    }
    const reason = event.status === "FAILED" ? "call_failed" : answered ? "hangup" : "canceled";
    await this.deps.calls?.hangup(link.callId, "caller", reason);
    return { outcome: `terminated: ${reason}` };
  }

  /**
   * Places a business-initiated call (MEDIA.md 5.6): a WebRTC leg with our offer on the media
   * plane (an agent's call: bridged to their softphone by CallAgents), then `connect` with the offer.
   * Meta's answer comes in a BUSINESS_INITIATED `connect` webhook, the user's progress in `statuses`
   * (RINGING, ACCEPTED, REJECTED); unanswered after the ring timeout it gets our `terminate`. The
   * caller has checked the permission; Meta refusing `connect` ends the call (thrown on).
   */
  async place(input: PlaceWhatsAppCall): Promise<{ callId: string; wacid: string }> {
    const calls = this.deps.calls;
    if (calls === undefined) throw new MediaPlaneError("media_unavailable", "the media plane is not running on this server");
    const flowId = input.channel.settings.calling?.flowId ?? input.channel.flowId;
    const placed = await calls.placeOutbound({
      channel: { id: input.channel.id, type: input.channel.type, flowId },
      from: input.channel.credentials.phoneNumberId,
      to: input.to,
      mode: "agent",
      webrtc: { iceServers: this.deps.iceServersFor?.(`whatsapp-${input.to}`) ?? [] },
    });
    const { callId } = placed;
    try {
      await input.beforeConnect?.(callId);
    } catch (error) {
      await calls.notAnswered(callId, "failed", `before connect: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    let wacid: string;
    try {
      wacid = await startGraphCall(input.channel, { to: input.to, sdp: placed.offerSdp, bizOpaqueCallbackData: callId }, input.graph);
    } catch (error) {
      input.log(`call ${callId} to ${input.to}: connect failed: ${error instanceof Error ? error.message : String(error)}`);
      await calls.notAnswered(callId, "failed", "Meta refused the connect");
      throw error;
    }
    const log = (line: string) => input.log(`whatsapp_cloud ${input.channel.id}: call ${wacid} to ${input.to}: ${line}`);
    const progress: PlacedProgress = { to: input.to, note: input.note, answerApplied: false, ringing: false, answered: false, ringTimer: undefined };
    const link: CallLink = { wacid, callId, channel: input.channel, graph: input.graph, answerSdp: "", log, endedByMeta: false, ended: calls.get(callId) === undefined, placed: progress };
    if (link.ended) return { callId, wacid };
    this.byWacid.set(wacid, link);
    this.byCallId.set(callId, link);
    const ringMs = input.ringTimeoutMs ?? PLACED_RING_MS;
    progress.ringTimer = setTimeout(() => {
      if (link.ended || progress.answered) return;
      log(`not answered within ${Math.round(ringMs / 1000)} s: terminated`);
      void calls.notAnswered(callId, "no_answer", `not answered within ${Math.round(ringMs / 1000)} s`);
    }, ringMs);
    progress.ringTimer.unref();
    log(`placed (media-plane call ${callId})`);
    // What Meta said before its reply to connect reached us: its end, its statuses, its answer.
    if (this.terminatedEarly.has(wacid)) {
      link.endedByMeta = true;
      await calls.notAnswered(callId, "failed", "WhatsApp ended the call before its connect was answered");
      return { callId, wacid };
    }
    const early = this.earlyEvents.get(wacid) ?? [];
    this.earlyEvents.delete(wacid);
    for (const { event, channel, context } of early) await this.handle(event, channel, context);
    return { callId, wacid };
  }

  /** Meta's SDP answer to a call we placed (a BUSINESS_INITIATED connect): applied to our leg; once media connects, the call is answered. */
  private async answeredByMeta(event: Extract<WhatsAppCallEvent, { kind: "call_connect" }>, channel: WhatsAppChannel, context: DriverContext): Promise<CallHandled> {
    const link = this.byWacid.get(event.id);
    const calls = this.deps.calls;
    if (link?.placed === undefined || link.ended || calls === undefined) {
      if (link === undefined) this.rememberEvent(event, channel, context);
      context.log(`whatsapp_cloud: call ${event.id}: a BUSINESS_INITIATED connect (SDP answer) for no live call we placed; ignored`);
      return { outcome: "ignored: no call of ours" };
    }
    const progress = link.placed;
    if (progress.answerApplied) {
      link.log("a second SDP answer for this call: ignored (the first is in use)");
      return { outcome: "ignored: answer already applied" };
    }
    try {
      await calls.remoteSdp(link.callId, event.sdp);
    } catch (error) {
      const code = error instanceof MediaPlaneError ? error.code : "internal";
      link.log(`Meta's SDP answer was refused (${code}): ${error instanceof Error ? error.message : String(error)}; terminated`);
      await calls.notAnswered(link.callId, "failed", `Meta's SDP answer was refused (${code})`);
      return { outcome: `failed: ${code}` };
    }
    progress.answerApplied = true;
    link.log("Meta's SDP answer applied");
    void calls.mediaConnected(link.callId, this.deps.acceptWithinMs ?? ACCEPT_WITHIN_MS).then(async (up) => {
      if (link.ended) return;
      if (!up) {
        link.log(`media did not connect within ${(this.deps.acceptWithinMs ?? ACCEPT_WITHIN_MS) / 1000} s of Meta's answer`);
        await calls.hangup(link.callId, "system", "ice_timeout");
        return;
      }
      this.placedAnswered(link);
    });
    return { outcome: `answer applied: ${link.callId}` };
  }

  /** A business-initiated call's status (RINGING, ACCEPTED, REJECTED); one for no call of ours is only stored. */
  private async status(event: Extract<WhatsAppCallEvent, { kind: "call_status" }>, channel: WhatsAppChannel, context: DriverContext): Promise<CallHandled> {
    const link = this.byWacid.get(event.id);
    if (link?.placed === undefined || link.ended) {
      if (link === undefined) this.rememberEvent(event, channel, context);
      context.log(`whatsapp_cloud ${channel.id}: call ${event.id} is ${event.status}; no live call we placed has that id (stored)`);
      return { outcome: `status ${event.status}: no live call` };
    }
    const progress = link.placed;
    const calls = this.deps.calls;
    link.log(`status ${event.status}`);
    switch (event.status) {
      case "RINGING":
        if (!progress.ringing && !progress.answered) {
          progress.ringing = true;
          calls?.ringing(link.callId);
          progress.note(`Ringing +${progress.to} on WhatsApp`);
        }
        return { outcome: "status RINGING" };
      case "ACCEPTED":
        // Meta's audit of the answer: it may trail the media (MEDIA.md 5.2); the call counts as answered either way.
        this.placedAnswered(link);
        return { outcome: "status ACCEPTED" };
      case "REJECTED":
        link.endedByMeta = true;
        await calls?.notAnswered(link.callId, "declined", "the user declined the call in WhatsApp");
        return { outcome: "status REJECTED: ended" };
      default:
        return { outcome: `status ${event.status}` };
    }
  }

  private placedAnswered(link: CallLink): void {
    const progress = link.placed;
    if (progress === undefined || progress.answered || link.ended) return;
    progress.answered = true;
    clearTimeout(progress.ringTimer);
    this.deps.calls?.answered(link.callId);
    progress.note(`+${progress.to} answered the WhatsApp call`);
  }

  /**
   * The media-plane call ended (either side): our `terminate` unless Meta told us first. Lost media
   * (`no_rtp`: Meta's side stopped sending without a terminate webhook) ends it here too.
   */
  private ended(callId: string, reason: string, by: string): void {
    const link = this.byCallId.get(callId);
    if (link === undefined) return;
    link.ended = true;
    clearTimeout(link.placed?.ringTimer);
    this.byCallId.delete(callId);
    this.byWacid.delete(link.wacid);
    if (link.endedByMeta) return;
    link.log(`ended on our side (${reason}, by the ${by}): terminate sent to WhatsApp`);
    void this.action(link.channel, link.graph, { action: "terminate", callId: link.wacid }, link.log);
  }

  private rememberEvent(event: WhatsAppCallEvent, channel: WhatsAppChannel, context: DriverContext): void {
    const known = this.earlyEvents.get(event.id);
    if (known !== undefined) {
      if (known.length < 8) known.push({ event, channel, context });
      return;
    }
    this.earlyEvents.set(event.id, [{ event, channel, context }]);
    for (const old of this.earlyEvents.keys()) {
      if (this.earlyEvents.size <= EARLY_TERMINATES) break;
      this.earlyEvents.delete(old);
    }
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
