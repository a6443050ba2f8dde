import type { RemoteAudio } from "./remote-audio";

/** How long ICE gathering may take before the offer goes with the candidates found so far (a slow STUN/TURN server). */
const GATHER_TIMEOUT_MS = 5_000;
/** RTCDTMFSender tone and gap (ms): long enough for every receiver, short enough to dial quickly. */
const TONE_MS = 120;
const GAP_MS = 70;

/**
 * One RTCPeerConnection of the softphone: the microphone out, the far end into the page's audio
 * element, an offer made after ICE gathering completed (the server takes no trickle), the
 * server's answer, and the DTMF sender of the microphone's track. `onFailed` is called once if the
 * connection fails.
 */
export class SoftphonePeer {
  private readonly pc: RTCPeerConnection;
  private closed = false;

  constructor(
    microphone: MediaStream,
    iceServers: RTCIceServer[],
    private readonly audio: RemoteAudio,
    onFailed: () => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers });
    for (const track of microphone.getAudioTracks()) this.pc.addTrack(track, microphone);
    this.pc.addEventListener("track", (event) => {
      if (!this.closed) this.audio.play(event.streams[0] ?? new MediaStream([event.track]));
    });
    this.pc.addEventListener("connectionstatechange", () => {
      if (this.pc.connectionState === "failed" && !this.closed) onFailed();
    });
  }

  /** The offer's SDP once ICE gathering is complete (or after GATHER_TIMEOUT_MS with what was found). */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === "complete") return resolve();
      const done = () => {
        clearTimeout(timer);
        this.pc.removeEventListener("icegatheringstatechange", changed);
        resolve();
      };
      const changed = () => {
        if (this.pc.iceGatheringState === "complete") done();
      };
      const timer = setTimeout(done, GATHER_TIMEOUT_MS);
      this.pc.addEventListener("icegatheringstatechange", changed);
    });
    const sdp = this.pc.localDescription?.sdp ?? "";
    if (!sdp.includes("a=candidate:")) throw new Error("no network route for the call (no ICE candidate was found)");
    return sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  /** Queues DTMF tones (RFC 4733 on the wire) after any still playing; false when the connection cannot send them. */
  dtmf(tones: string): boolean {
    const sender = this.pc.getSenders().find((candidate) => candidate.track?.kind === "audio");
    const dtmf = sender?.dtmf;
    if (dtmf === undefined || dtmf === null || !dtmf.canInsertDTMF) return false;
    dtmf.insertDTMF(dtmf.toneBuffer + tones, TONE_MS, GAP_MS);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    this.audio.stop();
  }
}
