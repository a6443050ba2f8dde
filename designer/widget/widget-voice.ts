import type { WebvoiceServerFrame } from "../../runtime/channels/webvoice/webvoice-frames";
import type { CallEventDetail, CallEventName } from "./widget-call-events";
import { endedText, type HungUpBy, type WidgetEndReason } from "./widget-voice-reasons";
import { VoiceSocket } from "./widget-voice-socket";

export type CallState = "idle" | "ringing" | "connected" | "ended";
/** While ringing: waiting for the microphone, or setting the call up. */
export type RingingStep = "microphone" | "connecting";

export interface VoiceCallEvents {
  emit<K extends CallEventName>(name: K, detail: CallEventDetail[K]): void;
  /** Anything the view shows changed (state, step, mute). */
  changed(): void;
}

/** The socket's `ready` must come this soon after Call. */
const READY_TIMEOUT_MS = 10_000;
/** ICE gathering: the offer goes with what was gathered by then (no trickle). */
const GATHER_TIMEOUT_MS = 5_000;
/** From the offer to media: the server gives up at 15 s (`ice_timeout`); this guards a server that never answers. */
const CONNECT_TIMEOUT_MS = 25_000;
/** After hangup, the server's `ended` is awaited this long before the widget ends the call itself. */
const HANGUP_WAIT_MS = 3_000;
/** RFC 4733 digits as RTCDTMFSender plays them. */
const DIGIT_MS = 100;
const DIGIT_GAP_MS = 70;

const DIGITS = /^[0-9*#]$/;

/**
 * One visitor's calls, one at a time: the microphone (asked for only on Call), the signalling
 * socket, the RTCPeerConnection (no trickle: the offer waits for ICE gathering), the remote audio
 * (an element kept here, MEDIA.md 1.2 gotcha 7), mute, keypad digits (RTCDTMFSender) and hang-up.
 * Every end — the server's, a refusal, a dropped socket, the page leaving — goes through `finish`.
 */
export class VoiceCall {
  state: CallState = "idle";
  step: RingingStep = "microphone";
  muted = false;
  callId: string | undefined;
  /** `Date.now()` when media connected. */
  connectedAt: number | undefined;
  ended: CallEventDetail["ended"] | undefined;
  /** Every start and end bumps it: async work of an earlier attempt sees it changed and stops. */
  private attempt = 0;
  private mic: MediaStream | undefined;
  private pc: RTCPeerConnection | undefined;
  private socket: VoiceSocket | undefined;
  private player: HTMLAudioElement | undefined;
  private timer: number | undefined;
  private hangingUp = false;

  constructor(
    private readonly socketUrl: string,
    private readonly visitor: string | undefined,
    private readonly events: VoiceCallEvents,
  ) {}

  get active(): boolean {
    return this.state === "ringing" || this.state === "connected";
  }

  /** Call: asks for the microphone, then opens the socket. Nothing happens while a call is on. */
  async start(): Promise<void> {
    if (this.active) return;
    const attempt = ++this.attempt;
    this.callId = undefined;
    this.connectedAt = undefined;
    this.ended = undefined;
    this.muted = false;
    this.hangingUp = false;
    this.state = "ringing";
    this.step = "microphone";
    this.events.emit("ringing", { callId: null });
    this.events.changed();
    const mic = await microphone();
    if (attempt !== this.attempt) {
      if (typeof mic !== "string") stopTracks(mic);
      return;
    }
    if (typeof mic === "string") {
      this.finish(mic, "system");
      return;
    }
    this.mic = mic;
    this.step = "connecting";
    this.events.changed();
    this.socket = new VoiceSocket(this.socketUrl, {
      frame: (frame) => {
        if (attempt === this.attempt) this.frame(frame, attempt);
      },
      closed: (code) => {
        if (attempt === this.attempt) this.finish(code === 4403 || code === 4404 ? "unavailable" : this.pc === undefined ? "unreachable" : "connection_lost", "system");
      },
    });
    this.arm(READY_TIMEOUT_MS, "unreachable");
  }

  /** Hang up: before the call exists it is cancelled; after, the server is told and its `ended` awaited briefly. */
  hangup(): void {
    if (!this.active) return;
    if (this.callId === undefined) {
      this.finish("cancelled", "caller");
      return;
    }
    if (this.hangingUp) return;
    this.hangingUp = true;
    this.socket?.send({ type: "hangup" });
    this.arm(HANGUP_WAIT_MS, "hangup", "caller");
  }

  /** The page is going away (pagehide): closing the socket hangs the call up on the server. */
  leave(): void {
    if (this.active) this.finish("hangup", "caller");
  }

  setMuted(muted: boolean): void {
    if (!this.active || this.mic === undefined || muted === this.muted) return;
    this.muted = muted;
    for (const track of this.mic.getAudioTracks()) track.enabled = !muted;
    this.events.emit("muted", { muted });
    this.events.changed();
  }

  /** Sends one key as an RFC 4733 event (queued after keys still playing); false when no call can take it. */
  sendDigit(digit: string): boolean {
    if (this.state !== "connected" || !DIGITS.test(digit)) return false;
    const dtmf = this.pc?.getSenders().find((sender) => sender.track?.kind === "audio")?.dtmf;
    if (dtmf === undefined || dtmf === null || !dtmf.canInsertDTMF) return false;
    // insertDTMF replaces the buffer: keep the keys not played yet.
    dtmf.insertDTMF(dtmf.toneBuffer + digit, DIGIT_MS, DIGIT_GAP_MS);
    return true;
  }

  private frame(frame: WebvoiceServerFrame, attempt: number): void {
    switch (frame.type) {
      case "ready":
        this.arm(CONNECT_TIMEOUT_MS, "setup_timeout");
        this.setUp(frame.iceServers, attempt).catch((error: unknown) => {
          console.warn("switchboard widget: the call could not be set up", error);
          if (attempt === this.attempt) this.finish("call_failed", "system");
        });
        return;
      case "answer":
        this.callId = frame.callId;
        this.pc?.setRemoteDescription({ type: "answer", sdp: frame.sdp }).catch((error: unknown) => {
          console.warn("switchboard widget: the call's answer was refused by the browser", error);
          if (attempt === this.attempt) this.finish("call_failed", "system");
        });
        return;
      case "connected":
        if (this.state !== "ringing") return;
        window.clearTimeout(this.timer);
        this.state = "connected";
        this.callId = frame.callId;
        this.connectedAt = Date.now();
        this.events.emit("connected", { callId: frame.callId });
        this.events.changed();
        return;
      case "ended":
        this.finish(frame.reason, frame.hungUpBy);
        return;
      case "error":
        // Before the call exists an error refuses it; afterwards (a frame limit, say) the call goes on.
        if (this.callId === undefined) this.finish(frame.code, "system", frame.message);
        else console.warn(`switchboard widget: ${frame.code}: ${frame.message}`);
        return;
    }
  }

  private async setUp(iceServers: RTCIceServer[], attempt: number): Promise<void> {
    const mic = this.mic;
    if (mic === undefined || this.pc !== undefined) return;
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
    pc.addEventListener("track", (event) => this.play(event.streams[0] ?? new MediaStream([event.track])));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, GATHER_TIMEOUT_MS);
    const sdp = pc.localDescription?.sdp;
    if (attempt !== this.attempt || sdp === undefined) return;
    this.socket?.send({ type: "call", sdp, ...(this.visitor === undefined ? {} : { visitor: this.visitor }) });
    this.arm(CONNECT_TIMEOUT_MS, "setup_timeout");
  }

  private play(stream: MediaStream): void {
    this.player ??= new Audio();
    this.player.autoplay = true;
    this.player.srcObject = stream;
    this.player.play().catch((error: unknown) => console.warn("switchboard widget: the browser would not play the call's audio", error));
  }

  /** Ends the call with `reason` after `ms` unless something else ends it first. */
  private arm(ms: number, reason: string, by: HungUpBy = "system"): void {
    window.clearTimeout(this.timer);
    const attempt = this.attempt;
    this.timer = window.setTimeout(() => {
      if (attempt === this.attempt) this.finish(reason, by);
    }, ms);
  }

  private finish(reason: WidgetEndReason | string, hungUpBy: HungUpBy, serverMessage?: string): void {
    if (!this.active) return;
    this.attempt += 1;
    window.clearTimeout(this.timer);
    // The caller's own end (Hang up without an answer in time, the page leaving): the server hears it as a hang-up before media stops.
    if (hungUpBy === "caller" && this.callId !== undefined) this.socket?.send({ type: "hangup" });
    this.socket?.close();
    this.socket = undefined;
    this.pc?.close();
    this.pc = undefined;
    if (this.mic !== undefined) stopTracks(this.mic);
    this.mic = undefined;
    if (this.player !== undefined) this.player.srcObject = null;
    this.state = "ended";
    this.ended = { callId: this.callId ?? null, reason, hungUpBy, message: endedText(reason, hungUpBy, serverMessage) };
    this.events.emit("ended", this.ended);
    this.events.changed();
  }
}

/** The microphone with the browser's voice processing on, or why there is none. */
async function microphone(): Promise<MediaStream | WidgetEndReason> {
  if (typeof navigator.mediaDevices?.getUserMedia !== "function") return "microphone_unavailable";
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError" || name === "SecurityError") return "microphone_denied";
    if (name === "NotFoundError" || name === "OverconstrainedError") return "microphone_missing";
    return name === "NotReadableError" ? "microphone_busy" : "microphone_unavailable";
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Resolves when ICE gathering is complete, or after `ms` (the offer then carries what was gathered). */
function gathered(pc: RTCPeerConnection, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    const timer = window.setTimeout(done, ms);
    function done() {
      window.clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", changed);
      resolve();
    }
    function changed() {
      if (pc.iceGatheringState === "complete") done();
    }
    pc.addEventListener("icegatheringstatechange", changed);
  });
}
