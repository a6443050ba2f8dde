import type { Browser, Page } from "playwright-core";
import { z } from "zod";
import { launchBrowser } from "../../../e2e/support/browser";
import { type StaticSite, startStaticSite } from "../../../e2e/support/static-site";
import type { IceServer } from "../transport/ice-servers";
import { toneLevel } from "../analysis/goertzel";

/**
 * Chromium flags for media tests (MEDIA.md 1.3, 1.4): a fake microphone playing `wavPath` (looped),
 * permission granted without a prompt, loopback ICE candidates allowed, audio autoplay.
 */
export const mediaChromiumArgs = (wavPath: string): string[] => [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  `--use-file-for-fake-audio-capture=${wavPath}`,
  "--allow-loopback-in-peer-connection",
  "--autoplay-policy=no-user-gesture-required",
];

/** A Chromium whose microphone plays one WAV, and the 127.0.0.1 page (a secure context) its calls run in. */
export interface MediaChromium {
  browser: Browser;
  site: StaticSite;
  close(): Promise<void>;
}

export async function launchMediaChromium(wavPath: string): Promise<MediaChromium> {
  const site = await startStaticSite(() => CALL_PAGE);
  try {
    const browser = await launchBrowser(mediaChromiumArgs(wavPath));
    return {
      browser,
      site,
      close: async () => {
        await browser.close();
        await site.close();
      },
    };
  } catch (error) {
    await site.close();
    throw error;
  }
}

const InboundAudio = z.object({
  packetsReceived: z.number(),
  packetsLost: z.number(),
  totalAudioEnergy: z.number(),
  totalSamplesReceived: z.number(),
  totalSamplesDuration: z.number(),
});
export type InboundAudio = z.infer<typeof InboundAudio>;

const Candidate = z.object({ candidateType: z.string(), address: z.string().optional(), port: z.number().optional(), relayProtocol: z.string().optional() });
const CallStats = z.object({
  inbound: InboundAudio.nullable(),
  selectedPair: z.object({ local: Candidate, remote: Candidate }).nullable(),
});
export type CallStats = z.infer<typeof CallStats>;
const Samples = z.object({ sampleRate: z.number(), samples: z.array(z.number()) }).nullable();
const CandidateErrors = z.array(z.object({ errorCode: z.number(), errorText: z.string(), url: z.string() }));

/** One RTCPeerConnection in a Chromium page: the microphone sent, the remote track played into a WebAudio analyser. */
export interface ChromiumCall {
  page: Page;
  /** The offer, after ICE gathering completed (no trickle). */
  offerSdp: string;
  applyAnswer(sdp: string): Promise<void>;
  connectionState(): Promise<string>;
  waitForConnected(timeoutMs?: number): Promise<void>;
  stats(): Promise<CallStats>;
  /** Amplitude of `frequency` in the last ~340 ms of what the page plays (Goertzel on the analyser's samples). */
  toneLevel(frequency: number): Promise<number>;
  /** RTCDTMFSender.insertDTMF on the microphone's sender. */
  insertDtmf(tones: string, durationMs?: number, gapMs?: number): Promise<void>;
  /** icecandidateerror events (a refused TURN credential shows here as 401). */
  candidateErrors(): Promise<z.infer<typeof CandidateErrors>>;
  close(): Promise<void>;
}

export interface ChromiumCallOptions {
  iceServers?: IceServer[];
  iceTransportPolicy?: "all" | "relay";
  /** Also offer a video transceiver (before the audio) and a data channel, as a richer client would. */
  videoAndData?: boolean;
}

export async function openChromiumCall(chromium: MediaChromium, options: ChromiumCallOptions = {}): Promise<ChromiumCall> {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  await page.goto(chromium.site.url);
  /** Calls one of the page's `window.sbCall` methods with JSON arguments. */
  const call = (method: string, ...args: unknown[]): Promise<unknown> => page.evaluate(`window.sbCall.${method}(${args.map((arg) => JSON.stringify(arg)).join(", ")})`);
  const offerSdp = z.string().parse(await call("offer", { iceServers: options.iceServers ?? [], iceTransportPolicy: options.iceTransportPolicy ?? "all" }, options.videoAndData ?? false));
  return {
    page,
    offerSdp,
    applyAnswer: async (sdp) => {
      await call("answer", sdp);
    },
    connectionState: async () => z.string().parse(await call("state")),
    waitForConnected: async (timeoutMs = 10_000) => {
      await page.waitForFunction("window.sbCall.state() === 'connected'", undefined, { timeout: timeoutMs, polling: 20 });
    },
    stats: async () => CallStats.parse(await call("stats")),
    toneLevel: async (frequency) => {
      const captured = Samples.parse(await call("samples"));
      return captured ? toneLevel(Float32Array.from(captured.samples), captured.sampleRate, frequency) : 0;
    },
    insertDtmf: async (tones, durationMs = 200, gapMs = 100) => {
      await call("dtmf", tones, durationMs, gapMs);
    },
    candidateErrors: async () => CandidateErrors.parse(await call("candidateErrors")),
    close: async () => {
      await call("close").catch(() => undefined);
      await context.close();
    },
  };
}

/** The page: getUserMedia without processing (the file's level arrives as is), one peer connection, the remote track into an analyser. */
const CALL_PAGE = `<!doctype html>
<html><head><title>media test call</title></head><body>
<script>
let pc, mic, ctx, analyser, player;
const errors = [];
window.sbCall = {
  async offer(config, videoAndData) {
    mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    pc = new RTCPeerConnection(config);
    if (videoAndData) {
      pc.addTransceiver("video");
      pc.createDataChannel("chat");
    }
    pc.addEventListener("icecandidateerror", (e) => errors.push({ errorCode: e.errorCode, errorText: e.errorText, url: e.url }));
    for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
    pc.addEventListener("track", (e) => {
      if (e.track.kind !== "audio") return;
      const stream = e.streams[0] || new MediaStream([e.track]);
      // Chromium feeds a remote track to WebAudio only while a media element plays it (keep a
      // reference: MEDIA.md 1.2, gotcha 7), and counts totalAudioEnergy only while that element is not muted.
      player = new Audio();
      player.srcObject = stream;
      player.play().catch(() => {});
      ctx = new AudioContext({ sampleRate: 48000 });
      ctx.resume();
      analyser = ctx.createAnalyser();
      analyser.fftSize = 16384;
      ctx.createMediaStreamSource(stream).connect(analyser);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
    });
    return pc.localDescription.sdp;
  },
  async answer(sdp) { await pc.setRemoteDescription({ type: "answer", sdp }); },
  state() { return pc ? pc.connectionState : "none"; },
  async stats() {
    const report = await pc.getStats();
    let inbound = null, selectedPair = null, transport = null;
    report.forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") inbound = { packetsReceived: s.packetsReceived || 0, packetsLost: s.packetsLost || 0, totalAudioEnergy: s.totalAudioEnergy || 0, totalSamplesReceived: s.totalSamplesReceived || 0, totalSamplesDuration: s.totalSamplesDuration || 0 };
      if (s.type === "transport") transport = s;
    });
    const pair = transport && transport.selectedCandidatePairId ? report.get(transport.selectedCandidatePairId) : null;
    const side = (id) => { const c = report.get(id); return c ? { candidateType: c.candidateType, address: c.address, port: c.port, relayProtocol: c.relayProtocol } : { candidateType: "unknown" }; };
    if (pair) selectedPair = { local: side(pair.localCandidateId), remote: side(pair.remoteCandidateId) };
    return { inbound, selectedPair };
  },
  samples() {
    if (!analyser) return null;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    return { sampleRate: ctx.sampleRate, samples: Array.from(samples) };
  },
  dtmf(tones, durationMs, gapMs) {
    const sender = pc.getSenders().find((s) => s.track && s.track.kind === "audio");
    sender.dtmf.insertDTMF(tones, durationMs, gapMs);
  },
  candidateErrors() { return errors; },
  close() {
    if (pc) pc.close();
    if (mic) mic.getTracks().forEach((t) => t.stop());
    if (ctx) ctx.close();
  },
};
</script></body></html>`;
