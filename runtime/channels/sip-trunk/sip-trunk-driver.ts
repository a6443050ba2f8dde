import type { Effect, SessionState } from "../../engine/index";
import type { MediaCalls } from "../../media/calls/media-calls";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, ParseResult, Processed, WebhookReply } from "../channel-driver";
import type { ChannelOf } from "../channel-config";
import { voiceInputBackstopMs } from "../voice-input-backstop";
import type { SipConfig } from "./sip-config";

export const SIP_TRUNK_CAPABILITIES: ChannelCapabilities = { voice: true, dtmf: true, speech: false, buttons: false, freeText: false };

type SipTrunkChannel = ChannelOf<"sip_trunk">;

const json = (status: number, code: string, message: string): WebhookReply => ({ status, contentType: "application/json", body: JSON.stringify({ error: { code, message, details: null } }) });

/**
 * The SIP trunk channel as the channel runtime sees it: no webhooks (calls arrive over SIP at
 * `SipTrunks`), effects of timers and agent rooms reach the call through `push`, and the connect
 * step says where the carrier sends its calls. Menus take RFC 4733 keys; speech is not recognised
 * on this channel yet (the validator warns `channel_unsupported`).
 */
export class SipTrunkDriver implements ChannelDriver<"sip_trunk", never> {
  readonly type = "sip_trunk";
  readonly kind = "voice";
  readonly capabilities = SIP_TRUNK_CAPABILITIES;
  readonly webhookPath = "sip";
  readonly routes: readonly string[] = [];

  constructor(
    private readonly calls: MediaCalls | undefined,
    private readonly sip: SipConfig | undefined,
    private readonly rtpPorts?: { min: number; max: number },
  ) {}

  /**
   * What to give the carrier: `sip` (our URI over UDP, or TCP for a TCP trunk), `sips` (over TLS,
   * when the server has a certificate) and `rtp` (the UDP port range to open for media).
   */
  webhookUrls(channel: SipTrunkChannel): Record<string, string> {
    const sip = this.sip;
    if (sip === undefined) return {};
    const host = sip.advertisedHost ?? (sip.host === "0.0.0.0" || sip.host === "::" ? "<this server's address>" : sip.host);
    const urls: Record<string, string> = { sip: `sip:${host}:${sip.port}${channel.settings.transport === "tcp" ? ";transport=tcp" : ""}` };
    if (sip.tls !== undefined) urls.sips = `sips:${host}:${sip.tls.port}`;
    if (this.rtpPorts !== undefined) urls.rtp = `${this.rtpPorts.min}-${this.rtpPorts.max}`;
    return urls;
  }

  verify(): boolean {
    return false;
  }

  parse(): ParseResult<never> {
    return { ok: false, message: "SIP trunks have no webhooks: calls arrive over SIP" };
  }

  async process(): Promise<Processed> {
    return { reply: json(404, "not_found", "SIP trunks have no webhooks") };
  }

  failed(): WebhookReply {
    return json(500, "internal", "processing failed");
  }

  disabled(): WebhookReply {
    return json(403, "channel_disabled", "this SIP trunk is disabled");
  }

  replay(body: string): WebhookReply {
    return { status: 200, contentType: "application/json", body };
  }

  /** Prompts play before the silence is timed (by the media plane): the runner's timer is a backstop. */
  inputTimerMs(effects: readonly Effect[], collect: Extract<Effect, { type: "collect" }>): number {
    return voiceInputBackstopMs(effects, collect);
  }

  async push(state: SessionState, effects: readonly Effect[]): Promise<void> {
    this.calls?.push(state, effects);
  }

  async check(channel: SipTrunkChannel): Promise<ChannelCheck> {
    if (this.calls === undefined || this.sip === undefined) return { ok: false, message: "The media plane or the SIP endpoint is not running on this server." };
    const { registrar, inboundAddresses } = channel.settings;
    const how = registrar !== undefined ? `registers with ${registrar}` : `takes calls from ${(inboundAddresses ?? []).join(", ")}`;
    const urls = this.webhookUrls(channel);
    const target = channel.settings.transport === "tls" ? urls.sips : urls.sip;
    if (target === undefined) return { ok: false, message: "This trunk uses TLS, but the server has no certificate: set SIP_TLS_CERT and SIP_TLS_KEY (PEM files)." };
    return { ok: true, message: `The trunk ${how}; its carrier sends calls to ${target}.` };
  }
}
