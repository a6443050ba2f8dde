import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { ChannelStatus } from "../channel-config";
import { hostUri, trunkUri } from "./outbound-sip-calls";
import type { SipRegistration, SipRegistrationStatus } from "./sip/sip-registration";
import type { SipUserAgent } from "./sip/sip-user-agent";
import type { SipTrunkChannel } from "./trunk-directory";

/** How often an IP-authenticated trunk is asked OPTIONS (keepalive and health). */
export const DEFAULT_OPTIONS_INTERVAL_MS = 30_000;
/** How long stopping waits for the registrar to confirm the un-REGISTER. */
const UNREGISTER_WAIT_MS = 2000;
/** OPTIONS that go unanswered in a row before the trunk is marked `error`. */
const MISSES_BEFORE_ERROR = 2;

export interface TrunkHealthDeps {
  ua: SipUserAgent;
  setStatus(status: ChannelStatus, message: string): void;
  /** The addresses the registrar and proxy resolve to while the trunk is registered (its INVITEs come from them). */
  registeredAddresses(addresses: readonly string[]): void;
  optionsIntervalMs?: number;
  /** REGISTER interval asked for, in seconds. */
  registerExpires?: number;
  log(line: string): void;
}

const hostOf = (host: string): string => host.replace(/:[0-9]+$/, "").replace(/^\[(.*)\]$/, "$1");

async function addressesOf(hosts: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const host of hosts) {
    const name = hostOf(host);
    if (isIP(name) !== 0) {
      found.add(name);
      continue;
    }
    try {
      for (const entry of await lookup(name, { all: true })) found.add(entry.address);
    } catch {
      // A name that does not resolve adds nothing.
    }
  }
  return [...found];
}

/**
 * Whether a trunk is there, shown as its channel's status: a trunk with a `registrar` registers
 * (digest with the channel's credentials, refreshed before expiry): `active` while registered,
 * `error` with the reason while it fails (retried on its own). A trunk authenticated by address is
 * asked OPTIONS every 30 s: `active` while it answers, `error` after two unanswered in a row
 * (unless `optionsKeepalive` is false: then it is `active` unchecked).
 */
export class TrunkHealth {
  private registration: SipRegistration | undefined;
  private timer: NodeJS.Timeout | undefined;
  private misses = 0;
  private stopped = false;

  constructor(
    private readonly channel: SipTrunkChannel,
    private readonly deps: TrunkHealthDeps,
  ) {}

  start(): void {
    const { registrar } = this.channel.settings;
    if (registrar !== undefined) this.register(registrar);
    else if (this.channel.settings.optionsKeepalive !== false) this.ping();
    else this.deps.setStatus("active", `Takes calls from ${(this.channel.settings.inboundAddresses ?? []).join(", ")}; the carrier is not asked OPTIONS (optionsKeepalive is off), so its health is not checked.`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const registration = this.registration;
    this.registration = undefined;
    // The un-REGISTER is a courtesy: a registrar that does not answer must not hold up a shutdown (Timer F is 32 s).
    await Promise.race([registration?.stop(), new Promise((resolve) => setTimeout(resolve, UNREGISTER_WAIT_MS).unref())]);
  }

  private register(registrar: string): void {
    const { channel, deps } = this;
    const { username, password } = channel.credentials;
    const { outboundProxy, domain } = channel.settings;
    const registration = deps.ua.register({
      registrar: hostUri(channel, registrar),
      aor: trunkUri(channel, username ?? channel.settings.numbers?.[0] ?? "switchboard"),
      ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
      transport: channel.settings.transport,
      ...(outboundProxy === undefined ? {} : { outboundProxy: hostUri(channel, outboundProxy) }),
      ...(deps.registerExpires === undefined ? {} : { expires: deps.registerExpires }),
    });
    this.registration = registration;
    const show = (status: SipRegistrationStatus) => {
      if (this.stopped) return;
      if (status.state === "registered") {
        const until = status.expiresAt === undefined ? "" : ` until ${new Date(status.expiresAt).toISOString()}`;
        deps.setStatus("active", `Registered with ${registrar}${until}.`);
        void addressesOf([registrar, ...(outboundProxy === undefined ? [] : [outboundProxy]), domain]).then((addresses) => {
          if (!this.stopped) deps.registeredAddresses([...addresses, ...(registration.destination === undefined ? [] : [registration.destination.address])]);
        });
      } else if (status.state === "failed") {
        deps.registeredAddresses([]);
        deps.setStatus("error", `Registration with ${registrar} failed: ${status.reason ?? `status ${status.status ?? "unknown"}`}. Retrying on its own.`);
      }
    };
    registration.on("status", show);
    show(registration.status);
  }

  private ping(): void {
    if (this.stopped) return;
    const { channel, deps } = this;
    const target = channel.settings.outboundProxy ?? channel.settings.domain;
    void deps.ua.options(hostUri(channel, target), { timeoutMs: 5000 }).then((result) => {
      if (this.stopped) return;
      // Any final answer but a timeout or an unreachable host means the carrier is there.
      if (result.status !== 408 && result.status !== 503) {
        this.misses = 0;
        deps.setStatus("active", `${target} answers OPTIONS (${result.status} ${result.reason}, ${Math.round(result.rttMs)} ms).`);
      } else if (++this.misses >= MISSES_BEFORE_ERROR) {
        deps.setStatus("error", `${target} does not answer OPTIONS (${result.status} ${result.reason}). Checking again every ${Math.round((deps.optionsIntervalMs ?? DEFAULT_OPTIONS_INTERVAL_MS) / 1000)} s.`);
      }
      this.timer = setTimeout(() => this.ping(), deps.optionsIntervalMs ?? DEFAULT_OPTIONS_INTERVAL_MS);
      this.timer.unref();
    });
  }
}
