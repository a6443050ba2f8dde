import type { Effect, SessionState } from "../../engine/index";
import { FlowNotPublished } from "../../sessions/session-errors";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, DriverContext, RoomDelivery } from "../channel-driver";
import type { ChatInput } from "../chat/chat-inbound";
import { renderWebchat } from "./render-webchat";
import type { WebchatMessage } from "./webchat-frames";
import { WebchatHub } from "./webchat-hub";
import { WebchatOutbox } from "./webchat-outbox";
import { type WebchatRepo, type WebchatVisitor } from "./webchat-repo";
import { receiveWebchatInput, startWebchatSession } from "./webchat-session";

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
  input: ChatInput;
  /** The frame as received (stored in the inbound log). */
  raw: string;
}

export const UNAVAILABLE_TEXT = "Sorry, this chat is not available right now. Please try again later.";

/**
 * Web chat conversations: visitors (token → visitor id, the sessions' contact), their history,
 * their open sockets, and what flows and agents send them. The socket (`webchat-socket.ts`)
 * calls `hello` and `receive`; the driver's `push` and `deliver` call the rest.
 */
export class WebchatConversations {
  readonly hub = new WebchatHub();
  readonly outbox: WebchatOutbox;

  constructor(
    readonly repo: WebchatRepo,
    private readonly capabilities: ChannelCapabilities,
  ) {
    this.outbox = new WebchatOutbox(repo, this.hub);
  }

  /** Resumes the visitor of `token` on this channel, or makes a new one (unknown, foreign or no token). */
  async hello(channel: WebchatChannel, token: string | undefined, context: DriverContext): Promise<Welcome> {
    const found = token === undefined ? undefined : this.repo.findVisitor(channel.id, token);
    if (found === undefined || token === undefined) {
      const created = this.repo.createVisitor(channel.id);
      return { visitor: created.visitor, token: created.token, open: false };
    }
    const open = await context.store.sessions.findOpenSession("webchat", channel.id, found.id);
    return { visitor: found, token, open: open !== undefined };
  }

  /**
   * A visitor said hello to an empty conversation: the flow starts and greets them (the widget was
   * opened; a chat bot speaks first). Returns the session id, if one started.
   */
  async greet(channel: WebchatChannel, welcome: Welcome, history: readonly WebchatMessage[], context: DriverContext): Promise<string | undefined> {
    if (welcome.open || history.length > 0) return undefined;
    return this.run(channel, welcome.visitor.id, context, () => startWebchatSession(channel, welcome.visitor.id, context));
  }

  /**
   * A visitor's text or button, already recorded in the inbound log: echoed into the history (and
   * to the visitor's other tabs), then given to the flow or the agent room. Returns the session it went to.
   */
  async receive(channel: WebchatChannel, visitor: WebchatVisitor, frame: VisitorFrame, context: DriverContext): Promise<string | undefined> {
    const text = frame.input.kind === "text" ? frame.input.text : this.buttonLabel(visitor.id, frame.input.id);
    this.outbox.post(visitor.id, [{ from: "visitor", text, clientId: frame.id }]);
    this.outbox.typing(visitor.id, "bot");
    return this.run(channel, visitor.id, context, () => receiveWebchatInput(channel, visitor.id, frame.input, context));
  }

  /** Effects of a timer or system dispatch (origin timer / system): to the history and the open sockets. */
  async push(state: SessionState, effects: readonly Effect[], channel: WebchatChannel, context: DriverContext): Promise<void> {
    const session = await context.store.sessions.getSessionHead(state.sessionId);
    const visitorId = session?.contact;
    if (visitorId === undefined || visitorId === null || !this.repo.isVisitor(channel.id, visitorId)) return;
    this.outbox.show(visitorId, renderWebchat(effects, this.capabilities), state.sessionId);
  }

  /** Something from the agent room for the visitor: agents' and system messages; the end of a handed-off chat. */
  async deliver(delivery: RoomDelivery, channel: WebchatChannel, context: DriverContext): Promise<void> {
    const visitorId = delivery.address;
    if (!this.repo.isVisitor(channel.id, visitorId)) return;
    switch (delivery.kind) {
      case "message": {
        const { message } = delivery;
        const line =
          message.kind === "system"
            ? { from: "system" as const, text: message.body }
            : { from: "agent" as const, text: message.body, ...(message.authorName === null ? {} : { author: message.authorName }) };
        this.outbox.post(visitorId, [line], delivery.sessionId);
        return;
      }
      case "hold":
        return; // the room's own system message says it; hold music is for calls
      case "closed": {
        // A flow that waits on the transfer goes on (its own messages and end arrive through `push`);
        // a conversation the flow handed off ends here.
        const session = delivery.sessionId === null ? undefined : await context.store.sessions.getSessionHead(delivery.sessionId);
        if (session !== undefined && session.status !== "ended") return;
        const open = await context.store.sessions.findOpenSession("webchat", channel.id, visitorId);
        if (open === undefined) this.outbox.end(visitorId, delivery.reason, delivery.sessionId);
        return;
      }
    }
  }

  /** Runs a session change and shows its effects; a flow without a published version is apologised for and reported. */
  private async run(channel: WebchatChannel, visitorId: string, context: DriverContext, change: () => Promise<{ sessionId?: string; effects: readonly Effect[] }>): Promise<string | undefined> {
    try {
      const result = await change();
      this.outbox.show(visitorId, renderWebchat(result.effects, this.capabilities), result.sessionId ?? null);
      return result.sessionId;
    } catch (error) {
      if (!(error instanceof FlowNotPublished)) throw error;
      this.outbox.post(visitorId, [{ from: "system", text: UNAVAILABLE_TEXT }]);
      await context.channels.setStatus(channel.id, "error", `the flow ${channel.flowId} has no published version: publish it`);
      context.log(`webchat ${channel.id}: ${error.message}`);
      return undefined;
    }
  }

  /** The label of the button a choice came from (the latest menu that offered it), for the visitor's own line. */
  private buttonLabel(visitorId: string, choice: string): string {
    const recent = this.repo.history(visitorId, 50).reverse();
    for (const message of recent) {
      const option = message.options?.find((candidate) => candidate.choice === choice);
      if (option !== undefined) return option.label;
    }
    return choice;
  }
}
