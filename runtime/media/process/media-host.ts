import { Bridge } from "../bridge/bridge";
import { FrameClock } from "../clock/frame-clock";
import { Leg, type LegEndReason, type LegEvents } from "../legs/leg";
import type { ClipFiles } from "../playback/clip-frames";
import { FrameCache } from "../playback/frame-cache";
import { Playback } from "../playback/playback";
import type { CallRecorder } from "../recording/call-recorder";
import type { MediaTransport } from "../transport/media-transport";
import type { WebRtcOffer } from "../transport/webrtc-transport";
import { type SipMediaEnvironment, SipMediaSession } from "../transport/sip-media-session";
import { type StreamOutput, StreamTransport } from "../transport/stream-transport";
import type { MediaCommand, MediaEvent, MediaReply, MediaStats, StreamInput } from "./media-protocol";

type Reply = Omit<MediaReply, "type" | "id">;
type IceServer = Extract<MediaCommand, { type: "leg.webrtc" }>["iceServers"][number];

/** Refusals the host answers with (a reply with ok: false and this code). */
export class MediaCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MediaCommandError";
  }
}

export interface MediaHostDeps {
  /** Answers an SDP offer with a new transport (WebRTC). Throws an error with a `code` for offers it refuses. */
  answerOffer(offerSdp: string, iceServers: readonly IceServer[]): Promise<{ transport: MediaTransport; answerSdp: string }>;
  /** Makes our own WebRTC offer (its transport comes with the answer); absent: `leg.webrtc_offer` is refused with `webrtc_offer_unavailable`. */
  makeOffer?(iceServers: readonly IceServer[]): Promise<WebRtcOffer>;
  /** Starts recording a leg (what it says, what it hears) into one file. */
  record(leg: Leg, path: string): CallRecorder;
  /** Starts recording only what a leg says (a voicemail), calling `onVoice` while it speaks; absent: `side: "caller"` is refused with `caller_recording_unavailable`. */
  recordCaller?(leg: Leg, path: string, onVoice: () => void): CallRecorder;
  emit(event: MediaEvent): void;
  clock?: FrameClock;
  frameCache?: FrameCache;
  /** Leg options (tests shorten the no-RTP timeout). */
  noRtpTimeoutMs?: number;
  /** RTP legs for SIP calls: the port range, public address (without it `leg.rtp` is refused with `rtp_unavailable`). */
  sip?: SipMediaEnvironment;
}

/**
 * The media plane's state inside the media process: legs by id, bridges, the frame clock, the
 * cache of prompt frames and the recorders. It turns commands into changes of that state and
 * the legs' happenings into events. One tick: every bridge mixes, then every leg sends.
 */
export class MediaHost {
  private readonly legs = new Map<string, Leg>();
  /** SIP legs' SDP sessions, from `leg.rtp` on (an offer of ours has a session before its leg). */
  private readonly sipSessions = new Map<string, SipMediaSession>();
  /** Our WebRTC offers waiting for their answer (`leg.webrtc_offer` until `leg.sdp`). */
  private readonly webrtcOffers = new Map<string, WebRtcOffer>();
  /** Bridges that SIP or WebRTC legs without a leg yet (our offer unanswered) join once it exists: legId → bridgeId. */
  private readonly pendingBridges = new Map<string, string>();
  private readonly bridges = new Map<string, Bridge>();
  /** Stream legs' transports (Twilio Media Streams), fed by `streamInput`. */
  private readonly streams = new Map<string, StreamTransport>();
  private readonly recordings = new Map<string, { legId: string; recorder: CallRecorder }>();
  /** Legs speech recognition listens to (`leg.listen`): how to stop sending their audio. */
  private readonly listening = new Map<string, () => void>();
  /** The latest play / hold request per leg: a clip that loads after a newer request is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly clock: FrameClock;
  private readonly frames: FrameCache;
  private stopClock: (() => void) | undefined;
  private readonly legEvents: LegEvents;

  constructor(private readonly deps: MediaHostDeps) {
    this.clock = deps.clock ?? new FrameClock();
    this.frames = deps.frameCache ?? new FrameCache();
    this.legEvents = {
      connected: (leg) => deps.emit({ type: "leg.connected", legId: leg.id }),
      dtmf: (leg, digit) => deps.emit({ type: "leg.dtmf", legId: leg.id, digit }),
      playbackEnded: (leg, playbackId, how, playedMs) => deps.emit({ type: "leg.playback_ended", legId: leg.id, playbackId, how, playedMs: Math.round(playedMs) }),
      ended: (leg, reason, detail) => this.legEnded(leg, reason, detail),
    };
  }

  async handle(command: MediaCommand): Promise<Reply> {
    try {
      return await this.run(command);
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : "media_error";
      return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** A stream leg's peer sent something (no reply: frames of a leg that ended meanwhile are dropped). */
  streamInput(input: StreamInput): void {
    const transport = this.streams.get(input.legId);
    if (transport === undefined) return;
    if (input.type === "stream.media") transport.receiveMedia(Buffer.from(input.payload, "base64"), input.timestampMs);
    else if (input.type === "stream.dtmf") transport.receiveDigit(input.digit);
    // `stop`: Twilio ended the stream (the call hung up or moved on); a socket that closed without one dropped.
    else if (input.how === "stop") this.legs.get(input.legId)?.end("hangup", "stream_stopped");
    else transport.peerClosed("stream_dropped");
  }

  /** Ends every leg (the process is going away). */
  shutdown(): void {
    for (const leg of [...this.legs.values()]) leg.end("shutdown");
    for (const session of this.sipSessions.values()) session.close("shutdown");
    this.sipSessions.clear();
    for (const offer of this.webrtcOffers.values()) offer.close();
    this.webrtcOffers.clear();
    this.pendingBridges.clear();
  }

  stats(): MediaStats {
    const cpu = process.cpuUsage();
    return {
      legs: this.legs.size,
      bridges: this.bridges.size,
      recordings: this.recordings.size,
      clock: this.clock.lateness.summary(),
      frameCache: this.frames.size,
      cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
      rssBytes: process.memoryUsage().rss,
      ...(this.deps.sip === undefined ? {} : { rtpPortsInUse: this.deps.sip.allocator.allocated }),
      listeningLegs: this.listening.size,
    };
  }

  private async run(command: MediaCommand): Promise<Reply> {
    switch (command.type) {
      case "leg.webrtc": {
        if (this.legs.has(command.legId)) throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        const { transport, answerSdp } = await this.deps.answerOffer(command.offerSdp, command.iceServers);
        const leg = new Leg(command.legId, transport, this.legEvents, this.deps.noRtpTimeoutMs === undefined ? {} : { noRtpTimeoutMs: this.deps.noRtpTimeoutMs });
        this.legs.set(leg.id, leg);
        this.startClock();
        return { ok: true, answerSdp };
      }
      case "leg.webrtc_offer": {
        if (this.exists(command.legId)) throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        if (this.deps.makeOffer === undefined) throw new MediaCommandError("webrtc_offer_unavailable", "this media process makes no WebRTC offers");
        const offer = await this.deps.makeOffer(command.iceServers);
        if (this.exists(command.legId)) {
          offer.close();
          throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        }
        this.webrtcOffers.set(command.legId, offer);
        return { ok: true, localSdp: offer.offerSdp };
      }
      case "leg.rtp": {
        if (this.legs.has(command.legId) || this.sipSessions.has(command.legId)) throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        const sip = this.deps.sip;
        if (sip === undefined) throw new MediaCommandError("rtp_unavailable", "this media process has no RTP port range for SIP legs");
        const request = { codecs: command.codecs, ...(command.srtp === undefined ? {} : { srtp: command.srtp }), ...(command.peerAddress === undefined ? {} : { peerAddress: command.peerAddress }) };
        const session = command.remoteSdp === undefined ? await SipMediaSession.offer(request, sip) : await SipMediaSession.answer(command.remoteSdp, request, sip);
        if (this.legs.has(command.legId) || this.sipSessions.has(command.legId)) {
          session.close();
          throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        }
        this.sipSessions.set(command.legId, session);
        this.startSipLeg(command.legId, session);
        return { ok: true, localSdp: session.localSdp };
      }
      case "leg.stream": {
        if (this.legs.has(command.legId) || this.sipSessions.has(command.legId)) throw new MediaCommandError("leg_exists", `leg ${command.legId} exists`);
        const legId = command.legId;
        const transport = new StreamTransport((message) => this.deps.emit(streamEvent(legId, message)));
        this.streams.set(legId, transport);
        const leg = new Leg(legId, transport, this.legEvents, this.deps.noRtpTimeoutMs === undefined ? {} : { noRtpTimeoutMs: this.deps.noRtpTimeoutMs });
        this.legs.set(leg.id, leg);
        this.startClock();
        return { ok: true };
      }
      case "leg.sdp": {
        const offer = this.webrtcOffers.get(command.legId);
        if (offer !== undefined) {
          if (command.role === "offer") throw new MediaCommandError("not_rtp", `leg ${command.legId} waits for the answer to our WebRTC offer`);
          const transport = offer.complete(command.remoteSdp);
          this.webrtcOffers.delete(command.legId);
          this.startLeg(command.legId, transport);
          return { ok: true };
        }
        const session = this.sipSession(command.legId);
        const { localSdp } = session.applyRemote(command.remoteSdp, command.role);
        this.startSipLeg(command.legId, session);
        return { ok: true, ...(localSdp === undefined ? {} : { localSdp }) };
      }
      case "leg.offer":
        return { ok: true, localSdp: this.sipSession(command.legId).reoffer() };
      case "leg.end": {
        const offered = this.webrtcOffers.get(command.legId);
        if (offered !== undefined) {
          // Our WebRTC offer was never answered (the call was not taken): its port goes back.
          this.webrtcOffers.delete(command.legId);
          this.pendingBridges.delete(command.legId);
          offered.close();
          this.deps.emit({ type: "leg.ended", legId: command.legId, reason: "hangup" });
          return { ok: true };
        }
        const pending = this.legs.has(command.legId) ? undefined : this.sipSessions.get(command.legId);
        if (pending !== undefined) {
          // Our offer was never answered (a cancelled or failed outbound call): its ports go back.
          this.sipSessions.delete(command.legId);
          this.pendingBridges.delete(command.legId);
          pending.close("hangup");
          this.deps.emit({ type: "leg.ended", legId: command.legId, reason: "hangup" });
          return { ok: true };
        }
        this.leg(command.legId).end("hangup");
        return { ok: true };
      }
      case "leg.play": {
        const leg = this.leg(command.legId);
        const generation = this.nextGeneration(leg.id);
        const clips = await this.load(leg, command.clips);
        const durationMs = clips.reduce((sum, clip) => sum + clip.durationMs, 0);
        if (this.generations.get(leg.id) !== generation || leg.ended) return { ok: true, durationMs: 0 };
        leg.stopPlayback("stopped");
        leg.prompt = new Playback(command.playbackId, clips, { loop: command.loop ?? false, stopOnDtmf: command.stopOnDtmf ?? false });
        leg.onRerouteNeeded(leg);
        return { ok: true, durationMs };
      }
      case "leg.stop": {
        this.nextGeneration(command.legId);
        this.leg(command.legId).stopPlayback("stopped");
        return { ok: true };
      }
      case "leg.hold": {
        const leg = this.leg(command.legId);
        const generation = this.nextGeneration(leg.id);
        const clips = command.clips === null ? undefined : await this.load(leg, command.clips);
        if (this.generations.get(leg.id) !== generation || leg.ended) return { ok: true };
        leg.hold = clips === undefined ? undefined : new Playback(`hold:${leg.id}`, clips, { loop: true });
        leg.onRerouteNeeded(leg);
        return { ok: true };
      }
      case "leg.mute": {
        const leg = this.leg(command.legId);
        leg.muted = command.muted;
        leg.onRerouteNeeded(leg);
        return { ok: true };
      }
      case "leg.listen": {
        const leg = this.leg(command.legId);
        this.listening.get(leg.id)?.();
        this.listening.delete(leg.id);
        if (command.on) {
          this.listening.set(
            leg.id,
            leg.onReceived((audio) => {
              const { sampleRate, samples } = leg.codec.decodeForSpeech(audio.payload);
              this.deps.emit({ type: "leg.audio", legId: leg.id, sampleRate, pcm: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64") });
            }),
          );
        }
        return { ok: true };
      }
      case "leg.dtmf": {
        if (!this.leg(command.legId).sendDigits(command.digits, command.durationMs)) throw new MediaCommandError("no_telephone_event", `leg ${command.legId} did not negotiate telephone-event: its peer cannot take keys as RFC 4733 events`);
        return { ok: true };
      }
      case "bridge.join": {
        if (!this.legs.has(command.legId) && (this.sipSessions.has(command.legId) || this.webrtcOffers.has(command.legId))) {
          this.pendingBridges.set(command.legId, command.bridgeId);
          return { ok: true };
        }
        this.joinBridge(this.leg(command.legId), command.bridgeId);
        return { ok: true };
      }
      case "bridge.leave":
        if (!this.legs.has(command.legId) && (this.sipSessions.has(command.legId) || this.webrtcOffers.has(command.legId))) {
          this.pendingBridges.delete(command.legId);
          return { ok: true };
        }
        this.leaveBridge(this.leg(command.legId));
        return { ok: true };
      case "record.start": {
        if (this.recordings.has(command.recordingId)) throw new MediaCommandError("recording_exists", `recording ${command.recordingId} exists`);
        const leg = this.leg(command.legId);
        if (command.side === "caller") {
          const recordCaller = this.deps.recordCaller;
          if (recordCaller === undefined) throw new MediaCommandError("caller_recording_unavailable", "this media process cannot record a caller alone");
          const { recordingId } = command;
          this.recordings.set(recordingId, { legId: leg.id, recorder: recordCaller(leg, command.path, () => this.deps.emit({ type: "record.voice", recordingId })) });
          return { ok: true };
        }
        this.recordings.set(command.recordingId, { legId: leg.id, recorder: this.deps.record(leg, command.path) });
        return { ok: true };
      }
      case "record.stop": {
        const recording = this.recordings.get(command.recordingId);
        if (recording === undefined) throw new MediaCommandError("recording_not_found", `no recording ${command.recordingId}`);
        this.finishRecording(command.recordingId);
        return { ok: true };
      }
      case "stats": {
        const stats = this.stats();
        if (command.resetLateness === true) this.clock.lateness.reset();
        return { ok: true, stats };
      }
    }
  }

  /** A leg, or an offer of ours that will become one, has this id. */
  private exists(legId: string): boolean {
    return this.legs.has(legId) || this.sipSessions.has(legId) || this.webrtcOffers.has(legId);
  }

  private leg(legId: string): Leg {
    const leg = this.legs.get(legId);
    if (leg === undefined) throw new MediaCommandError("leg_not_found", `no leg ${legId}`);
    return leg;
  }

  private sipSession(legId: string): SipMediaSession {
    const session = this.sipSessions.get(legId);
    if (session !== undefined) return session;
    if (this.legs.has(legId)) throw new MediaCommandError("not_rtp", `leg ${legId} is not an RTP leg`);
    throw new MediaCommandError("leg_not_found", `no leg ${legId}`);
  }

  /** The leg of a SIP session, once it has a transport (at once for an answer; after the answer to our offer). */
  private startSipLeg(legId: string, session: SipMediaSession): void {
    const transport = session.transport;
    if (transport === undefined) return;
    this.startLeg(legId, transport);
  }

  /** A leg whose transport came after our offer (SIP, WebRTC): it joins the bridge it was put in while it waited. */
  private startLeg(legId: string, transport: MediaTransport): void {
    if (this.legs.has(legId)) return;
    const leg = new Leg(legId, transport, this.legEvents, this.deps.noRtpTimeoutMs === undefined ? {} : { noRtpTimeoutMs: this.deps.noRtpTimeoutMs });
    this.legs.set(leg.id, leg);
    const bridgeId = this.pendingBridges.get(legId);
    this.pendingBridges.delete(legId);
    if (bridgeId !== undefined) this.joinBridge(leg, bridgeId);
    this.startClock();
  }

  private joinBridge(leg: Leg, bridgeId: string): void {
    if (leg.bridgeId === bridgeId) return;
    this.leaveBridge(leg);
    let bridge = this.bridges.get(bridgeId);
    if (bridge === undefined) {
      bridge = new Bridge(bridgeId);
      this.bridges.set(bridge.id, bridge);
    }
    bridge.add(leg);
  }

  private nextGeneration(legId: string): number {
    const generation = (this.generations.get(legId) ?? 0) + 1;
    this.generations.set(legId, generation);
    return generation;
  }

  private load(leg: Leg, clips: readonly ClipFiles[]) {
    return Promise.all(clips.map((clip) => this.frames.get(clip, leg.codec.codec)));
  }

  private leaveBridge(leg: Leg): void {
    if (leg.bridgeId === undefined) return;
    const bridge = this.bridges.get(leg.bridgeId);
    if (bridge === undefined) return;
    bridge.remove(leg);
    if (bridge.legs.length === 0) this.bridges.delete(bridge.id);
  }

  private finishRecording(recordingId: string): void {
    const recording = this.recordings.get(recordingId);
    if (recording === undefined) return;
    this.recordings.delete(recordingId);
    void recording.recorder.stop().then(
      (result) => this.deps.emit({ type: "record.finished", recordingId, path: result.path, durationMs: Math.round(result.durationMs) }),
      (error: unknown) => this.deps.emit({ type: "record.finished", recordingId, path: "", durationMs: 0, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private legEnded(leg: Leg, reason: LegEndReason, detail?: string): void {
    this.leaveBridge(leg);
    this.legs.delete(leg.id);
    this.sipSessions.delete(leg.id);
    this.streams.delete(leg.id);
    this.generations.delete(leg.id);
    this.listening.get(leg.id)?.();
    this.listening.delete(leg.id);
    for (const [recordingId, recording] of this.recordings) if (recording.legId === leg.id) this.finishRecording(recordingId);
    if (this.legs.size === 0) {
      this.stopClock?.();
      this.stopClock = undefined;
    }
    this.deps.emit({ type: "leg.ended", legId: leg.id, reason, ...(detail === undefined ? {} : { detail }) });
  }

  private startClock(): void {
    if (this.stopClock !== undefined) return;
    this.stopClock = this.clock.subscribe((tick) => {
      for (const bridge of this.bridges.values()) bridge.mix();
      for (const leg of this.legs.values()) leg.tick(this.clock.periodMs);
      void tick;
    });
  }
}

function streamEvent(legId: string, message: StreamOutput): MediaEvent {
  if (message.kind === "media") return { type: "stream.media", legId, payload: message.payload.toString("base64") };
  if (message.kind === "clear") return { type: "stream.clear", legId };
  return { type: "stream.mark", legId, name: message.name };
}
