import type { Effect, SessionState } from "../../engine/index";
import type { Store } from "../../store/open-store";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParseResult, Processed, RoomDelivery, WebhookReply } from "../channel-driver";
import { type WebchatChannel, WebchatConversations } from "./webchat-conversations";
import { WebchatRepo } from "./webchat-repo";

export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: true, freeText: true };

const json = (status: number, code: string, message: string): WebhookReply => ({ status, contentType: "application/json", body: JSON.stringify({ error: { code, message, details: null } }) });

/** The socket URL for a public base URL: http → ws, https → wss. */
export function webchatSocketUrl(publicUrl: string, channelId: string): string {
  return `${publicUrl.replace(/^http/, "ws")}/ws/webchat/${encodeURIComponent(channelId)}`;
}

/**
 * The web chat widget's driver. It has no webhooks: the widget talks over `/ws/webchat/:channelId`
 * (`webchat-socket.ts`), which calls `conversations` directly; the webhook methods refuse
 * (`routes` is empty, so the pipeline answers 404 before any of them runs). Timers and agent rooms
 * reach the visitor through `push` and `deliver`: the history first, then the open sockets.
 */
export class WebchatDriver implements ChannelDriver<"webchat", never> {
  readonly type = "webchat";
  readonly kind = "chat";
  readonly capabilities = WEBCHAT_CAPABILITIES;
  readonly webhookPath = "webchat";
  readonly routes: readonly string[] = [];
  readonly conversations: WebchatConversations;

  constructor(store: Pick<Store, "db">, now?: () => number) {
    this.conversations = new WebchatConversations(new WebchatRepo(store.db, now), WEBCHAT_CAPABILITIES);
  }

  /** What the settings screen shows: the script to embed and the socket it opens. */
  webhookUrls(channel: WebchatChannel, publicUrl: string): Record<string, string> {
    return { widget: `${publicUrl}/widget.js`, socket: webchatSocketUrl(publicUrl, channel.id) };
  }

  verify(): boolean {
    return false;
  }

  parse(): ParseResult<never> {
    return { ok: false, message: "web chat has no webhooks: the widget connects to /ws/webchat/:channelId" };
  }

  async process(): Promise<Processed> {
    return { reply: json(404, "not_found", "web chat has no webhooks") };
  }

  failed(): WebhookReply {
    return json(500, "internal", "processing failed");
  }

  disabled(): WebhookReply {
    return json(403, "channel_disabled", "this web chat channel is disabled");
  }

  replay(body: string): WebhookReply {
    return { status: 200, contentType: "application/json", body };
  }

  async push(state: SessionState, effects: readonly Effect[], channel: WebchatChannel, context: DriverContext): Promise<void> {
    await this.conversations.push(state, effects, channel, context);
  }

  async deliver(delivery: RoomDelivery, channel: WebchatChannel, context: DriverContext): Promise<void> {
    await this.conversations.deliver(delivery, channel, context);
  }

  async check(channel: WebchatChannel): Promise<ChannelCheck> {
    const origins = channel.settings.allowedOrigins;
    if (origins.length === 0) return { ok: false, message: "List at least one origin allowed to embed the widget (settings.allowedOrigins)." };
    return { ok: true, message: `No provider to call: embed the widget on a page of ${origins.join(", ")}.` };
  }
}
