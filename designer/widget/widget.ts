import { WidgetConnection } from "./widget-connection";
import { tokenStore } from "./widget-storage";
import { WidgetView } from "./widget-view";

/**
 * The embeddable web chat: `<script src="https://runtime.example/widget.js" data-channel="CHANNEL_ID"></script>`
 * draws a chat bubble on the page (in a shadow root, so neither side's styles leak) and exposes
 * `window.Switchboard.open()`, `.close()`, `.toggle()`. The runtime is the origin of this script's
 * own URL, so the page may be on any origin the channel allows. Optional: `data-title` (panel
 * title), `data-color` (accent colour), `data-open="true"` (open on load).
 */
interface SwitchboardApi {
  open(): void;
  close(): void;
  toggle(): void;
  readonly isOpen: boolean;
}

declare global {
  interface Window {
    Switchboard?: SwitchboardApi;
  }
}

function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>("script[data-channel][src*='widget.js']") ?? undefined;
}

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * `window.Switchboard` exists as soon as the script ran, also when it ran in <head> before the
 * widget could be drawn: a call made before then is applied once the widget is there.
 */
let drawn: WidgetView | undefined;
let wanted: "open" | "closed" | undefined;
const api: SwitchboardApi = {
  open() {
    if (drawn === undefined) wanted = "open";
    else drawn.open();
  },
  close() {
    if (drawn === undefined) wanted = "closed";
    else drawn.close();
  },
  toggle() {
    if (drawn === undefined) wanted = wanted === "open" ? "closed" : "open";
    else drawn.toggle();
  },
  get isOpen() {
    return drawn?.isOpen ?? false;
  },
};

function ready(view: WidgetView): void {
  drawn = view;
  if (wanted === "open") view.open();
  wanted = undefined;
}

function start(script: HTMLScriptElement): void {
  const channelId = script.dataset.channel;
  if (channelId === undefined || channelId === "") {
    console.error("switchboard widget: add data-channel=\"<channel id>\" to the script tag");
    return;
  }
  const runtime = new URL(script.src, document.baseURI).origin;
  const socketUrl = `${runtime.replace(/^http/, "ws")}/ws/webchat/${encodeURIComponent(channelId)}`;
  const tokens = tokenStore(channelId);

  const host = document.createElement("div");
  host.id = "switchboard-webchat";
  if (script.dataset.color !== undefined) host.style.setProperty("--sb-accent", script.dataset.color);
  const root = host.attachShadow({ mode: "open" });
  document.body.append(host);

  let connection: WidgetConnection | undefined;
  const view: WidgetView = new WidgetView(root, script.dataset.title ?? "Chat with us", {
    text(text) {
      const id = randomId();
      view.showPending(id, text);
      connection?.send({ type: "text", id, text });
    },
    choice(choice, label) {
      const id = randomId();
      view.showPending(id, label);
      connection?.send({ type: "button", id, choice });
    },
    opened() {
      connection?.connect();
    },
  });
  connection = new WidgetConnection(socketUrl, tokens, {
    state: (state, detail) => view.setState(state, detail),
    frame(frame) {
      switch (frame.type) {
        case "welcome":
          view.showHistory(frame.history);
          return;
        case "message":
          view.showMessage(frame.message);
          return;
        case "typing":
          view.showTyping();
          return;
        case "error":
          // The limits' refusals are the visitor's to read (too_many_visitors arrives as the state `refused`).
          if (frame.code === "rate_limited") {
            const wait = frame.retryAfterSeconds ?? 1;
            view.showNotice(`You're sending messages too quickly. Your message will be sent again in ${wait} second${wait === 1 ? "" : "s"}.`, wait * 1000);
          } else if (frame.code !== "too_many_visitors") {
            console.warn(`switchboard widget: ${frame.code}: ${frame.message}`);
          }
          return;
        default:
          return;
      }
    },
  });

  ready(view);
  window.addEventListener("online", () => connection?.retryNow());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") connection?.retryNow();
  });
  // A returning visitor reconnects at once (what the bot or an agent said meanwhile shows as unread); a new one when they open the chat.
  if (tokens.get() !== undefined) connection.connect();
  if (script.dataset.open === "true") api.open();
}

if (window.Switchboard === undefined) {
  window.Switchboard = api;
  const script = ownScript();
  if (script === undefined) console.error("switchboard widget: cannot find its own <script> tag");
  else if (document.body === null) document.addEventListener("DOMContentLoaded", () => start(script), { once: true });
  else start(script);
}
