import type { VoiceCall } from "./widget-voice";

export interface VoiceViewActions {
  call(): void;
  hangup(): void;
  mute(muted: boolean): void;
  /** A keypad key (0-9 * #); false when the call could not take it. */
  digit(digit: string): boolean;
}

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;
const KEY_NAMES: Record<string, string> = { "*": "Star", "#": "Pound" };
const DIGIT = /^[0-9*#]$/;

let keypadIds = 0;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className: string, text: string): HTMLButtonElement {
  const node = element("button", className, text);
  node.type = "button";
  return node;
}

/** `m:ss` (or `h:mm:ss`) since `since`. */
function elapsed(since: number): string {
  const seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * The call panel: a status line (aria-live: what happens, why a call ended), the call's timer,
 * Call / Mute (aria-pressed) / Keypad (aria-expanded) / Hang up, and the keypad. Keys typed on
 * the keyboard while focus is in the panel (not in a text field) press the keypad's keys.
 */
export class VoiceView {
  readonly section = element("section", "call");
  private readonly status = element("span", "call-status");
  private readonly timer = element("span", "call-timer");
  private readonly hint = element("p", "call-hint");
  private readonly callButton = button("call-start", "Call");
  private readonly muteButton = button("call-mute", "Mute");
  private readonly keypadButton = button("call-keypad-toggle", "Keypad");
  private readonly hangupButton = button("call-hangup", "Hang up");
  private readonly keypad = element("div", "keypad");
  private readonly sent = element("p", "call-keys");
  private readonly keyButtons = new Map<string, HTMLButtonElement>();
  private ticking: number | undefined;
  /** The keys sent in this call. */
  private keys = "";
  private shownState: VoiceCall["state"] = "idle";

  /** `compact`: next to a chat, the keypad starts folded (the Keypad button opens it; typed keys work either way). */
  constructor(
    private readonly call: VoiceCall,
    private readonly actions: VoiceViewActions,
    private readonly idleText: string,
    compact = false,
  ) {
    this.section.setAttribute("aria-label", "Call");
    this.section.tabIndex = -1;
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.timer.setAttribute("role", "timer");
    this.timer.setAttribute("aria-label", "Call duration");
    const line = element("div", "call-line");
    line.append(this.status, this.timer);

    this.callButton.addEventListener("click", () => this.actions.call());
    this.muteButton.setAttribute("aria-pressed", "false");
    this.muteButton.addEventListener("click", () => this.actions.mute(!this.call.muted));
    this.keypad.id = `switchboard-keypad-${++keypadIds}`;
    this.keypad.setAttribute("role", "group");
    this.keypad.setAttribute("aria-label", "Keypad");
    this.keypadButton.setAttribute("aria-controls", this.keypad.id);
    this.keypadButton.setAttribute("aria-expanded", String(!compact));
    this.keypadButton.addEventListener("click", () => {
      const open = this.keypadButton.getAttribute("aria-expanded") !== "true";
      this.keypadButton.setAttribute("aria-expanded", String(open));
      this.keypad.hidden = !open;
    });
    this.hangupButton.addEventListener("click", () => this.actions.hangup());
    for (const key of KEYS) {
      const keyButton = button("key", key);
      const name = KEY_NAMES[key];
      if (name !== undefined) keyButton.setAttribute("aria-label", name);
      keyButton.addEventListener("click", () => this.press(key));
      this.keyButtons.set(key, keyButton);
      this.keypad.append(keyButton);
    }
    this.section.addEventListener("keydown", (event) => {
      if (!DIGIT.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (this.call.state !== "connected") return;
      event.preventDefault();
      this.press(event.key);
    });
    const buttons = element("div", "call-actions");
    buttons.append(this.callButton, this.muteButton, this.keypadButton, this.hangupButton);
    this.section.append(line, this.hint, buttons, this.keypad, this.sent);
    this.update();
  }

  /** Focus for a panel that opens on the call: the Call button when idle, else the panel (where keys are typed). */
  focus(): void {
    if (this.call.active) this.section.focus();
    else this.callButton.focus();
  }

  /** Shows the call as it is now. */
  update(): void {
    const { state } = this.call;
    const root = this.section.getRootNode();
    const focusInside = this.section.contains(root instanceof ShadowRoot ? root.activeElement : document.activeElement);
    const changed = state !== this.shownState;
    this.shownState = state;
    this.section.dataset.state = state;
    this.status.textContent = this.statusText();
    this.hint.textContent = state === "connected" ? "Type 0–9, * or # to press keys." : state === "idle" ? "Calls use your microphone: your browser asks for it when you press Call." : "";
    this.hint.hidden = this.hint.textContent === "";
    this.callButton.hidden = this.call.active;
    this.callButton.textContent = state === "ended" ? "Call again" : "Call";
    this.muteButton.hidden = !this.call.active;
    this.muteButton.setAttribute("aria-pressed", String(this.call.muted));
    this.hangupButton.hidden = !this.call.active;
    const inCall = state === "connected";
    this.keypadButton.hidden = !inCall;
    this.keypad.hidden = !inCall || this.keypadButton.getAttribute("aria-expanded") !== "true";
    if (changed && state === "ringing") this.keys = "";
    this.sent.textContent = `Keys sent: ${this.keys}`;
    this.sent.hidden = !inCall || this.keys === "";
    this.tick(inCall);
    // The button that had focus may be hidden now: keep focus in the panel.
    if (changed && focusInside) this.focus();
  }

  private statusText(): string {
    switch (this.call.state) {
      case "idle":
        return this.idleText;
      case "ringing":
        return this.call.step === "microphone" ? "Allow the microphone to place the call…" : "Connecting…";
      case "connected":
        return this.call.muted ? "In call · your microphone is muted" : "In call";
      case "ended":
        return this.call.ended?.message ?? "The call has ended.";
    }
  }

  private press(key: string): void {
    if (!this.actions.digit(key)) return;
    this.keys += key;
    this.sent.textContent = `Keys sent: ${this.keys}`;
    this.sent.hidden = false;
    const keyButton = this.keyButtons.get(key);
    keyButton?.classList.add("pressed");
    window.setTimeout(() => keyButton?.classList.remove("pressed"), 150);
  }

  private tick(on: boolean): void {
    const since = this.call.connectedAt;
    if (!on || since === undefined) {
      window.clearInterval(this.ticking);
      this.ticking = undefined;
      this.timer.hidden = true;
      return;
    }
    this.timer.hidden = false;
    this.timer.textContent = elapsed(since);
    this.ticking ??= window.setInterval(() => {
      this.timer.textContent = elapsed(since);
    }, 1000);
  }
}
