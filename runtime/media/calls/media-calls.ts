import type { Log } from "../../logging/log-line";
import type { CallEndStatus, Effect, EngineEvent, SessionState } from "../../engine/index";
import type { Rooms } from "../../rooms/rooms";
import type { SessionRunner } from "../../sessions/session-runner";
import type { CallsRepo } from "../../store/calls-repo";
import { orderedId } from "../../store/ordered-id";
import type { TeamsRepo } from "../../store/teams-repo";
import { type MediaPlane, MediaPlaneError } from "../media-plane";
import type { MediaEvent } from "../process/media-protocol";
import type { GrammarEngine } from "../../speech/speech-stream";
import { CallDials, type Dialer } from "./call-dials";
import { CallPlayout, type PlayItem } from "./call-playout";
import { CallSpeech } from "./call-speech";
import type { CallRecordings } from "./call-recordings";
import type { CallVoicemails } from "./call-voicemails";
import type { PromptClips } from "./prompt-clips";

type TransferEffect = Extract<Effect, { type: "transfer" }>;

type IceServer = { urls: string | string[]; username?: string; credential?: string };
type G711 = "PCMU" | "PCMA";

/** How a call's media is set up: a WebRTC leg (browsers, Meta) or a plain RTP leg (SIP, G.711). */
export type LegOffer = { kind: "webrtc"; offerSdp: string; iceServers: readonly IceServer[] } | { kind: "rtp"; offerSdp: string | undefined; codecs: readonly G711[]; srtp?: boolean };

/**
 * What a call is for: `flow` runs the channel's flow on it (inbound calls, and outbound ones an
 * integrator places without an agent); `agent` is an agent's own call (bridged to their softphone
 * by CallAgents); `guest` is a phone participant invited into a room; `dial` is the far end of a
 * dial node, bridged to the caller's call by CallDials.
 */
export type CallMode = "flow" | "agent" | "guest" | "dial";

/** Who ended a call (stored on its row). */
export type HungUpBy = "caller" | "agent" | "system";

/** The channel a call came in on, as the controller needs it. */
export interface CallChannel {
  id: string;
  type: string;
  flowId: string;
}

/** What the signalling side (the widget's socket, a SIP dialog) hears about its call. */
export type CallSignal = { state: "connected" } | { state: "ended"; reason: string; hungUpBy: HungUpBy; detail?: string };

export interface LiveCall {
  callId: string;
  legId: string;
  channel: CallChannel;
  direction: "inbound" | "outbound";
  mode: CallMode;
  /** The caller's address as the channel knows it (a web visitor id, a phone number). */
  from: string;
  to: string | undefined;
  /** The agents' conversation the call is in, once it is in one. */
  conversationId: string | undefined;
  sessionId: string | undefined;
  connected: boolean;
  playout: CallPlayout;
  /** Speech recognition for its menus and gathers listening for speech (when the server has an engine). */
  speech: CallSpeech | undefined;
  /** Events for this call's session go one after another, in order. */
  chain: Promise<void>;
  listeners: Set<(signal: CallSignal) => void>;
  ended: boolean;
  /** Outbound: the far end rings and its audio has not come — the agents bridged to the call hear ringback. */
  ringback: boolean;
  /** Outbound: the far end's SDP came (early media or the answer): what the agents hear is its audio. */
  remoteMedia: boolean;
  /**
   * Inbound: what starts the flow — `media` (the leg connected: browsers, SIP) or `answered` (the
   * channel says so once the provider took our answer: WhatsApp's accept, MEDIA.md 5.4).
   */
  startOn: "media" | "answered";
  /** The leg's media connected (ICE and DTLS up), whether or not the call counts as answered yet. */
  mediaUp: boolean;
  /** Waiting for `mediaUp` (`mediaConnected`). */
  mediaWaiters: Set<() => void>;
}

export interface MediaCallsDeps {
  media: MediaPlane;
  runner: Pick<SessionRunner, "start" | "dispatch">;
  calls: CallsRepo;
  teams: Pick<TeamsRepo, "defaults">;
  clips: PromptClips;
  rooms?: Pick<Rooms, "closeForSession" | "postCustomerMessage">;
  recordings?: Pick<CallRecordings, "atStart" | "startFor" | "stop">;
  /** The record node's voicemails; without them a record node answers no_audio at once. */
  voicemails?: Pick<CallVoicemails, "start" | "key" | "hangup">;
  /** The speech engine for menus and gathers listening for speech (pocketsphinx with their grammar); without it they take keys only. */
  speech?: GrammarEngine;
  log: Log;
  now?: () => number;
}

/** What agents are told when a call's media was lost rather than hung up. */
const LOST_MEDIA: Readonly<Record<string, string>> = {
  no_rtp: "The call ended: no audio arrived from the caller any more (their connection was lost).",
  ice_timeout: "The call ended: the caller's connection could not be set up.",
  transport_failed: "The call ended: the caller's connection failed.",
  media_process_exit: "The call ended: the server's media process stopped.",
};

/**
 * The session's end reason for a call's end reason (others end it as `caller_hangup`). Lost media
 * (`LOST_MEDIA`: the caller's connection went, they did not hang up) ends it as `failed`.
 */
const CALL_END_STATUS: Readonly<Record<string, CallEndStatus>> = {
  hangup: "completed",
  canceled: "canceled",
  call_failed: "failed",
  no_rtp: "failed",
  ice_timeout: "failed",
  transport_failed: "failed",
  media_process_exit: "failed",
};

/** Keys `sendDigits` takes (RFC 4733 events 0–15). */
const DIGITS = /^[0-9*#A-D]{1,64}$/;

/** Apology and refusal texts a caller hears when the flow cannot run. */
const NOT_AVAILABLE = "Sorry, this line is not available right now. Goodbye.";

/**
 * Calls on the media plane: the controller between signalling (a channel hands it an SDP offer),
 * the media process (legs, prompts, bridges) and the session runner (the flow). It answers a
 * call, stores its row, starts the channel's flow on it, turns the flow's effects into prompts,
 * key collection and hold music (`CallPlayout`), turns keys and silence into engine events, and
 * ends the call on either side's hang-up. Agents join through `CallAgents`.
 */
export class MediaCalls {
  private readonly live = new Map<string, LiveCall>();
  private readonly byLeg = new Map<string, LiveCall>();
  private readonly bySession = new Map<string, LiveCall>();
  /** Legs being answered (not yet tracked): whether their `leg.connected` already came. */
  private readonly early = new Map<string, boolean>();
  private readonly now: () => number;
  private readonly endListeners = new Set<(call: LiveCall, reason: string, by: HungUpBy) => void>();
  private readonly ringbackListeners = new Set<(call: LiveCall, on: boolean) => void>();
  private readonly dials: CallDials;

  constructor(private readonly deps: MediaCallsDeps) {
    this.now = deps.now ?? Date.now;
    this.dials = new CallDials({
      calls: this,
      media: deps.media,
      clips: deps.clips,
      ...(deps.recordings === undefined ? {} : { recordings: deps.recordings }),
      result: (call, event) => this.then(call, () => this.dispatch(call, event)),
      log: (line, fields) => deps.log(line, fields),
      now: () => this.now(),
    });
  }

  /** Who places dial nodes' calls (the SIP trunks); without one a dial node fails with NO_SIP_TRUNK. */
  setDialer(dialer: Dialer | undefined): void {
    this.dials.setDialer(dialer);
  }

  /** How many dial nodes' calls are under way (tests: none left after the calls end). */
  get dialsActive(): number {
    return this.dials.active;
  }

  /**
   * Answers an inbound call's SDP offer: a new leg and a call row; the flow starts when media
   * connects. An RTP call without an offer (a SIP late offer) gets our offer as `answerSdp`, and the
   * caller's answer comes later through `remoteSdp`.
   */
  async answer(input: { channel: CallChannel; from: string; to?: string; leg: LegOffer; startOn?: "media" | "answered" }): Promise<{ callId: string; answerSdp: string }> {
    const callId = orderedId();
    const legId = `call:${callId}`;
    const { leg } = input;
    this.early.set(legId, false);
    let reply;
    try {
      reply =
        leg.kind === "webrtc"
          ? await this.deps.media.send({ type: "leg.webrtc", legId, offerSdp: leg.offerSdp, iceServers: [...leg.iceServers] })
          : await this.deps.media.send({ type: "leg.rtp", legId, ...(leg.offerSdp === undefined ? {} : { remoteSdp: leg.offerSdp }), codecs: [...leg.codecs], ...(leg.srtp === undefined ? {} : { srtp: leg.srtp }) });
    } catch (error) {
      // A refused offer leaves nothing behind: no row, no leg (the refusal is the channel's answer).
      this.early.delete(legId);
      throw error;
    }
    await this.deps.calls.create({ id: callId, channelId: input.channel.id, channelType: input.channel.type, direction: "inbound", from: input.from, to: input.to ?? null, state: "ringing" });
    const call = this.liveCall({ callId, legId, channel: input.channel, direction: "inbound", mode: "flow", from: input.from, to: input.to });
    call.startOn = input.startOn ?? "media";
    this.track(call);
    // An RTP leg knows the caller's address from the offer: it connects before its reply arrives, when the event finds no call yet.
    if (this.early.get(legId) === true) this.mediaConnectedEvent(call);
    this.early.delete(legId);
    return { callId, answerSdp: (leg.kind === "webrtc" ? reply.answerSdp : reply.localSdp) ?? "" };
  }

  /**
   * An outbound call: a call row (ringing) and a leg with our SDP offer, for the channel to send
   * (a SIP INVITE: an RTP leg with the channel's `codecs`; a WhatsApp `connect`: a WebRTC leg,
   * `webrtc`). The channel then reports the far end's SDP (`remoteSdp`: early media or the
   * answer), `answered`, or `failed`. A `flow` call runs the channel's flow once answered.
   */
  async placeOutbound(input: { channel: CallChannel; from: string; to: string; mode: CallMode } & ({ codecs: readonly G711[]; srtp?: boolean } | { webrtc: { iceServers: readonly IceServer[] } })): Promise<{ callId: string; offerSdp: string }> {
    const callId = orderedId();
    const legId = `call:${callId}`;
    await this.deps.calls.create({ id: callId, channelId: input.channel.id, channelType: input.channel.type, direction: "outbound", from: input.from, to: input.to, state: "ringing" });
    let reply;
    try {
      reply =
        "webrtc" in input
          ? await this.deps.media.send({ type: "leg.webrtc_offer", legId, iceServers: [...input.webrtc.iceServers] })
          : await this.deps.media.send({ type: "leg.rtp", legId, codecs: [...input.codecs], ...(input.srtp === undefined ? {} : { srtp: input.srtp }) });
    } catch (error) {
      await this.deps.calls.ended(callId, { at: this.now(), reason: "media_error", hungUpBy: "system" });
      throw error;
    }
    this.track(this.liveCall({ callId, legId, channel: input.channel, direction: "outbound", mode: input.mode, from: input.from, to: input.to }));
    return { callId, offerSdp: reply.localSdp ?? "" };
  }

  /**
   * The far end's SDP answering our offer: early media in a 183, the answer in the 200 (the same
   * SDP twice is fine), the answer in the ACK after `reoffer`. Its audio replaces any ringback.
   * Refused (MediaPlaneError `no_common_codec`, `srtp_required`…) when the call cannot go on with it.
   */
  async remoteSdp(callId: string, sdp: string): Promise<void> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) return;
    await this.deps.media.send({ type: "leg.sdp", legId: call.legId, remoteSdp: sdp, role: "answer" });
    call.remoteMedia = true;
    this.ringbackOff(call);
  }

  /** An in-call offer from the far end (a re-INVITE: hold, resume, a new address): our answer. */
  async renegotiate(callId: string, sdp: string): Promise<string> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) throw new MediaPlaneError("call_not_found", `no live call ${callId}`);
    const reply = await this.deps.media.send({ type: "leg.sdp", legId: call.legId, remoteSdp: sdp, role: "offer" });
    return reply.localSdp ?? "";
  }

  /** Our new offer on a call (a re-INVITE without SDP asks for one in the 200); its answer (in the ACK) goes to `remoteSdp`. */
  async reoffer(callId: string): Promise<string> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) throw new MediaPlaneError("call_not_found", `no live call ${callId}`);
    const reply = await this.deps.media.send({ type: "leg.offer", legId: call.legId });
    return reply.localSdp ?? "";
  }

  /**
   * The far end of an outbound call rings (180, or a 183 without SDP): the agents bridged to it
   * hear ringback (the shipped `ringback` tone, looped) until its early media (`remoteSdp`), the
   * answer or the end. Ignored once its audio came, and after the answer.
   */
  ringing(callId: string): void {
    const call = this.live.get(callId);
    if (call === undefined || call.ended || call.direction !== "outbound" || call.connected || call.remoteMedia || call.ringback) return;
    call.ringback = true;
    for (const listener of this.ringbackListeners) listener(call, true);
  }

  /** Calls `listener` when an outbound call's ringback starts (`on`) and stops (early media, answer, end). */
  onRingback(listener: (call: LiveCall, on: boolean) => void): () => void {
    this.ringbackListeners.add(listener);
    return () => this.ringbackListeners.delete(listener);
  }

  private ringbackOff(call: LiveCall): void {
    if (!call.ringback) return;
    call.ringback = false;
    for (const listener of this.ringbackListeners) listener(call, false);
  }

  /**
   * Sends keys to the far end of a call (an agent's keypad; an IVR of another company on an
   * outbound call) as RFC 4733 telephone-events on its leg, with the payload type the far end's
   * SDP gave, one after another, the call's audio muted during each. Refused (MediaPlaneError)
   * with `invalid_digits`, `call_not_found`, or `no_telephone_event` (the far end did not offer it).
   */
  async sendDigits(callId: string, digits: string, options: { durationMs?: number } = {}): Promise<void> {
    const keys = digits.toUpperCase();
    if (!DIGITS.test(keys)) throw new MediaPlaneError("invalid_digits", `"${digits.slice(0, 80)}" is not 1–64 keys of 0–9, *, #, A–D`);
    const call = this.live.get(callId);
    if (call === undefined || call.ended) throw new MediaPlaneError("call_not_found", `no live call ${callId}`);
    await this.deps.media.send({ type: "leg.dtmf", legId: call.legId, digits: keys, ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }) });
  }

  /**
   * Resolves true once the call's media is connected (ICE and DTLS up), false after `timeoutMs`
   * or when the call ends first. For channels that answer the provider only once media flows
   * (WhatsApp's accept) and then call `answered`.
   */
  mediaConnected(callId: string, timeoutMs: number): Promise<boolean> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) return Promise.resolve(false);
    if (call.mediaUp) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (up: boolean) => {
        clearTimeout(timer);
        call.mediaWaiters.delete(wake);
        stopWatching();
        resolve(up);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      const stopWatching = this.watch(callId, (signal) => {
        if (signal.state === "ended") done(false);
      });
      call.mediaWaiters.add(wake);
    });
  }

  /** The leg connected: an inbound call that starts on media is connected now; the others wait for the channel's `answered`. */
  private mediaConnectedEvent(call: LiveCall): void {
    call.mediaUp = true;
    for (const wake of [...call.mediaWaiters]) wake();
    // An outbound call's media may flow before it is answered (early media): the channel says when it is.
    if (call.direction === "inbound" && call.startOn === "media") this.then(call, () => this.connected(call));
  }

  /** The far end answered an outbound call (or the provider took an inbound call's answer, `startOn: "answered"`): ringback stops, its row says so; a `flow` call starts the channel's flow. */
  answered(callId: string): void {
    const call = this.live.get(callId);
    if (call === undefined) return;
    this.ringbackOff(call);
    this.then(call, () => this.connected(call));
  }

  /** An outbound call that was never answered (busy, no answer, declined, failed, cancelled): recorded with its reason. */
  async notAnswered(callId: string, reason: "busy" | "no_answer" | "declined" | "failed" | "canceled", detail?: string): Promise<void> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) return;
    if (detail !== undefined) this.deps.log(`call ${callId} to ${call.to ?? "?"}: ${reason}: ${detail}`, { callId, ...sessionOf(call) });
    await this.finish(call, reason, "system", detail);
    await this.deps.media.send({ type: "leg.end", legId: call.legId }).catch(() => undefined);
  }

  forConversation(conversationId: string): LiveCall | undefined {
    for (const call of this.live.values()) if (call.conversationId === conversationId) return call;
    return undefined;
  }

  /** Ties a call to the agents' conversation it belongs to (its row too). */
  async linkConversation(callId: string, conversationId: string): Promise<void> {
    const call = this.live.get(callId);
    if (call !== undefined) call.conversationId = conversationId;
    await this.deps.calls.linkConversation(callId, conversationId);
  }

  /** Whether calls here recognise speech (the validator's `channel_unsupported` is not given then). */
  get recognisesSpeech(): boolean {
    return this.deps.speech !== undefined;
  }

  private liveCall(fields: Pick<LiveCall, "callId" | "legId" | "channel" | "direction" | "mode" | "from" | "to">): LiveCall {
    const engine = this.deps.speech;
    const call: LiveCall = {
      ...fields,
      conversationId: undefined,
      sessionId: undefined,
      connected: false,
      playout: new CallPlayout(fields.callId, this.playoutActions(() => call)),
      speech: engine === undefined ? undefined : this.callSpeech(engine, () => call),
      chain: Promise.resolve(),
      listeners: new Set(),
      ended: false,
      ringback: false,
      remoteMedia: false,
      startOn: "media",
      mediaUp: false,
      mediaWaiters: new Set(),
    };
    return call;
  }

  /** A call's speech recognition: the leg's audio asked for and stopped, speech starts and results to its playout. */
  private callSpeech(engine: GrammarEngine, call: () => LiveCall): CallSpeech {
    const log = (message: string) => this.deps.log(`call ${call().callId}: ${message}`, { level: "error", callId: call().callId, ...sessionOf(call()) });
    return new CallSpeech(
      engine,
      (on) => void this.deps.media.send({ type: "leg.listen", legId: call().legId, on }).catch((error: unknown) => log(`leg.listen: ${error instanceof Error ? error.message : String(error)}`)),
      {
        started: (token) => call().playout.speechStarted(token),
        heard: (token, heard) => {
          if (heard.kind === "error") log(`speech recognition failed: ${heard.message}`);
          call().playout.speechHeard(token, heard);
        },
      },
      log,
    );
  }

  private track(call: LiveCall): void {
    this.live.set(call.callId, call);
    this.byLeg.set(call.legId, call);
  }

  get(callId: string): LiveCall | undefined {
    return this.live.get(callId);
  }

  /** How many calls are live on this instance, by channel type (`/metrics`). */
  liveByChannelType(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.live.values()) if (!call.ended) counts.set(call.channel.type, (counts.get(call.channel.type) ?? 0) + 1);
    return counts;
  }

  forSession(sessionId: string): LiveCall | undefined {
    return this.bySession.get(sessionId);
  }

  /** A key the caller pressed that arrived by signalling rather than RTP (SIP INFO): as an RFC 4733 key. */
  keyPressed(callId: string, digit: string): void {
    const call = this.live.get(callId);
    if (call === undefined || call.ended || !/^[0-9*#A-D]$/.test(digit)) return;
    this.digit(call, digit);
  }

  /** Calls `listener` when the call connects and when it ends. */
  watch(callId: string, listener: (signal: CallSignal) => void): () => void {
    const call = this.live.get(callId);
    if (call === undefined) return () => {};
    call.listeners.add(listener);
    return () => call.listeners.delete(listener);
  }

  /** Calls `listener` after any call ended (its row is written). */
  onEnded(listener: (call: LiveCall, reason: string, by: HungUpBy) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Hangs a call up (the caller pressed hang up, an agent ended it, the system). */
  async hangup(callId: string, by: HungUpBy, reason = "hangup"): Promise<void> {
    const call = this.live.get(callId);
    if (call === undefined || call.ended) return;
    await this.finish(call, reason, by);
    await this.deps.media.send({ type: "leg.end", legId: call.legId }).catch(() => undefined);
  }

  /** Effects of a dispatch outside the call's own events (timers, agent rooms): the driver's `push`. */
  push(state: SessionState, effects: readonly Effect[]): void {
    const call = this.bySession.get(state.sessionId);
    if (call !== undefined) {
      this.then(call, () => this.perform(call, effects));
      return;
    }
    // Its media is gone (the process restarted since): the session ends as a failed call instead of re-prompting nobody.
    if (state.status !== "ended") {
      this.deps.runner.dispatch(state.sessionId, { type: "hangup", callStatus: "failed" }, { origin: "system" }).catch((error: unknown) => this.deps.log(`session ${state.sessionId}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** Ends every live call (shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((call) => this.hangup(call.callId, "system", "shutdown")));
  }

  /** A media event about a call's leg (returns whether it was one). */
  mediaEvent(event: MediaEvent): boolean {
    if (!("legId" in event)) return false;
    const call = this.byLeg.get(event.legId);
    if (call === undefined) {
      if (!this.early.has(event.legId)) return false;
      if (event.type === "leg.connected") this.early.set(event.legId, true);
      return true;
    }
    switch (event.type) {
      case "leg.connected":
        this.mediaConnectedEvent(call);
        break;
      case "leg.dtmf":
        this.digit(call, event.digit);
        break;
      case "leg.playback_ended":
        call.playout.playbackEnded(event.playbackId, event.how);
        break;
      case "leg.audio":
        call.speech?.audio(event.sampleRate, Buffer.from(event.pcm, "base64"));
        break;
      case "leg.ended":
        this.byLeg.delete(call.legId);
        this.then(call, () => this.finish(call, event.reason, event.reason === "hangup" || event.reason === "peer_gone" ? "caller" : "system"));
        break;
    }
    return true;
  }

  /** A key from the caller: a voicemail being recorded takes it (its finish key), else the playout. */
  private digit(call: LiveCall, digit: string): void {
    if (this.deps.voicemails?.key(call.callId, digit) === true) return;
    call.playout.digit(digit);
  }

  private async connected(call: LiveCall): Promise<void> {
    if (call.connected || call.ended) return;
    call.connected = true;
    await this.deps.calls.answered(call.callId, this.now());
    for (const listener of call.listeners) listener({ state: "connected" });
    if (call.mode !== "flow") return;
    let result;
    try {
      result = await this.deps.runner.start({
        flowId: call.channel.flowId,
        source: "published",
        channel: { kind: "voice", type: call.channel.type, id: call.channel.id },
        contact: call.from,
        caller: { id: call.from },
        call: { id: call.callId, from: call.from, ...(call.to === undefined ? {} : { to: call.to }) },
      });
    } catch (error) {
      this.deps.log(`call ${call.callId}: the flow did not start: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call.callId });
      call.playout.perform([{ type: "prompt", nodeId: "system", text: NOT_AVAILABLE }, { type: "end", reason: "node_missing", disconnect: true }], () => "hold");
      return;
    }
    call.sessionId = result.sessionId;
    this.bySession.set(result.sessionId, call);
    await this.deps.calls.linkSession(call.callId, result.sessionId);
    await this.deps.recordings?.atStart(call.callId, call.legId, call.channel.flowId);
    await this.perform(call, result.effects);
  }

  private async perform(call: LiveCall, effects: readonly Effect[]): Promise<void> {
    if (call.ended) return;
    const music = new Map<TransferEffect, string>();
    for (const effect of effects) {
      if (effect.type !== "transfer") continue;
      music.set(effect, effect.holdAudio ?? (await this.deps.teams.defaults(effect.teamId))?.holdAudio ?? "hold");
    }
    // A dial is placed once the prompts before it have played (CallPlayout's `dial`).
    call.playout.perform(effects, (effect) => music.get(effect) ?? "hold");
    // Without voicemails (a controller built without them) the record node hears so at once, rather than waiting out its timer.
    const record = effects.find((effect) => effect.type === "record");
    if (record !== undefined && this.deps.voicemails === undefined) {
      this.then(call, () => this.dispatch(call, { type: "record_result", result: "no_audio", note: "this call cannot record a voicemail", token: record.token, nodeId: record.nodeId }));
    }
  }

  /** The record node's prompt and beep have played: the caller is recorded; its answer goes to the flow (before the hang-up, if that ended it). */
  private record(call: LiveCall, effect: Extract<Effect, { type: "record" }>): void {
    const voicemails = this.deps.voicemails;
    const sessionId = call.sessionId;
    if (voicemails === undefined || sessionId === undefined || call.ended) return;
    const answer = async (event: EngineEvent): Promise<void> => {
      if (!call.ended) {
        this.then(call, () => this.dispatch(call, event));
        return;
      }
      // The caller hung up while recording: the node hears it (the recording is kept) before the session hears the hang-up.
      await this.deps.runner.dispatch(sessionId, event).catch((error: unknown) => this.deps.log(`call ${call.callId}: record_result: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call.callId, sessionId }));
    };
    voicemails.start({ callId: call.callId, legId: call.legId, sessionId }, effect, answer).catch((error: unknown) => this.deps.log(`call ${call.callId}: voicemail: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call.callId, sessionId }));
  }

  private async dispatch(call: LiveCall, event: EngineEvent): Promise<void> {
    const sessionId = call.sessionId;
    if (sessionId === undefined || call.ended) return;
    const result = await this.deps.runner.dispatch(sessionId, event);
    await this.perform(call, result.effects);
  }

  private async finish(call: LiveCall, reason: string, by: HungUpBy, detail?: string): Promise<void> {
    if (call.ended) return;
    // Ringback stops before the end is told (CallAgents still knows the agents' legs then).
    this.ringbackOff(call);
    call.ended = true;
    call.playout.end();
    call.speech?.close();
    // A dial node's call from this one: cancelled while it rings, hung up once connected.
    this.dials.callerEnded(call);
    this.live.delete(call.callId);
    await this.deps.calls.ended(call.callId, { at: this.now(), reason, hungUpBy: by });
    for (const listener of call.listeners) listener({ state: "ended", reason, hungUpBy: by, ...(detail === undefined ? {} : { detail }) });
    call.listeners.clear();
    for (const listener of this.endListeners) listener(call, reason, by);
    if (call.sessionId !== undefined) {
      this.bySession.delete(call.sessionId);
      // A voicemail being recorded is kept: its node answers `hangup` first.
      await this.deps.voicemails?.hangup(call.callId);
      // Agents on the call hear why it ended when the caller did not simply hang up.
      const lost = LOST_MEDIA[reason];
      if (lost !== undefined) await this.deps.rooms?.postCustomerMessage({ sessionId: call.sessionId }, lost, "system").catch(() => undefined);
      // The flow hears the caller is gone (a transfer in the queue is abandoned); a session that already ended ignores it.
      // A call that ends normally is `completed`, as Twilio's status callback says for its calls; lost media is `failed`.
      const status = CALL_END_STATUS[reason];
      await this.deps.runner.dispatch(call.sessionId, { type: "hangup", ...(status === undefined ? {} : { callStatus: status }) }).catch((error: unknown) => this.deps.log(`call ${call.callId}: hangup: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call.callId, ...sessionOf(call) }));
      // After a hand-off the flow is over: the agents' conversation hears the caller left.
      await this.deps.rooms?.closeForSession(call.sessionId).catch((error: unknown) => this.deps.log(`call ${call.callId}: room: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call.callId, ...sessionOf(call) }));
    }
  }

  private playoutActions(call: () => LiveCall) {
    const send = (command: Parameters<MediaPlane["send"]>[0]) => {
      this.deps.media.send(command).catch((error: unknown) => this.deps.log(`call ${call().callId}: ${command.type}: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call().callId, ...sessionOf(call()) }));
    };
    return {
      play: (item: Extract<PlayItem, { kind: "prompt" | "music" }>, playbackId: string) => {
        const current = call();
        void (async () => {
          const clip = item.kind === "prompt" ? await this.deps.clips.forPrompt(item.prompt) : await this.deps.clips.asset(item.audio);
          // Cleared (an agent took the call) or interrupted by a key while its audio was being made: it must not start now.
          if (current.ended || !current.playout.playing(playbackId)) return;
          if (clip === undefined) {
            // Nothing to play (no text, no espeak-ng, a missing asset): go on at once.
            current.playout.playbackEnded(playbackId, "finished");
            return;
          }
          send({ type: "leg.play", legId: current.legId, playbackId, clips: [clip], loop: item.kind === "music", stopOnDtmf: item.kind === "prompt" && item.stopOnDtmf });
        })().catch((error: unknown) => {
          this.deps.log(`call ${current.callId}: prompt: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: current.callId, ...sessionOf(current) });
          current.playout.playbackEnded(playbackId, "finished");
        });
      },
      stop: () => send({ type: "leg.stop", legId: call().legId }),
      dial: (effect: Extract<Effect, { type: "dial" }>) => void this.dials.start(call(), effect).catch((error: unknown) => this.deps.log(`call ${call().callId}: dial: ${error instanceof Error ? error.message : String(error)}`, { level: "error", callId: call().callId, ...sessionOf(call()) })),
      hangup: (reason: string, by: "agent" | "system") => void this.hangup(call().callId, by, reason),
      input: (event: EngineEvent) => this.then(call(), () => this.dispatch(call(), event)),
      startTimer: (ms: number, fire: () => void) => {
        const timer = setTimeout(fire, ms);
        return () => clearTimeout(timer);
      },
      record: (effect: Extract<Effect, { type: "record" }>) => this.record(call(), effect),
      listen: (collect: Parameters<CallSpeech["collect"]>[0]) => {
        // A call that ended stops its recognition in finish (its leg may be gone already).
        if (!call().ended) call().speech?.collect(collect);
      },
    };
  }

  private then(call: LiveCall, task: () => Promise<void>): void {
    call.chain = call.chain.then(task).catch((error: unknown) => {
      this.deps.log(`call ${call.callId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { level: "error", callId: call.callId, ...sessionOf(call) });
    });
  }
}

/** A call's session id as a log field, once it has one. */
function sessionOf(call: LiveCall): { sessionId?: string } {
  return call.sessionId === undefined ? {} : { sessionId: call.sessionId };
}
