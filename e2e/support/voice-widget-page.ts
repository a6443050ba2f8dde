import type { Locator, Page } from "playwright-core";
import { z } from "zod";

/**
 * What the test page watches from the outside of the widget (it does not reach into it): how often
 * getUserMedia was called and with what, every RTCPeerConnection made, the call events (`on` and
 * the `switchboard:*` window events), every WebSocket, the RFC 4733 digits sent, and every 50 ms the remote audio's
 * `inbound-rtp` energy (MEDIA.md 1.5: totalAudioEnergy only counts while a media element plays it).
 * `dropCandidates`: the page strips ICE candidates from its offer and from the answer, so ICE can
 * never complete (a browser that cannot reach the media server).
 */
const probeScript = (dropCandidates: boolean) => `<script>
window.__probe = { gum: 0, constraints: [], pcs: [], sockets: [], events: [], digits: [], power: [] };
const WS = window.WebSocket;
window.WebSocket = class extends WS { constructor(...args) { super(...args); __probe.sockets.push(this); } };
const md = navigator.mediaDevices;
const gum = md.getUserMedia.bind(md);
md.getUserMedia = (constraints) => { __probe.gum += 1; __probe.constraints.push(constraints); return gum(constraints); };
const PC = window.RTCPeerConnection;
window.RTCPeerConnection = class extends PC { constructor(config) { super(config); __probe.pcs.push(this); } };
const insert = RTCDTMFSender.prototype.insertDTMF;
RTCDTMFSender.prototype.insertDTMF = function (tones, ...rest) { __probe.digits.push({ tones, at: performance.now() }); return insert.call(this, tones, ...rest); };
for (const name of ["ringing", "connected", "ended", "muted"]) addEventListener("switchboard:" + name, (e) => __probe.events.push({ via: "window", name, detail: e.detail, at: performance.now() }));
setInterval(async () => {
  const pc = __probe.pcs.at(-1);
  if (!pc || pc.signalingState === "closed") return;
  const at = performance.now();
  (await pc.getStats()).forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "audio") __probe.power.push({ at, energy: s.totalAudioEnergy || 0, duration: s.totalSamplesDuration || 0, samples: s.totalSamplesReceived || 0 });
  });
}, 50);
${
  dropCandidates
    ? `const strip = (sdp) => sdp.split("\\r\\n").filter((line) => !line.startsWith("a=candidate") && !line.startsWith("a=end-of-candidates")).join("\\r\\n");
const local = Object.getOwnPropertyDescriptor(PC.prototype, "localDescription");
Object.defineProperty(PC.prototype, "localDescription", { get() { const d = local.get.call(this); return d && { type: d.type, sdp: strip(d.sdp) }; } });
const setRemote = PC.prototype.setRemoteDescription;
PC.prototype.setRemoteDescription = function (d) { return setRemote.call(this, { type: d.type, sdp: strip(d.sdp) }); };`
    : ""
}
</script>`;

/**
 * A customer's page embedding the voice widget (with `chatChannelId`, the chat too, in one
 * bubble); `Switchboard.on` listeners log next to the window events.
 */
export function voiceWidgetPage(runtimeUrl: string, voiceChannelId: string, options: { dropCandidates?: boolean; title?: string; chatChannelId?: string } = {}): string {
  const chat = options.chatChannelId === undefined ? "" : ` data-channel="${options.chatChannelId}"`;
  return `<!doctype html>
<html><head><title>Acme</title>${probeScript(options.dropCandidates === true)}</head>
<body><h1>Acme support</h1><p>Call us from this page.</p>
<script src="${runtimeUrl}/widget.js" data-voice-channel="${voiceChannelId}"${chat} data-title="${options.title ?? "Acme support line"}"></script>
<script>for (const name of ["ringing", "connected", "ended", "muted"]) Switchboard.on(name, (detail) => __probe.events.push({ via: "on", name, detail, at: performance.now() }));</script>
</body></html>`;
}

const CallEvent = z.object({ via: z.enum(["window", "on"]), name: z.string(), detail: z.record(z.string(), z.unknown()), at: z.number() });
export type CallEvent = z.infer<typeof CallEvent>;
const Power = z.object({ at: z.number(), energy: z.number(), duration: z.number(), samples: z.number() });
const Probe = z.object({
  gum: z.number(),
  constraints: z.array(z.unknown()),
  pcs: z.number(),
  sockets: z.array(z.string()),
  events: z.array(CallEvent),
  digits: z.array(z.object({ tones: z.string(), at: z.number() })),
  power: z.array(Power),
});
export type Probe = z.infer<typeof Probe>;

/** Mean power of the remote audio between two stats samples: Δ totalAudioEnergy / Δ totalSamplesDuration (0 when nothing played). */
export interface PowerWindow {
  from: number;
  to: number;
  power: number;
}

/** The visitor's side of the test: the page, the widget's controls, and what the probe saw. */
export class VoiceVisitor {
  /** `host`: the widget's element (`#switchboard-voice`; `#switchboard-webchat` when it has the chat too). */
  constructor(
    readonly page: Page,
    private readonly host = "#switchboard-voice",
  ) {}

  get widget(): Locator {
    return this.page.locator(this.host);
  }

  button(name: string): Locator {
    return this.widget.getByRole("button", { name, exact: true });
  }

  get status(): Locator {
    return this.widget.getByRole("status");
  }

  async probe(): Promise<Probe> {
    return Probe.parse(await this.page.evaluate("({ ...window.__probe, pcs: window.__probe.pcs.length, sockets: window.__probe.sockets.map((socket) => socket.url) })"));
  }

  /** The events of `name` the page heard through `Switchboard.on`, each also seen as a window event. */
  async events(name: string): Promise<CallEvent[]> {
    const { events } = await this.probe();
    const heard = events.filter((event) => event.name === name);
    const viaOn = heard.filter((event) => event.via === "on");
    if (heard.length !== viaOn.length * 2) throw new Error(`${name}: ${viaOn.length} via Switchboard.on but ${heard.length - viaOn.length} window events`);
    return viaOn;
  }

  /** Waits until `name` was heard `count` times; returns the last. */
  async next(name: string, timeoutMs = 10_000, count = 1): Promise<CallEvent> {
    await this.page.waitForFunction(`window.__probe.events.filter((e) => e.via === "on" && e.name === ${JSON.stringify(name)}).length >= ${count}`, undefined, { timeout: timeoutMs, polling: 50 });
    const heard = await this.events(name);
    const last = heard.at(-1);
    if (last === undefined) throw new Error(`no ${name} event`);
    return last;
  }

  /** Whether `locator` has focus (inside the widget's shadow root). */
  hasFocus(locator: Locator): Promise<boolean> {
    return locator.evaluate((node) => {
      const root = node.getRootNode();
      return root instanceof ShadowRoot && root.activeElement === node;
    });
  }

  /** The remote audio's power in successive windows of `ms` (from the probe's 50 ms samples). */
  async powerWindows(ms = 200): Promise<PowerWindow[]> {
    const { power } = await this.probe();
    const windows: PowerWindow[] = [];
    let start = power[0];
    for (const sample of power) {
      if (start === undefined || sample.at - start.at < ms) continue;
      const played = sample.duration - start.duration;
      windows.push({ from: start.at, to: sample.at, power: played > 0 ? (sample.energy - start.energy) / played : 0 });
      start = sample;
    }
    return windows;
  }

  /** Mean power of the remote audio over the last `ms`. */
  async recentPower(ms = 300): Promise<number> {
    const { power } = await this.probe();
    const last = power.at(-1);
    const first = power.find((sample) => last !== undefined && sample.at >= last.at - ms);
    if (last === undefined || first === undefined || last.duration <= first.duration) return 0;
    return (last.energy - first.energy) / (last.duration - first.duration);
  }

  /** Closes the page's call socket under the widget (as a network drop would). */
  async dropCallSocket(): Promise<void> {
    await this.page.evaluate(`window.__probe.sockets.filter((socket) => socket.url.includes("/ws/webvoice/")).at(-1).close()`);
  }

  /** The page's clock (performance.now()), to line up with the probe's times. */
  async now(): Promise<number> {
    return z.number().parse(await this.page.evaluate("performance.now()"));
  }
}
