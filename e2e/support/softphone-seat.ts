import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { z } from "zod";
import { rms, toneLevel } from "../../runtime/media/analysis/goertzel";
import { collectConsoleErrors } from "./browser";
import type { DeskAgent } from "./console-desk";

/** One agent at the console in their own browser context (each softphone test party has its own Chromium: the fake microphone file is per process). */
export interface SoftphoneSeat {
  agent: DeskAgent;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openSeat(browser: Browser, agent: DeskAgent): Promise<SoftphoneSeat> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  return { agent, context, page, errors: collectConsoleErrors(page) };
}

/** Signs in on the login page and lands on /console. */
export async function signIn(seat: SoftphoneSeat, serverUrl: string): Promise<void> {
  await seat.page.goto(`${serverUrl}/login`);
  await seat.page.getByLabel("Email").fill(seat.agent.email);
  await seat.page.getByLabel("Password").fill(seat.agent.password);
  await seat.page.getByRole("button", { name: "Sign in" }).click();
  await seat.page.waitForURL(/\/console$/);
}

/** Refuses the microphone to pages of `origin` in the seat's browser context, as an agent's click on Block would (Chromium's own permission, through CDP). */
export async function denyMicrophone(seat: SoftphoneSeat, origin: string): Promise<void> {
  const cdp = await seat.context.newCDPSession(seat.page);
  const { targetInfo } = await cdp.send("Target.getTargetInfo");
  await cdp.send("Browser.setPermission", { permission: { name: "microphone" }, setting: "denied", origin, ...(targetInfo.browserContextId === undefined ? {} : { browserContextId: targetInfo.browserContextId }) });
  await cdp.detach();
}

/** Gives the microphone to pages of `origin` (Playwright's grant; a CDP `granted` setting was seen to end the new track at once). */
export const allowMicrophone = (seat: SoftphoneSeat, origin: string): Promise<void> => seat.context.grantPermissions(["microphone"], { origin });

/** The header's softphone state ("Voice: connected"…). */
export const voiceStatus = (page: Page): Locator => page.getByRole("status", { name: "Voice" });
export const offerCards = (page: Page): Locator => page.getByRole("alertdialog", { name: /^Incoming offer/ });
export const room = (page: Page): Locator => page.getByRole("region", { name: /^Conversation / });
export const callControls = (page: Page): Locator => room(page).getByRole("group", { name: "Call controls" });

const Captured = z.object({ sampleRate: z.number(), pcm: z.string() }).nullable();

/**
 * What the console plays from its softphone, read in the page: a WebAudio analyser on the stream
 * of the softphone's own `<audio>` element (re-attached when a reconnect brings a new stream), its
 * last 16 384 samples (~340 ms) as s16, measured here with the Goertzel filter.
 */
export class FarEnd {
  /**
   * `track`: a page expression for the remote audio track to listen to; by default the one the
   * softphone's own `<audio>` plays (the voice widget's: `WIDGET_FAR_END`).
   */
  constructor(
    private readonly page: Page,
    private readonly track = SOFTPHONE_FAR_END,
  ) {}

  /** The last ~340 ms, or undefined before the page plays anything. */
  async capture(): Promise<{ samples: Int16Array; sampleRate: number } | undefined> {
    const captured = Captured.parse(await this.page.evaluate(probe(this.track)));
    if (captured === null) return undefined;
    const bytes = Buffer.from(captured.pcm, "base64");
    return { samples: new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1), sampleRate: captured.sampleRate };
  }

  /** The amplitude (0–1) of each frequency, and the RMS (0–1), in what the page plays now. */
  async levels(frequencies: readonly number[]): Promise<{ tones: Record<number, number>; rms: number }> {
    const captured = await this.capture();
    if (captured === undefined) return { tones: Object.fromEntries(frequencies.map((frequency) => [frequency, 0])), rms: 0 };
    return {
      tones: Object.fromEntries(frequencies.map((frequency) => [frequency, toneLevel(captured.samples, captured.sampleRate, frequency)])),
      rms: rms(captured.samples) / 32768,
    };
  }
}

/** The track the console's softphone plays. */
export const SOFTPHONE_FAR_END = `(() => { const element = document.querySelector('audio[data-softphone="far-end"]'); return element && element.srcObject ? element.srcObject.getAudioTracks()[0] : null; })()`;
/** The track the voice widget's call receives (its peer connection, seen by the test page's probe: e2e/support/voice-widget-page.ts). */
export const WIDGET_FAR_END = `(() => { const pc = window.__probe && window.__probe.pcs[window.__probe.pcs.length - 1]; const receiver = pc && pc.getReceivers()[0]; return receiver ? receiver.track : null; })()`;

const probe = (track: string) => `(() => {
  const track = ${track};
  if (!track) return null;
  let probe = window.__farEndProbe;
  if (!probe || probe.track !== track) {
    if (probe) probe.context.close();
    const context = new AudioContext({ sampleRate: 48000 });
    context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 16384;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    probe = window.__farEndProbe = { track, context, analyser };
  }
  const floats = new Float32Array(probe.analyser.fftSize);
  probe.analyser.getFloatTimeDomainData(floats);
  const pcm = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(floats[i] * 32768)));
  const bytes = new Uint8Array(pcm.buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return { sampleRate: probe.context.sampleRate, pcm: btoa(binary) };
})()`;
