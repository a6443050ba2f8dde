import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { type ApiError, type ErrorStatus, fieldError } from "../../http/api-error";
import { NO_SIP_TRUNK, type Dialer } from "../../media/calls/call-dials";
import type { CallChannel, CallMode, MediaCalls } from "../../media/calls/media-calls";
import type { ChannelService } from "../channel-service";
import { InboundSipCalls } from "./inbound-sip-calls";
import { OutboundSipCalls } from "./outbound-sip-calls";
import type { SipConfig } from "./sip-config";
import { SipMediaLinks } from "./sip-media-links";
import { SipTransport, type AdmitDecision, type StartLinePeek } from "./sip/sip-transport";
import type { SipSource } from "./sip/sip-endpoint";
import { SipUserAgent } from "./sip/sip-user-agent";
import { TrunkDirectory, type SipTrunkChannel } from "./trunk-directory";
import { TrunkHealth } from "./trunk-health";

export interface SipTrunksDeps {
  config: SipConfig;
  channels: ChannelService;
  calls: MediaCalls;
  log(line: string): void;
  /** OPTIONS interval for IP-authenticated trunks (tests shorten it). */
  optionsIntervalMs?: number;
  /** How long a placed call rings before it is cancelled. */
  ringTimeoutMs?: number;
  /** REGISTER interval asked for, in seconds. */
  registerExpires?: number;
}

/** In-dialog requests a stranger may send: answered 481 by the user agent when there is no such dialog, keeping no state. */
const IN_DIALOG = new Set(["ACK", "BYE", "CANCEL"]);

type SipCallErrorCode = "channel_not_found" | "channel_disabled" | "not_a_sip_trunk" | "sip_unavailable";
const CALL_ERROR_STATUS = { channel_not_found: 404, not_a_sip_trunk: 422, channel_disabled: 409, sip_unavailable: 503 } as const satisfies Record<SipCallErrorCode, ErrorStatus>;

/** Why a call could not be placed through a trunk: an API error naming `body.channelId`. */
const sipCallError = (code: SipCallErrorCode, message: string): ApiError => fieldError(CALL_ERROR_STATUS[code], code, "body.channelId", message);

/**
 * The runtime's SIP endpoint and its trunks. Off until an enabled `sip_trunk` channel exists; then
 * one transport (UDP and TCP on SIP_HOST:SIP_PORT, TLS on SIP_TLS_PORT when a certificate is
 * configured) and one user agent serve every trunk. Strangers are refused before parsing (INVITE:
 * 403 statelessly; anything else dropped; one counter each), carriers' INVITEs become calls on the
 * media plane, placed calls go out through the trunk, and each trunk's registration or OPTIONS
 * health shows as its channel's status. Follows the channels as admins change them.
 */
export class SipTrunks implements Dialer {
  readonly directory = new TrunkDirectory();
  readonly links: SipMediaLinks;
  readonly inbound: InboundSipCalls;
  private readonly outbound: OutboundSipCalls;
  private transport: SipTransport | undefined;
  private ua: SipUserAgent | undefined;
  private readonly health = new Map<string, { key: string; health: TrunkHealth }>();
  private syncing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(private readonly deps: SipTrunksDeps) {
    this.links = new SipMediaLinks(deps.calls);
    this.inbound = new InboundSipCalls({ directory: this.directory, calls: deps.calls, links: this.links, log: deps.log });
    this.outbound = new OutboundSipCalls({ ua: () => this.ua, calls: deps.calls, links: this.links, log: deps.log, ...(deps.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: deps.ringTimeoutMs }) });
  }

  /** Reads the trunks and follows their changes. */
  async start(): Promise<void> {
    this.unsubscribe = this.deps.channels.onChanged(() => void this.sync());
    await this.sync();
  }

  /** Where the endpoint listens (undefined while no trunk is enabled). */
  get ports(): { udp: number; tcp: number; tls: number } | undefined {
    return this.transport?.ports;
  }

  /** The user agent (tests, health): undefined while off. */
  get userAgent(): SipUserAgent | undefined {
    return this.ua;
  }

  /** The transport's counters (scanners, malformed messages, rate limiting). */
  get transportCounters(): SipTransport["counters"] | undefined {
    return this.transport?.counters;
  }

  /** Brings the endpoint and each trunk's health in line with the stored channels. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.reconcile()).catch((error: unknown) => this.deps.log(`sip: ${error instanceof Error ? error.message : String(error)}`));
    return this.syncing;
  }

  /** The trunk a call may be placed through now; a refusal naming body.channelId says why not. */
  async trunk(channelId: string): Promise<SipTrunkChannel> {
    await this.syncing;
    const record = await this.deps.channels.getRecord(channelId);
    if (record === undefined) throw sipCallError("channel_not_found", `channel ${channelId} does not exist`);
    if (record.type !== "sip_trunk") throw sipCallError("not_a_sip_trunk", `channel ${record.name} is a ${record.type} channel, not a SIP trunk`);
    if (!record.enabled) throw sipCallError("channel_disabled", `channel ${record.name} is disabled`);
    const channel = this.directory.get(channelId);
    if (channel === undefined || this.ua === undefined) throw sipCallError("sip_unavailable", `the SIP endpoint is not running (${record.statusMessage ?? "see the channel's status"})`);
    return channel;
  }

  /** The first enabled trunk (a room's phone participant when the room is not on a trunk). */
  async anyTrunk(): Promise<SipTrunkChannel | undefined> {
    await this.syncing;
    return this.directory.channels[0];
  }

  /** A call out through a trunk (an agent's, an integrator's, a room's invited phone participant). */
  async place(input: { channelId: string; to: string; mode: CallMode; ringTimeoutMs?: number }): Promise<{ callId: string; channel: SipTrunkChannel }> {
    const channel = await this.trunk(input.channelId);
    const { callId } = await this.outbound.place({ channel, to: input.to, mode: input.mode, ...(input.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: input.ringTimeoutMs }) });
    return { callId, channel };
  }

  /**
   * A dial node's call from a media-plane call (`via`: the caller's channel): out through the
   * caller's own trunk when they came in on one, else the first enabled trunk; none: NO_SIP_TRUNK.
   */
  async dial(input: { via: CallChannel; to: string; callerId?: string; ringTimeoutMs: number; placed(callId: string): void }): Promise<{ callId: string }> {
    await this.syncing;
    const channel = (input.via.type === "sip_trunk" ? this.directory.get(input.via.id) : undefined) ?? this.directory.channels[0];
    if (channel === undefined || this.ua === undefined) throw new Error(NO_SIP_TRUNK);
    const to = dialTarget(input.to);
    return this.outbound.place({ channel, to, mode: "dial", ringTimeoutMs: input.ringTimeoutMs, placed: input.placed, ...(input.callerId === undefined ? {} : { callerId: input.callerId }) });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    await this.syncing;
    await this.stopEndpoint();
  }

  private async reconcile(): Promise<void> {
    if (this.closed) return;
    const trunks: SipTrunkChannel[] = [];
    for (const record of await this.deps.channels.listRecords()) {
      if (record.type !== "sip_trunk" || !record.enabled) continue;
      let channel;
      try {
        channel = this.deps.channels.open(record);
      } catch (error) {
        await this.deps.channels.setStatus(record.id, "error", `its credentials cannot be opened with this server's key: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (channel.type === "sip_trunk") trunks.push(channel);
    }
    this.directory.set(trunks);
    if (trunks.length === 0) {
      await this.stopEndpoint();
      return;
    }
    if (this.ua === undefined) {
      const started = await this.startEndpoint();
      if (!started.ok) {
        for (const trunk of trunks) await this.deps.channels.setStatus(trunk.id, "error", started.message);
        return;
      }
    }
    await this.followHealth(trunks);
  }

  private async followHealth(trunks: readonly SipTrunkChannel[]): Promise<void> {
    const ua = this.ua;
    if (ua === undefined) return;
    const wanted = new Map(trunks.map((trunk) => [trunk.id, trunk]));
    for (const [id, entry] of this.health) {
      const trunk = wanted.get(id);
      if (trunk === undefined || healthKey(trunk) !== entry.key) {
        this.health.delete(id);
        await entry.health.stop();
      }
    }
    for (const trunk of trunks) {
      if (this.health.has(trunk.id)) continue;
      if (trunk.settings.transport === "tls" && this.deps.config.tls === undefined) {
        await this.deps.channels.setStatus(trunk.id, "error", "This trunk uses TLS, but the server has no certificate: set SIP_TLS_CERT and SIP_TLS_KEY (PEM files).");
        continue;
      }
      const health = new TrunkHealth(trunk, {
        ua,
        setStatus: (status, message) => void this.deps.channels.setStatus(trunk.id, status, message).catch(() => undefined),
        registeredAddresses: (addresses) => this.directory.setRegisteredAddresses(trunk.id, addresses),
        log: this.deps.log,
        optionsIntervalMs: this.deps.optionsIntervalMs ?? this.deps.config.optionsIntervalMs,
        ...(this.deps.registerExpires === undefined ? {} : { registerExpires: this.deps.registerExpires }),
      });
      this.health.set(trunk.id, { key: healthKey(trunk), health });
      health.start();
    }
  }

  private async startEndpoint(): Promise<{ ok: true } | { ok: false; message: string }> {
    const { config } = this.deps;
    try {
      this.transport = await SipTransport.start({
        host: config.host,
        port: config.port,
        ...(config.tls === undefined ? {} : { tls: config.tls }),
        ...(config.tlsCaFile === undefined ? {} : { tlsClient: { ca: [...rootCertificates, readFileSync(config.tlsCaFile, "utf8")].join("\n") } }),
        admit: (source, start) => this.admit(source, start),
        ...(config.requestsPerMinute > 0 ? { rateLimit: { limit: config.requestsPerMinute, windowMs: 60_000 } } : {}),
        onEvent: (event) => this.deps.log(`sip: ${event.kind}${"error" in event ? `: ${event.error}` : ""}`),
      });
    } catch (error) {
      const message = `The SIP endpoint could not listen on ${config.host}:${config.port}${config.tls === undefined ? "" : ` (TLS ${config.tls.port})`}: ${error instanceof Error ? error.message : String(error)}. Set SIP_HOST / SIP_PORT.`;
      this.deps.log(`sip: ${message}`);
      return { ok: false, message };
    }
    const ua = new SipUserAgent(this.transport, { ...(config.advertisedHost === undefined ? {} : { advertisedHost: config.advertisedHost }) });
    ua.onInvite(this.inbound.take);
    ua.onReinvite((call, offer) => this.links.reinvite(call, offer.sdp));
    this.ua = ua;
    const { udp, tcp, tls } = this.transport.ports;
    this.deps.log(`sip: listening on ${config.host} (UDP ${udp}, TCP ${tcp}${config.tls === undefined ? "" : `, TLS ${tls}`})`);
    return { ok: true };
  }

  private async stopEndpoint(): Promise<void> {
    for (const entry of this.health.values()) await entry.health.stop();
    this.health.clear();
    const ua = this.ua;
    const transport = this.transport;
    this.ua = undefined;
    this.transport = undefined;
    await ua?.close();
    await transport?.close();
  }

  /** The transport's check before parsing: carriers in, strangers' INVITEs refused statelessly, the rest of a scan dropped. */
  private admit(source: SipSource, start: StartLinePeek): AdmitDecision {
    if (start.kind === "response") return "accept";
    // A trunk's carrier is not rate-limited (a busy SBC sends many INVITEs a second from one address).
    if (this.directory.knows(source.address)) return "trusted";
    if (start.method === "INVITE") return { refuse: 403, reason: "Forbidden" };
    return IN_DIALOG.has(start.method) ? "accept" : "drop";
  }
}

/**
 * What a dial node's `to` calls on a trunk: a `sip:`/`sips:` address as it is, else a number (an
 * E.164 number or a PBX extension: digits, `*`, `#`, a leading `+`) without visual separators.
 * Anything else is refused, saying why (a From/Request-URI cannot carry it).
 */
function dialTarget(to: string): string {
  const trimmed = to.trim();
  if (/^sips?:/i.test(trimmed)) {
    if (/^sips?:[^\s@<>"]+@[^\s@<>"]+$/i.test(trimmed)) return trimmed;
    throw new Error(`${JSON.stringify(trimmed.slice(0, 80))} is not a SIP address (sip:user@host)`);
  }
  const number = trimmed.replace(/[\s().-]/g, "");
  if (/^\+?[0-9*#]{1,32}$/.test(number)) return number;
  throw new Error(`${JSON.stringify(trimmed.slice(0, 80))} is neither a phone number nor a sip: address`);
}

/** What a trunk's health depends on: a change restarts its registration or OPTIONS. */
function healthKey(trunk: SipTrunkChannel): string {
  return JSON.stringify({ credentials: trunk.credentials, settings: trunk.settings });
}
