import type { MediaCalls } from "../../media/calls/media-calls";
import type { ChannelCheck, ChannelDriver } from "../channel-driver";
import type { ChannelOf } from "../channel-config";
import { MediaPlaneDriver } from "../media-plane-driver";
import type { SipConfig } from "./sip-config";

type SipTrunkChannel = ChannelOf<"sip_trunk">;

/**
 * The SIP trunk channel as the channel runtime sees it: no webhooks (calls arrive over SIP at
 * `SipTrunks`, and `MediaCalls` runs them: `MediaPlaneDriver`); the connect step says where the
 * carrier sends its calls and which ports to open.
 */
export class SipTrunkDriver extends MediaPlaneDriver implements ChannelDriver<"sip_trunk", never> {
  readonly type = "sip_trunk";
  readonly webhookPath = "sip";

  constructor(
    calls: MediaCalls | undefined,
    private readonly sip: SipConfig | undefined,
    private readonly rtpPorts?: { min: number; max: number },
  ) {
    super(calls, "SIP trunk", "calls arrive over SIP");
  }

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
