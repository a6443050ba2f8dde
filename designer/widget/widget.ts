import { CallEvents, type CallEventName, type CallListener, isCallEventName } from "./widget-call-events";
import { chatWiring } from "./widget-chat";
import { randomId } from "./widget-random-id";
import { voiceVisitorId } from "./widget-storage";
import { type WidgetParts, WidgetView } from "./widget-view";
import { type CallState, VoiceCall } from "./widget-voice";
import { VoiceView } from "./widget-voice-view";

/**
 * The embeddable widget. `<script src="https://runtime.example/widget.js" data-channel="CHAT_ID"></script>`
 * draws a chat bubble; `data-voice-channel="VOICE_ID"` instead gives a call bubble (a browser
 * voice call), and both together one bubble with the chat and a call panel. Drawn in a shadow
 * root, so neither side's styles leak. The runtime is the origin of this script's own URL, so the
 * page may be on any origin the channels allow. Optional: `data-title` (panel title),
 * `data-color` (accent colour), `data-open="true"` (open on load).
 *
 * `window.Switchboard`: `open()`, `close()`, `toggle()`, `isOpen`; with a voice channel `call()`,
 * `hangup()`, `mute(muted?)`, `callState`, and `on(name, fn)` / `off(name, fn)` for the call's
 * events `ringing`, `connected`, `ended` ({reason, hungUpBy, message}) and `muted` — also
 * dispatched on `window` as CustomEvents `switchboard:<name>` with the same `detail`.
 */
interface SwitchboardApi {
  open(): void;
  close(): void;
  toggle(): void;
  readonly isOpen: boolean;
  call(): void;
  hangup(): void;
  mute(muted?: boolean): void;
  readonly callState: CallState;
  on<K extends CallEventName>(name: K, listener: CallListener<K>): () => void;
  off<K extends CallEventName>(name: K, listener: CallListener<K>): void;
}

declare global {
  interface Window {
    Switchboard?: SwitchboardApi;
  }
}

function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>("script[data-channel][src*='widget.js'], script[data-voice-channel][src*='widget.js']") ?? undefined;
}

const callEvents = new CallEvents();

/**
 * `window.Switchboard` exists as soon as the script ran, also when it ran in <head> before the
 * widget could be drawn: a call made before then is applied once the widget is there.
 */
let drawn: { view: WidgetView; voice: VoiceCall | undefined } | undefined;
let wanted: "open" | "closed" | "call" | undefined;

function placeCall(view: WidgetView, voice: VoiceCall | undefined): void {
  if (voice === undefined) {
    console.error('switchboard widget: add data-voice-channel="<channel id>" to the script tag to take calls');
    return;
  }
  view.open();
  void voice.start();
}

const api: SwitchboardApi = {
  open() {
    if (drawn === undefined) wanted = "open";
    else drawn.view.open();
  },
  close() {
    if (drawn === undefined) wanted = "closed";
    else drawn.view.close();
  },
  toggle() {
    if (drawn === undefined) wanted = wanted === "open" ? "closed" : "open";
    else drawn.view.toggle();
  },
  get isOpen() {
    return drawn?.view.isOpen ?? false;
  },
  call() {
    if (drawn === undefined) wanted = "call";
    else placeCall(drawn.view, drawn.voice);
  },
  hangup() {
    if (drawn === undefined && wanted === "call") wanted = undefined;
    drawn?.voice?.hangup();
  },
  mute(muted = true) {
    drawn?.voice?.setMuted(muted);
  },
  get callState() {
    return drawn?.voice?.state ?? "idle";
  },
  on(name, listener) {
    if (isCallEventName(name)) return callEvents.on(name, listener);
    console.error(`switchboard widget: no event "${String(name)}" (ringing, connected, ended, muted)`);
    return () => {};
  },
  off(name, listener) {
    if (isCallEventName(name)) callEvents.off(name, listener);
  },
};

/** The voice side (`data-voice-channel`): the call, its panel, and the hang-up when the page goes away. */
function voiceParts(runtime: string, channelId: string, withChat: boolean, changed: () => void): { call: VoiceCall; view: VoiceView } {
  const socketUrl = `${runtime.replace(/^http/, "ws")}/ws/webvoice/${encodeURIComponent(channelId)}`;
  const call: VoiceCall = new VoiceCall(socketUrl, voiceVisitorId(channelId, randomId), {
    emit: (name, detail) => callEvents.emit(name, detail),
    changed,
  });
  const view = new VoiceView(
    call,
    { call: () => void call.start(), hangup: () => call.hangup(), mute: (muted) => call.setMuted(muted), digit: (digit) => call.sendDigit(digit) },
    withChat ? "Prefer to talk? Call us from your browser." : "Talk to us from your browser.",
    withChat,
  );
  // The page goes away (or into the back/forward cache): the call ends with it.
  window.addEventListener("pagehide", () => call.leave());
  return { call, view };
}

function start(script: HTMLScriptElement): void {
  const chatId = nonEmpty(script.dataset.channel);
  const voiceId = nonEmpty(script.dataset.voiceChannel);
  if (chatId === undefined && voiceId === undefined) {
    console.error('switchboard widget: add data-channel="<chat channel id>" or data-voice-channel="<voice channel id>" to the script tag');
    return;
  }
  const runtime = new URL(script.src, document.baseURI).origin;
  const host = document.createElement("div");
  host.id = chatId === undefined ? "switchboard-voice" : "switchboard-webchat";
  if (script.dataset.color !== undefined) host.style.setProperty("--sb-accent", script.dataset.color);
  const root = host.attachShadow({ mode: "open" });
  document.body.append(host);

  const chat = chatId === undefined ? undefined : chatWiring(runtime, chatId);
  let view: WidgetView | undefined;
  const voice = voiceId === undefined ? undefined : voiceParts(runtime, voiceId, chat !== undefined, () => {
    voice?.view.update();
    view?.setInCall(voice?.call.active ?? false);
  });
  const parts: WidgetParts = { chat: chat !== undefined, ...(voice === undefined ? {} : { call: voice.view }) };
  const noChat = { text: () => {}, choice: () => {}, opened: () => {} };
  view = new WidgetView(root, script.dataset.title ?? (chat === undefined ? "Call us" : "Chat with us"), chat?.actions ?? noChat, parts);
  chat?.attach(view);

  drawn = { view, voice: voice?.call };
  if (wanted === "open") view.open();
  if (wanted === "call") placeCall(view, voice?.call);
  wanted = undefined;
  if (script.dataset.open === "true") api.open();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

if (window.Switchboard === undefined) {
  window.Switchboard = api;
  const script = ownScript();
  if (script === undefined) console.error("switchboard widget: cannot find its own <script> tag");
  else if (document.body === null) document.addEventListener("DOMContentLoaded", () => start(script), { once: true });
  else start(script);
}
