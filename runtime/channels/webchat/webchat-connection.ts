import { isChannelOf } from "../channel-driver";
import type { DriverContext } from "../channel-driver";
import type { RateWindow, Taken } from "./rate-window";
import type { WebchatChannel, WebchatConversations, Welcome } from "./webchat-conversations";
import { WEBCHAT_CLOSE, WebchatClientFrame, type WebchatServerFrame } from "./webchat-frames";
import type { WebchatVisitor } from "./webchat-repo";

/** The most a visitor frame may weigh (a 4096-character message and its JSON). */
export const MAX_FRAME_CHARS = 20_000;

/** The socket as the connection uses it. */
export interface RawSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface ConnectionOptions {
  /** Without a `hello` within this, the socket is closed (default 10 s). */
  helloTimeoutMs?: number;
  /** Asked before a `hello` makes a new visitor (the per-address limit); refused: `too_many_visitors`, close 1008, nothing stored. */
  admitNewVisitor?: (now: number) => Taken;
  /** This socket's text and button frames (the per-socket limit); refused: `rate_limited`, not stored, the socket stays open. */
  messages?: RateWindow;
  now?: () => number;
}

/** Whole seconds, at least 1, for `retryAfterSeconds`. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * One widget socket: `hello` first, then the visitor's frames, one at a time in arrival order.
 * Every text or button frame is recorded in the inbound log under `<visitor id>:<frame id>`
 * BEFORE it is processed: a frame resent after a reconnect (same id) is acknowledged as a
 * duplicate and not processed again. Until the `welcome` is out, frames for the visitor wait, so
 * nothing arrives before the history it follows. Two limits guard the store: a `hello` that
 * would make a new visitor asks `admitNewVisitor` (per client address), and text and button
 * frames count against `messages` at arrival (per socket); a refused frame is neither recorded
 * nor processed.
 */
export class WebchatConnection {
  private visitor: WebchatVisitor | undefined;
  private leave: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private helloTimer: NodeJS.Timeout | undefined;
  private held: WebchatServerFrame[] | undefined;
  private lastHistoryId = 0;
  /** Refused and closing: frames still queued are dropped. */
  private closing = false;

  constructor(
    private readonly channelId: string,
    private readonly conversations: WebchatConversations,
    private readonly context: DriverContext,
    private readonly socket: RawSocket,
    private readonly options: ConnectionOptions = {},
  ) {}

  /** The socket is open; `enabled` is the channel's state at the upgrade. */
  opened(enabled: boolean): void {
    if (!enabled) {
      this.socket.close(WEBCHAT_CLOSE.channelDisabled, "this chat is disabled");
      return;
    }
    this.helloTimer = setTimeout(() => this.socket.close(WEBCHAT_CLOSE.helloTimeout, "no hello"), this.options.helloTimeoutMs ?? 10_000);
  }

  received(text: string): void {
    const at = this.now();
    this.queue = this.queue.then(() => this.handle(text, at)).catch((error: unknown) => {
      this.context.log(`webchat ${this.channelId}: a frame failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.send({ type: "error", code: "internal", message: "something went wrong; try again" });
    });
  }

  closed(): void {
    clearTimeout(this.helloTimer);
    this.leave?.();
    this.leave = undefined;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** `at`: when the frame arrived (the message limit counts arrivals, not the queue's pace). */
  private async handle(text: string, at: number): Promise<void> {
    if (this.closing) return;
    if (text.length > MAX_FRAME_CHARS) return this.send({ type: "error", code: "frame_too_large", message: `frames are at most ${MAX_FRAME_CHARS} characters` });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.send({ type: "error", code: "invalid_frame", message: "frames are JSON objects" });
    }
    const parsed = WebchatClientFrame.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? "" : `${issue.path.join(".")}: `;
      return this.send({ type: "error", code: "invalid_frame", message: `${where}${issue?.message ?? "invalid frame"}` });
    }
    const frame = parsed.data;
    if (frame.type === "ping") return this.send({ type: "pong" });
    const channel = await this.currentChannel();
    if (channel === undefined) return;
    if (frame.type === "hello") return this.hello(channel, frame.token, at);
    const visitor = this.visitor;
    if (visitor === undefined) return this.send({ type: "error", code: "hello_first", message: "send hello first", id: frame.id });
    const taken = this.options.messages?.take(at) ?? { ok: true };
    if (!taken.ok) {
      const retryAfterSeconds = seconds(taken.retryAfterMs);
      return this.send({ type: "error", code: "rate_limited", message: `too many messages: wait ${retryAfterSeconds} s and send it again`, id: frame.id, retryAfterSeconds });
    }

    const recorded = await this.context.store.inbound.recordInbound({ channelType: "webchat", channelId: channel.id, providerEventId: `${visitor.id}:${frame.id}`, payload: text });
    if (!recorded.inserted) return this.send({ type: "ack", id: frame.id, duplicate: true });
    this.send({ type: "ack", id: frame.id, duplicate: false });
    const input = frame.type === "text" ? { kind: "text" as const, text: frame.text } : { kind: "button" as const, id: frame.choice };
    let sessionId: string | undefined;
    try {
      sessionId = await this.conversations.receive(channel, visitor, { id: frame.id, input }, this.context);
    } finally {
      await this.context.store.inbound.setResponse(recorded.id, JSON.stringify({ processed: true }), sessionId ?? null);
    }
  }

  private async hello(channel: WebchatChannel, token: string | undefined, at: number): Promise<void> {
    if (this.visitor !== undefined) return this.send({ type: "error", code: "already_welcomed", message: "hello was already answered" });
    clearTimeout(this.helloTimer);
    const welcome = (await this.conversations.resume(channel, token, this.context)) ?? (await this.newVisitor(channel, at));
    if (welcome === undefined) return;
    // Join before reading the history: what is posted meanwhile is held, then sent after the welcome (minus what the history has).
    this.held = [];
    this.visitor = welcome.visitor;
    this.leave = this.conversations.hub.join(welcome.visitor.id, { send: (frame) => this.deliver(frame), close: (code, reason) => this.socket.close(code, reason) });
    const history = await this.conversations.repo.history(welcome.visitor.id);
    this.lastHistoryId = history.at(-1)?.id ?? 0;
    this.send({ type: "welcome", token: welcome.token, history, open: welcome.open });
    const held = this.held;
    this.held = undefined;
    for (const frame of held) this.deliver(frame);
    if (channel.status !== "active") await this.context.channels.setStatus(channel.id, "active", null);
    await this.conversations.greet(channel, welcome, history, this.context);
  }

  /** A new visitor, if this address's limit admits one; else the refusal is sent and the socket closed. */
  private async newVisitor(channel: WebchatChannel, at: number): Promise<Welcome | undefined> {
    const taken = this.options.admitNewVisitor?.(at) ?? { ok: true };
    if (taken.ok) return this.conversations.create(channel);
    this.closing = true;
    const retryAfterSeconds = seconds(taken.retryAfterMs);
    this.send({ type: "error", code: "too_many_visitors", message: `Too many new chats from your network. Try again in ${describeWait(retryAfterSeconds)}.`, retryAfterSeconds });
    this.socket.close(WEBCHAT_CLOSE.tooManyVisitors, "too many new visitors from this address");
    return undefined;
  }

  /** A frame from the hub: held until the welcome is out; messages the history already had are skipped. */
  private deliver(frame: WebchatServerFrame): void {
    if (this.held !== undefined) {
      this.held.push(frame);
      return;
    }
    if (frame.type === "message" && frame.message.id <= this.lastHistoryId) return;
    this.send(frame);
  }

  /** The channel as stored now: gone or disabled since the upgrade closes the socket. */
  private async currentChannel(): Promise<WebchatChannel | undefined> {
    const channel = await this.context.channels.get(this.channelId);
    if (channel === undefined || !isChannelOf(channel, "webchat")) {
      this.socket.close(WEBCHAT_CLOSE.channelGone, "this chat no longer exists");
      return undefined;
    }
    if (!channel.enabled) {
      this.socket.close(WEBCHAT_CLOSE.channelDisabled, "this chat is disabled");
      return undefined;
    }
    return channel;
  }

  private send(frame: WebchatServerFrame): void {
    this.socket.send(JSON.stringify(frame));
  }
}

/** "40 seconds", "1 minute", "10 minutes": what the visitor reads. */
function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
