import type { WebchatMessage } from "../../runtime/channels/webchat/webchat-frames";
import type { ConnectionState } from "./widget-connection";
import { WIDGET_CSS } from "./widget-styles";

export interface ViewActions {
  /** The visitor sent text (trimmed, not empty). */
  text(text: string): void;
  /** The visitor tapped a menu button. */
  choice(choice: string, label: string): void;
  /** The panel was opened (the first time: connect). */
  opened(): void;
}

const STATUS_TEXT: Record<ConnectionState, string> = { connecting: "Connecting…", online: "", offline: "Reconnecting…", unavailable: "Chat unavailable", refused: "Chat unavailable" };
const CHAT_ICON =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.3A8 8 0 1 1 21 12z"/></svg>';
const PHONE_ICON =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>';

/** What the panel holds: the chat, a call panel (`data-voice-channel`), or both. */
export interface WidgetParts {
  chat: boolean;
  call?: { section: HTMLElement; focus(): void };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The widget's DOM, inside a shadow root: a bubble (with an unread count), and a panel with the
 * call panel when the widget takes calls, and for chat the conversation, menu buttons (only the
 * latest menu's are live), a typing hint and a composer.
 * Messages are keyed by their server id, so a replayed history and live frames never duplicate.
 */
export class WidgetView {
  private readonly bubble = element("button", "bubble");
  private readonly badge = element("span", "badge");
  private readonly panel = element("div", "panel");
  private readonly status = element("span", "status");
  private readonly log = element("div", "log");
  private readonly typing = element("div", "typing", "typing…");
  /** What the server refused and why (too many new chats, messages too fast), above the composer. */
  private readonly notice = element("div", "notice");
  private readonly input = element("textarea");
  private readonly sendButton = element("button", undefined, "Send");
  private readonly rendered = new Map<number, HTMLElement>();
  private readonly pending = new Map<string, HTMLElement>();
  private unread = 0;
  private typingTimer: number | undefined;
  private noticeTimer: number | undefined;
  private readonly labels: { open: string; close: string };

  constructor(
    root: ShadowRoot,
    title: string,
    private readonly actions: ViewActions,
    private readonly parts: WidgetParts = { chat: true },
  ) {
    const style = element("style");
    style.textContent = WIDGET_CSS;
    this.labels = parts.chat ? { open: parts.call ? "Open chat or call" : "Open chat", close: "Close chat" } : { open: "Call us", close: "Close call panel" };
    this.bubble.type = "button";
    this.bubble.setAttribute("aria-label", this.labels.open);
    this.bubble.innerHTML = parts.chat ? CHAT_ICON : PHONE_ICON;
    this.badge.hidden = true;
    this.bubble.append(this.badge);
    this.bubble.addEventListener("click", () => this.toggle());

    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", title);
    const header = element("header");
    const close = element("button", undefined, "×");
    close.type = "button";
    close.setAttribute("aria-label", this.labels.close);
    close.addEventListener("click", () => this.close());
    header.append(element("span", "title", title), this.status, close);
    this.log.setAttribute("aria-live", "polite");
    this.typing.hidden = true;
    this.log.append(this.typing);

    const form = element("form");
    this.input.placeholder = "Write a message…";
    this.input.setAttribute("aria-label", "Message");
    this.input.rows = 1;
    this.input.maxLength = 4096;
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    this.sendButton.type = "submit";
    form.append(this.input, this.sendButton);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (text === "") return;
      this.input.value = "";
      this.actions.text(text);
    });
    this.panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      this.close();
      this.bubble.focus();
    });
    this.notice.hidden = true;
    this.notice.setAttribute("role", "status");
    this.panel.append(header);
    if (parts.call !== undefined) this.panel.append(parts.call.section);
    if (parts.chat) this.panel.append(this.log, this.notice, form);
    else this.panel.classList.add("voice-only");
    root.append(style, this.bubble, this.panel);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.bubble.setAttribute("aria-label", this.labels.close);
    this.unread = 0;
    this.badge.hidden = true;
    if (!this.parts.chat) {
      this.parts.call?.focus();
      return;
    }
    this.actions.opened();
    this.scrollDown();
    this.input.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.bubble.setAttribute("aria-label", this.labels.open);
  }

  /** A call is on: the bubble says so (also while the panel is closed). */
  setInCall(inCall: boolean): void {
    this.bubble.classList.toggle("in-call", inCall);
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  setState(state: ConnectionState, detail?: string): void {
    this.status.textContent = state === "unavailable" && detail !== undefined && detail !== "" ? `Unavailable: ${detail}` : STATUS_TEXT[state];
    const usable = state !== "unavailable" && state !== "refused";
    this.input.disabled = !usable;
    this.sendButton.disabled = !usable;
    // The refusal stays up while the widget waits to try again, and goes once a hello is welcomed.
    if (state === "refused") this.showNotice(detail ?? STATUS_TEXT.refused);
    else if (state === "online" && this.noticeTimer === undefined) this.hideNotice();
  }

  /** A line above the composer saying what the server refused; gone after `forMs`, or (without) when the chat is back online. */
  showNotice(text: string, forMs?: number): void {
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = forMs === undefined ? undefined : window.setTimeout(() => this.hideNotice(), forMs);
    this.notice.textContent = text;
    this.notice.hidden = false;
    this.scrollDown(); // the notice takes room from the log: keep its last line (the held message) in view
  }

  private hideNotice(): void {
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = undefined;
    this.notice.hidden = true;
    this.notice.textContent = "";
  }

  /** The conversation as the server has it (on every welcome): lines not shown yet are added. */
  showHistory(messages: readonly WebchatMessage[]): void {
    for (const message of messages) this.add(message, false);
    this.refreshButtons();
    this.scrollDown();
  }

  /** A live line. */
  showMessage(message: WebchatMessage): void {
    const added = this.add(message, true);
    if (!added) return;
    if (message.from !== "visitor") this.hideTyping();
    this.refreshButtons();
    this.scrollDown();
  }

  /** The visitor's own line, shown at once and confirmed when the server echoes it (same client id). */
  showPending(clientId: string, text: string): void {
    const line = this.line("visitor", text);
    line.classList.add("pending");
    this.pending.set(clientId, line);
    this.log.insertBefore(line, this.typing);
    this.refreshButtons();
    this.scrollDown();
  }

  showTyping(): void {
    this.typing.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), 4_000);
    this.scrollDown();
  }

  private hideTyping(): void {
    window.clearTimeout(this.typingTimer);
    this.typing.hidden = true;
    this.log.append(this.typing);
  }

  /** Adds a line unless it is shown already; returns whether it was added. */
  private add(message: WebchatMessage, live: boolean): boolean {
    if (this.rendered.has(message.id)) return false;
    const line = this.line(message.from, message.text, message.author);
    line.dataset.id = String(message.id);
    if (message.options !== undefined && message.options.length > 0) {
      const options = element("div", "options");
      for (const option of message.options) {
        const button = element("button", undefined, option.label);
        button.type = "button";
        button.addEventListener("click", () => {
          for (const sibling of options.querySelectorAll("button")) sibling.disabled = true;
          this.actions.choice(option.choice, option.label);
        });
        options.append(button);
      }
      line.append(options);
    }
    const pending = message.clientId === undefined ? undefined : this.pending.get(message.clientId);
    if (pending !== undefined && message.clientId !== undefined) {
      pending.replaceWith(line);
      this.pending.delete(message.clientId);
    } else {
      this.log.insertBefore(line, this.typing);
    }
    this.rendered.set(message.id, line);
    if (live && !this.isOpen && message.from !== "visitor" && message.from !== "system") {
      this.unread += 1;
      this.badge.textContent = String(this.unread);
      this.badge.hidden = false;
    }
    return true;
  }

  private line(from: WebchatMessage["from"], text: string, author?: string): HTMLElement {
    const line = element("div", `msg ${from}`);
    line.dataset.from = from;
    if (from === "agent" && author !== undefined) line.append(element("span", "author", author));
    line.append(document.createTextNode(text));
    return line;
  }

  /** Only the latest line's buttons are live: a menu the visitor answered (or that was asked again) is history. */
  private refreshButtons(): void {
    const lines = [...this.log.querySelectorAll<HTMLElement>(".msg:not(.system)")];
    const last = lines.at(-1);
    for (const line of lines) {
      const live = line === last;
      for (const button of line.querySelectorAll<HTMLButtonElement>(".options button")) if (!live) button.disabled = true;
    }
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
