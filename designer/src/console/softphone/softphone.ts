import type { ClientFrame, ServerFrame } from "../../../../runtime/http/ws/agent-frames";
import { ApiRequestError } from "../../api/api-client";
import { reconnectDelay } from "../reconnect-backoff";
import { useSoftphone } from "./softphone-store";
import { type MicProblem, micProblemOf, type VoiceStatus } from "./voice-status";

/** How long the server may take to answer an offer before the softphone tries again. */
const ANSWER_TIMEOUT_MS = 10_000;

/** The microphone as the softphone uses it (a MediaStream; tests give a stand-in). */
export interface MicrophoneStream {
  getAudioTracks(): MicrophoneTrack[];
}
export interface MicrophoneTrack {
  enabled: boolean;
  stop(): void;
  addEventListener(type: "ended", listener: () => void): void;
}

/** One WebRTC connection as the softphone drives it (SoftphonePeer in the browser). */
export interface PeerLine {
  /** The offer's SDP, ICE gathering complete. */
  offer(): Promise<string>;
  applyAnswer(sdp: string): Promise<void>;
  dtmf(tones: string): boolean;
  close(): void;
}

export interface SoftphoneDeps<Mic extends MicrophoneStream> {
  /** Sends a frame on the agent socket; false when it is not open. */
  send(frame: ClientFrame): boolean;
  /** GET /api/media/ice-servers. */
  iceServers(): Promise<RTCIceServer[]>;
  /** getUserMedia (voice processing on); rejects with its DOMException. */
  openMicrophone(): Promise<Mic>;
  /** A peer connection sending `microphone` and playing the far end; `onFailed` when it fails. */
  connectPeer(microphone: Mic, iceServers: RTCIceServer[], onFailed: () => void): PeerLine;
  /** Calls `retry` when the microphone may work again (permission granted, device plugged in); returns how to stop. */
  watchMicrophone(retry: () => void): () => void;
}

type Answer = Extract<ServerFrame, { type: "softphone_answer" }>;
type LegFrame = Extract<ServerFrame, { type: "softphone" }>;

/** The server refused the offer (an `error` frame while an answer was awaited). */
class OfferRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The agent's softphone: one WebRTC leg to the media plane, held while `update()` says the agent
 * wants voice and the socket is open. It opens the microphone (voice processing on), fetches ICE
 * servers, offers after ICE gathering (no trickle), applies `softphone_answer`, and plays the far
 * end. When the leg ends, the connection fails or the socket comes back, it offers again with
 * backoff (0.5 s doubling to 15 s). A refused or lost microphone stops it (the server then offers
 * this agent no calls; chats still come) until the permission comes back or the agent retries.
 * Another window of the same agent taking the softphone stops this one (`elsewhere`).
 */
export class Softphone<Mic extends MicrophoneStream = MediaStream> {
  private wanted = false;
  private socketOpen = false;
  private muted = false;
  private mic: Mic | undefined;
  private peer: PeerLine | undefined;
  private legId: string | undefined;
  private answer: { resolve(frame: Answer): void; reject(error: Error): void } | undefined;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Each connection attempt's number: a step of an older attempt stops where it is. */
  private run = 0;
  private wasConnected = false;
  private blocked: MicProblem | undefined;
  private stopWatching: (() => void) | undefined;

  constructor(private readonly deps: SoftphoneDeps<Mic>) {}

  private get status(): VoiceStatus {
    return useSoftphone.getState().status;
  }

  /** What the console wants: voice (the agent is available, or still on a call) and whether the socket is open. */
  update(wanted: boolean, socketOpen: boolean): void {
    const before = { wanted: this.wanted, socketOpen: this.socketOpen };
    this.wanted = wanted;
    this.socketOpen = socketOpen;
    if (!wanted) {
      if (before.wanted) this.off();
      return;
    }
    if (!socketOpen) {
      // The server ended the leg with the socket: offer again when it is back.
      if (before.socketOpen || !before.wanted) this.lineDown();
      return;
    }
    if ((!before.wanted || !before.socketOpen) && this.status !== "elsewhere") {
      this.attempt = 0;
      void this.connect();
    }
  }

  /** A softphone frame from the agent socket (and errors while an offer is out); true when it was the softphone's. */
  receive(frame: ServerFrame): boolean {
    switch (frame.type) {
      case "softphone_answer":
        this.answer?.resolve(frame);
        return true;
      case "softphone":
        this.legEvent(frame);
        return true;
      case "softphone_call": {
        const { [frame.conversationId]: _left, ...others } = useSoftphone.getState().calls;
        useSoftphone.getState().set({ calls: frame.joined ? { ...others, [frame.conversationId]: { keysReachCaller: frame.keysReachCaller } } : others });
        return true;
      }
      case "error":
        if (this.answer !== undefined && frame.code !== "invalid_frame") {
          this.answer.reject(new OfferRefused(frame.code, frame.message));
          return true;
        }
        return frame.code.startsWith("softphone_");
      default:
        return false;
    }
  }

  /** Mutes the agent: the microphone's track sends silence and the server mutes the leg (a new leg is muted again). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    for (const track of this.mic?.getAudioTracks() ?? []) track.enabled = !muted;
    if (this.legId !== undefined) this.deps.send({ type: "softphone_mute", muted });
    useSoftphone.getState().set({ muted });
  }

  /** Sends keypad tones to the call (RFC 4733); false when the softphone cannot. */
  dtmf(tones: string): boolean {
    return this.status === "connected" && (this.peer?.dtmf(tones) ?? false);
  }

  /** The agent asks to try again (microphone fixed, or take the softphone back from another window). */
  tryAgain(): void {
    this.blocked = undefined;
    this.stopWatching?.();
    this.stopWatching = undefined;
    useSoftphone.getState().set({ problem: null });
    this.attempt = 0;
    if (this.wanted && this.socketOpen) void this.connect();
    else this.show(this.wanted ? "reconnecting" : "off");
  }

  /** The console closes. */
  dispose(): void {
    this.update(false, this.socketOpen);
  }

  private async connect(): Promise<void> {
    clearTimeout(this.retry);
    if (!this.wanted || !this.socketOpen || this.blocked !== undefined) return;
    const run = ++this.run;
    const current = () => run === this.run && this.wanted && this.socketOpen;
    this.answer?.reject(new Error("superseded"));
    this.closePeer();
    this.show(this.wasConnected || this.attempt > 0 ? "reconnecting" : "connecting");
    let microphone: Mic;
    try {
      microphone = await this.microphone();
    } catch (error) {
      if (run === this.run && this.wanted) this.block(micProblemOf(error));
      return;
    }
    if (!current()) return;
    try {
      const iceServers = await this.deps.iceServers();
      if (!current()) return;
      const peer = this.deps.connectPeer(microphone, iceServers, () => this.peerFailed(peer));
      this.peer = peer;
      const sdp = await peer.offer();
      if (!current()) return;
      const answered = this.awaitAnswer();
      if (!this.deps.send({ type: "softphone_offer", sdp })) throw new Error("the agent socket is closed");
      const answer = await answered;
      if (!current()) return;
      this.legId = answer.legId;
      await peer.applyAnswer(answer.sdp);
      if (this.muted) this.deps.send({ type: "softphone_mute", muted: true });
      // `connected` comes as a `softphone` frame once ICE and DTLS are up.
    } catch (error) {
      if (!current()) return;
      // No media plane on this server: the route is not there, or the socket says so.
      if ((error instanceof OfferRefused && error.code === "softphone_unavailable") || (error instanceof ApiRequestError && error.status === 404)) {
        this.closePeer();
        this.show("unavailable");
        return;
      }
      console.warn("softphone: connecting failed", error);
      this.later();
    }
  }

  /** The microphone, opened once and kept across reconnects; its loss blocks the softphone. */
  private async microphone(): Promise<Mic> {
    if (this.mic !== undefined) return this.mic;
    const stream = await this.deps.openMicrophone();
    if (this.mic !== undefined) {
      release(stream);
      return this.mic;
    }
    this.mic = stream;
    for (const track of stream.getAudioTracks()) {
      track.enabled = !this.muted;
      track.addEventListener("ended", () => {
        if (this.mic === stream && this.wanted) this.block("lost");
      });
    }
    return stream;
  }

  private awaitAnswer(): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error("the server did not answer the softphone's offer"))), ANSWER_TIMEOUT_MS);
      const settle = (then: () => void) => {
        clearTimeout(timer);
        if (this.answer === waiter) this.answer = undefined;
        then();
      };
      const waiter = { resolve: (frame: Answer) => settle(() => resolve(frame)), reject: (error: Error) => settle(() => reject(error)) };
      this.answer = waiter;
    });
  }

  private legEvent(frame: LegFrame): void {
    if (frame.legId === this.legId) {
      if (frame.state === "connected") {
        this.attempt = 0;
        this.wasConnected = true;
        this.show("connected");
      } else if (frame.state === "ended") {
        this.legId = undefined;
        // Out of every call with the leg (a new leg is put back in and told again).
        useSoftphone.getState().set({ calls: {} });
        this.closePeer();
        if (this.wanted && this.socketOpen) this.later();
      }
      return;
    }
    // Our own offer's `connecting` comes before its answer; one while no offer is out is another window's.
    if (frame.state === "connecting" && this.answer === undefined && (this.legId !== undefined || this.peer !== undefined)) {
      this.run++;
      clearTimeout(this.retry);
      this.legId = undefined;
      this.closePeer();
      this.show("elsewhere");
      return;
    }
    // The other window's leg ended (closed, or it went away): this window takes the softphone back.
    if (frame.state === "ended" && this.status === "elsewhere" && this.wanted && this.socketOpen) {
      this.attempt = 0;
      this.later();
    }
  }

  private peerFailed(peer: PeerLine): void {
    if (peer !== this.peer || !this.wanted || !this.socketOpen) return;
    this.run++;
    this.legId = undefined;
    this.closePeer();
    this.later();
  }

  /** Tries again after the backoff delay. */
  private later(): void {
    clearTimeout(this.retry);
    this.show("reconnecting");
    this.retry = setTimeout(() => void this.connect(), reconnectDelay(this.attempt++));
  }

  /** No microphone: no leg, so no calls are offered; wait for the permission or a device to come back. */
  private block(problem: MicProblem): void {
    this.run++;
    clearTimeout(this.retry);
    this.blocked = problem;
    this.answer?.reject(new Error("no microphone"));
    if (this.legId !== undefined) this.deps.send({ type: "softphone_hangup" });
    this.legId = undefined;
    this.closePeer();
    release(this.mic);
    this.mic = undefined;
    useSoftphone.getState().set({ status: "blocked", problem });
    this.stopWatching?.();
    this.stopWatching = this.deps.watchMicrophone(() => {
      if (this.blocked !== undefined && this.wanted) this.tryAgain();
    });
  }

  /** The socket dropped: the server ended the leg with it. */
  private lineDown(): void {
    this.run++;
    clearTimeout(this.retry);
    this.answer?.reject(new Error("the agent socket closed"));
    this.legId = undefined;
    this.closePeer();
    if (this.blocked === undefined && this.status !== "elsewhere" && this.status !== "unavailable") this.show(this.wasConnected ? "reconnecting" : "connecting");
  }

  /** Voice is not wanted (away, signed out): the leg ends and the microphone is released. */
  private off(): void {
    this.run++;
    clearTimeout(this.retry);
    this.answer?.reject(new Error("voice turned off"));
    if (this.legId !== undefined && this.socketOpen) this.deps.send({ type: "softphone_hangup" });
    this.legId = undefined;
    this.closePeer();
    release(this.mic);
    this.mic = undefined;
    this.blocked = undefined;
    this.wasConnected = false;
    this.stopWatching?.();
    this.stopWatching = undefined;
    useSoftphone.getState().set({ status: "off", problem: null });
  }

  private closePeer(): void {
    this.peer?.close();
    this.peer = undefined;
  }

  private show(status: VoiceStatus): void {
    if (this.status !== status) useSoftphone.getState().set({ status });
  }
}

function release(stream: MicrophoneStream | undefined): void {
  for (const track of stream?.getAudioTracks() ?? []) track.stop();
}
