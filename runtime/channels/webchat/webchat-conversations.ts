import type { Effect, SessionState } from "../../engine/index";
import { KeyedLock } from "../../sessions/keyed-lock";
import { FlowNotPublished } from "../../sessions/session-errors";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, DriverContext, RoomDelivery } from "../channel-driver";
import type { ChatInput } from "../chat/chat-inbound";
import { CHAT_APOLOGY, CHAT_CLOSED } from "../chat/chat-texts";
import { receiveChatMessage } from "../chat/receive-chat-message";
import { renderWebchat } from "./render-webchat";
import type { WebchatMessage } from "./webchat-frames";
import { WebchatHub } from "./webchat-hub";
import { WebchatOutbox } from "./webchat-outbox";
import { type WebchatRepo, type WebchatVisitor } from "./webchat-repo";
import { startWebchatSession } from "./webchat-session";

export type WebchatChannel = ChannelOf<"webchat">;

/** Who said `hello`: the visitor and the token to keep. */
export interface Welcome {
  visitor: WebchatVisitor;
  token: string;
  /** A session runs for the visitor. */
  open: boolean;
}

/** A visitor frame that asks for something (text or button), as read by the socket. */
export interface VisitorFrame {
  /** The widget's id of the frame. */
  id: string;
  /** The widget sends text and buttons only (a button's title is looked up here, from the history). */
  input: Extract<ChatInput, { kind: "text" } | { kind: "button" }>;
}

/** How long a visitor's message may take before the widget is told the bot is typing. */
const TYPING_AFTER_MS = 300;

/** The visitor's line when a button the server cannot map was tapped while the flow waits for no input (or agents have the chat). */
export const STALE_CHOICE_TEXT = "That choice is no longer available.";

/**
 * Web chat conversations: visitors (token → visitor id, the sessions' contact), their history,
 * their open sockets, and what flows and agents send them. The socket (`webchat-connection.ts`)
 * calls `resume` / `create` and `receive`; the driver's `push` and `deliver` call the rest.
 */
export class WebchatConversations {
  readonly hub = new WebchatHub();
  readonly outbox: WebchatOutbox;
  /**
   * One visitor's changes, one at a time: a visitor's message is answered (stored and sent) before
   * what a dispatch it caused elsewhere brings (agent rooms answering a transfer at once, a timer),
   * so the history reads in the order the flow spoke.
   */
  private readonly visitors = new KeyedLock();

  constructor(
    readonly repo: WebchatRepo,
    private readonly capabilities: ChannelCapabilities,
  ) {
    this.outbox = new WebchatOutbox(repo, this.hub);
  }

  /** The visitor of `token` on this channel, resumed; undefined for no token, an unknown one or another channel's (then `create`). */
  async resume(channel: WebchatChannel, token: string | undefined, context: DriverContext): Promise<Welcome | undefined> {
    const found = token === undefined ? undefined : await this.repo.findVisitor(channel.id, token);
    if (found === undefined || token === undefined) return undefined;
    const open = await context.store.sessions.findOpenSession("webchat", channel.id, found.id);
    return { visitor: found, token, open: open !== undefined };
  }

  /** A new visitor of this channel (after the socket's new-visitor limit admitted it). */
  async create(channel: WebchatChannel): Promise<Welcome> {
    const created = await this.repo.createVisitor(channel.id);
    return { visitor: created.visitor, token: created.token, open: false };
  }

  /**
   * A visitor said hello to an empty conversation: the flow starts and greets them (the widget was
   * opened; a chat bot speaks first). Returns the session id, if one started.
   */
  async greet(channel: WebchatChannel, welcome: Welcome, history: readonly WebchatMessage[], context: DriverContext): Promise<string | undefined> {
    // startOn "first_message": the visitor speaks first, and that message starts the flow (receiveChatMessage).
    if (welcome.open || history.length > 0 || channel.settings.startOn === "first_message") return undefined;
    return this.visitors.run(welcome.visitor.id, () => this.start(channel, welcome, context));
  }

  private async start(channel: WebchatChannel, welcome: Welcome, context: DriverContext): Promise<string | undefined> {
    try {
      const started = await startWebchatSession(channel, welcome.visitor.id, context);
      await this.outbox.show(welcome.visitor.id, renderWebchat(started.effects, this.capabilities), started.sessionId);
      return started.sessionId;
    } catch (error) {
      if (!(error instanceof FlowNotPublished)) throw error;
      await this.unpublished(channel, welcome.visitor.id, context);
      return undefined;
    }
  }

  /**
   * A visitor's text or button, already recorded in the inbound log: echoed into the history (and
   * to the visitor's other tabs), then given to the shared chat logic (`receiveChatMessage`: the
   * flow, or the agent room when agents have the conversation). Returns the session it went to.
   */
  receive(channel: WebchatChannel, visitor: WebchatVisitor, frame: VisitorFrame, context: DriverContext): Promise<string | undefined> {
    return this.visitors.run(visitor.id, () => this.answer(channel, visitor, frame, context));
  }

  private async answer(channel: WebchatChannel, visitor: WebchatVisitor, frame: VisitorFrame, context: DriverContext): Promise<string | undefined> {
    // A button's title is the label it was drawn with (the latest menu that offered it): a tap the
    // server cannot map to the current menu is taken as typing it (receiveChatMessage).
    const title = frame.input.kind === "button" ? await this.buttonLabel(visitor.id, frame.input.id) : undefined;
    const input: ChatInput = frame.input.kind === "button" && title !== undefined ? { ...frame.input, title } : frame.input;
    const text = frame.input.kind === "text" ? frame.input.text : (title ?? frame.input.id);
    await this.outbox.post(visitor.id, [{ from: "visitor", text, clientId: frame.id }]);
    // "typing" only when the answer takes a while (an HTTP callback): a quick answer, or a message for the agents, shows none.
    const typing = setTimeout(() => this.outbox.typing(visitor.id, "bot"), TYPING_AFTER_MS);
    let received: Awaited<ReturnType<typeof receiveChatMessage>>;
    try {
      received = await receiveChatMessage(channel, { contact: visitor.id, input, eventId: `${visitor.id}:${frame.id}` }, context);
    } finally {
      clearTimeout(typing);
    }
    switch (received.outcome) {
      case "started":
      case "dispatched":
      case "unsupported": {
        const render = renderWebchat(received.effects, this.capabilities);
        const notice = "notice" in received && received.notice !== undefined ? [{ from: "bot" as const, text: received.notice }] : [];
        await this.outbox.show(visitor.id, { ...render, lines: [...notice, ...render.lines] }, received.sessionId);
        return received.sessionId;
      }
      case "to_agents":
        if (received.notice !== undefined) await this.outbox.post(visitor.id, [{ from: "bot", text: received.notice }], received.sessionId);
        return received.sessionId ?? undefined;
      case "ignored":
        if (frame.input.kind === "button") await this.outbox.post(visitor.id, [{ from: "system", text: STALE_CHOICE_TEXT }], received.sessionId);
        context.log(`webchat ${channel.id}: ignored a frame of visitor ${visitor.id}: ${received.reason}`);
        return received.sessionId ?? undefined;
      case "unpublished":
        await this.unpublished(channel, visitor.id, context);
        return undefined;
    }
  }

  /** Effects of a timer or system dispatch (origin timer / system): to the history and the open sockets. */
  async push(state: SessionState, effects: readonly Effect[], channel: WebchatChannel, context: DriverContext): Promise<void> {
    const session = await context.store.sessions.getSessionHead(state.sessionId);
    const visitorId = session?.contact;
    if (visitorId === undefined || visitorId === null || !(await this.repo.isVisitor(channel.id, visitorId))) return;
    await this.visitors.run(visitorId, async () => {
      await this.outbox.show(visitorId, renderWebchat(effects, this.capabilities), state.sessionId);
    });
  }

  /** Something from the agent room for the visitor: agents' and system messages; the end of a handed-off chat. */
  async deliver(delivery: RoomDelivery, channel: WebchatChannel, context: DriverContext): Promise<void> {
    const visitorId = delivery.address;
    if (!(await this.repo.isVisitor(channel.id, visitorId))) return;
    await this.visitors.run(visitorId, () => this.show(delivery, visitorId));
  }

  private async show(delivery: RoomDelivery, visitorId: string): Promise<void> {
    switch (delivery.kind) {
      case "message": {
        const { message } = delivery;
        const line =
          message.kind === "system"
            ? { from: "system" as const, text: message.body }
            : { from: "agent" as const, text: message.body, ...(message.authorName === null ? {} : { author: message.authorName }) };
        await this.outbox.post(visitorId, [line], delivery.sessionId);
        return;
      }
      case "hold":
        return; // the room's own system message says it; hold music is for calls
      case "closed":
        // Only when the session was over (the fan-out checks): a flow that waited on the agents goes on and speaks for itself.
        await this.outbox.end(visitorId, delivery.reason, delivery.sessionId, CHAT_CLOSED);
        return;
    }
  }

  /** The channel's flow has no published version: the visitor gets an apology, the channel goes to `error`. */
  private async unpublished(channel: WebchatChannel, visitorId: string, context: DriverContext): Promise<void> {
    await this.outbox.post(visitorId, [{ from: "system", text: CHAT_APOLOGY }]);
    await context.channels.setStatus(channel.id, "error", `the flow ${channel.flowId} has no published version: publish it`);
    context.log(`webchat ${channel.id}: the flow ${channel.flowId} has no published version`);
  }

  /** The label of the button a choice came from (the latest menu that offered it); undefined for a choice never drawn to this visitor. */
  private async buttonLabel(visitorId: string, choice: string): Promise<string | undefined> {
    const recent = (await this.repo.history(visitorId, 50)).reverse();
    for (const message of recent) {
      const option = message.options?.find((candidate) => candidate.choice === choice);
      if (option !== undefined) return option.label;
    }
    return undefined;
  }
}
