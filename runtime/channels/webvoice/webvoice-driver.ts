import type { Effect, SessionState } from "../../engine/index";
import type { MediaCalls } from "../../media/calls/media-calls";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, ParseResult, Processed, WebhookReply } from "../channel-driver";
import type { ChannelOf } from "../channel-config";
import { voiceInputBackstopMs } from "../voice-input-backstop";

export const WEBVOICE_CAPABILITIES: ChannelCapabilities = { voice: true, dtmf: true, speech: false, buttons: false, freeText: false };

type WebvoiceChannel = ChannelOf<"webvoice">;

const json = (status: number, code: string, message: string): WebhookReply => ({ status, contentType: "application/json", body: JSON.stringify({ error: { code, message, details: null } }) });

/** The signalling socket for a public base URL: http → ws, https → wss. */
export function webvoiceSocketUrl(publicUrl: string, channelId: string): string {
  return `${publicUrl.replace(/^http/, "ws")}/ws/webvoice/${encodeURIComponent(channelId)}`;
}

/**
 * The browser voice channel: calls from the widget's Call button run the channel's flow on the
 * media plane. No webhooks: the widget signals over `/ws/webvoice/:channelId`
 * (`webvoice-socket.ts`) and `MediaCalls` runs the call. Effects of timers and agent rooms reach
 * the call through `push`. Menus take keys (RFC 4733 from the widget's keypad); speech input is
 * not recognised on this channel yet (the validator warns `channel_unsupported`).
 */
export class WebvoiceDriver implements ChannelDriver<"webvoice", never> {
  readonly type = "webvoice";
  readonly kind = "voice";
  readonly capabilities = WEBVOICE_CAPABILITIES;
  readonly webhookPath = "webvoice";
  readonly routes: readonly string[] = [];

  constructor(private readonly calls: MediaCalls | undefined) {}

  webhookUrls(channel: WebvoiceChannel, publicUrl: string): Record<string, string> {
    return { widget: `${publicUrl}/widget.js`, socket: webvoiceSocketUrl(publicUrl, channel.id) };
  }

  verify(): boolean {
    return false;
  }

  parse(): ParseResult<never> {
    return { ok: false, message: "browser voice has no webhooks: the widget connects to /ws/webvoice/:channelId" };
  }

  async process(): Promise<Processed> {
    return { reply: json(404, "not_found", "browser voice has no webhooks") };
  }

  failed(): WebhookReply {
    return json(500, "internal", "processing failed");
  }

  disabled(): WebhookReply {
    return json(403, "channel_disabled", "this voice channel is disabled");
  }

  replay(body: string): WebhookReply {
    return { status: 200, contentType: "application/json", body };
  }

  /** The call plays its prompts before the silence is timed (by the media plane): the runner's timer is a backstop. */
  inputTimerMs(effects: readonly Effect[], collect: Extract<Effect, { type: "collect" }>): number {
    return voiceInputBackstopMs(effects, collect);
  }

  async push(state: SessionState, effects: readonly Effect[]): Promise<void> {
    this.calls?.push(state, effects);
  }

  async check(channel: WebvoiceChannel): Promise<ChannelCheck> {
    const origins = channel.settings.allowedOrigins;
    if (origins.length === 0) return { ok: false, message: "List at least one origin allowed to embed the widget (settings.allowedOrigins)." };
    if (this.calls === undefined) return { ok: false, message: "The media plane is not running on this server." };
    return { ok: true, message: `No provider to call: embed the widget with data-voice-channel on a page of ${origins.join(", ")}.` };
  }
}
