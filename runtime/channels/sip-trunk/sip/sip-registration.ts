import { parseNameAddr } from "./name-addr";
import { DigestSession, type DigestCredentials } from "./sip-digest";
import type { SipDestination, SipTransportName } from "./sip-endpoint";
import { newCallId, newTag } from "./sip-ids";
import { getHeader, getHeaders, type SipResponse } from "./sip-message";
import { buildRequest } from "./sip-requests";
import { resolveSipUri } from "./sip-resolve";
import { after } from "./sip-timers";
import type { FinalResult, SipUaCore } from "./sip-ua-core";
import { parseSipUri, type SipUri } from "./sip-uri";
import { TypedEvents } from "./typed-events";

export interface SipRegistrationOptions {
  /** The registrar as a SIP URI (`sip:pbx.example.com`, `sip:192.0.2.7:5080;transport=tcp`): the Request-URI, and where REGISTER goes unless `outboundProxy` is set. */
  registrar: string;
  /** The address of record, in To and From (`sip:alice@pbx.example.com`). */
  aor: string;
  /** Digest credentials for 401/407 challenges. */
  credentials?: DigestCredentials;
  /** The registration interval asked for, in seconds (default 3600). A 423 raises it to the registrar's Min-Expires. */
  expires?: number;
  /** The transport when the registrar URI has no `transport=` (default `udp`). */
  transport?: SipTransportName;
  /** Send REGISTER through this proxy (a SIP URI) instead of to the registrar's address. */
  outboundProxy?: string;
  /** The user part of our Contact (default: the AOR's user, else the user agent's contact user). */
  contactUser?: string;
  /** Refresh this long before the binding expires, but never earlier than half-way (default 30 000 ms). */
  refreshMarginMs?: number;
  /** After a failure, try again after `firstMs`, doubling up to `maxMs` (default 5 s to 5 min); a Retry-After from the registrar wins when longer. */
  retry?: { firstMs: number; maxMs: number };
}

/**
 * Where a registration stands, for the channel to show: `registering` until the first answer,
 * `registered` (with `expiresAt`, ms since the epoch) while the binding holds, `failed` with the
 * reason (retried on its own, `retryAt`), `stopped` after `stop()`.
 */
export interface SipRegistrationStatus {
  state: "registering" | "registered" | "failed" | "stopped";
  reason?: string;
  /** The status code of the last final response (408 when none came, 503 when nothing could be sent). */
  status?: number;
  expiresAt?: number;
  /** When the next attempt after a failure is due (ms since the epoch). */
  retryAt?: number;
}

export type SipRegistrationEvents = {
  /** Every change of `status`, refreshes included (`expiresAt` moves on). */
  status: SipRegistrationStatus;
};

const DEFAULT_EXPIRES = 3600;
const DEFAULT_RETRY = { firstMs: 5000, maxMs: 300_000 };

function sameContact(a: SipUri, b: SipUri): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 5060) === (b.port ?? 5060) && (a.user ?? "") === (b.user ?? "");
}

function seconds(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || !/^\s*\d{1,10}\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * A binding with a registrar (RFC 3261 §10): REGISTER with our Contact and Expires, digest
 * challenges answered (401 and 407, `stale=true` retried with the new nonce, credentials sent up
 * front on refreshes), 423 answered with the registrar's Min-Expires, the binding refreshed before
 * it expires, failures retried with backoff, and an un-REGISTER (Expires: 0) on `stop()`. One
 * Call-ID for the registration's whole life, CSeq counted up (RFC 3261 §10.2.4).
 */
export class SipRegistration {
  readonly events = new TypedEvents<SipRegistrationEvents>();
  private current: SipRegistrationStatus = { state: "registering" };
  private readonly callId = newCallId();
  private readonly fromTag = newTag();
  private cseq = 0;
  private expires: number;
  private readonly digest: DigestSession | undefined;
  private readonly transport: SipTransportName;
  private readonly contactUser: string | undefined;
  private resolved: SipDestination | undefined;
  private stopTimer: (() => void) | undefined;
  private failures = 0;
  private stopped = false;
  /** Until when the registrar holds our binding (its last 2xx), ms since the epoch. */
  private boundUntil = 0;
  /** A REGISTER got no answer (or has none yet): the registrar may hold a binding we do not know of. */
  private unanswered = false;
  private attempting = false;

  constructor(
    private readonly ua: SipUaCore,
    private readonly options: SipRegistrationOptions,
  ) {
    this.expires = options.expires ?? DEFAULT_EXPIRES;
    this.digest = options.credentials ? new DigestSession(options.credentials) : undefined;
    const next = parseSipUri(options.outboundProxy ?? options.registrar);
    const fromUri = next.ok ? next.value.params.get("transport") : undefined;
    this.transport = fromUri === "tcp" || fromUri === "tls" || fromUri === "udp" ? fromUri : next.ok && next.value.scheme === "sips" ? "tls" : (options.transport ?? "udp");
    const aor = parseSipUri(options.aor);
    this.contactUser = options.contactUser ?? (aor.ok ? aor.value.user : undefined);
  }

  /** The registration's state now. */
  get status(): SipRegistrationStatus {
    return { ...this.current };
  }

  /** Where REGISTER goes, once resolved (the registrar's or proxy's address: its INVITEs can be trusted as the trunk's). */
  get destination(): SipDestination | undefined {
    return this.resolved;
  }

  on<K extends keyof SipRegistrationEvents>(event: K, listener: (value: SipRegistrationEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** @internal Sends the first REGISTER (`SipUserAgent.register` calls it). */
  start(): void {
    this.emit({ state: "registering" });
    void this.attempt();
  }

  /**
   * Stops refreshing and, when the registrar may hold our binding, removes it (REGISTER with
   * Expires: 0). Resolves with that request's final result (undefined when none was needed).
   */
  async stop(): Promise<FinalResult | undefined> {
    if (this.stopped) return undefined;
    this.stopped = true;
    this.stopTimer?.();
    this.stopTimer = undefined;
    const bound = this.boundUntil > Date.now() || this.unanswered || this.attempting;
    this.emit({ state: "stopped" });
    if (!bound) return undefined;
    const destination = this.resolved;
    if (!destination) return undefined;
    return this.exchange(destination, 0);
  }

  private emit(status: SipRegistrationStatus): void {
    this.current = status;
    this.events.emit("status", { ...status });
  }

  private schedule(ms: number, fire: () => void): void {
    this.stopTimer?.();
    this.stopTimer = after(ms, () => {
      this.stopTimer = undefined;
      fire();
    });
  }

  /** One registration (first, refresh or retry): resolve, REGISTER, and schedule what comes next. */
  private async attempt(): Promise<void> {
    if (this.stopped || this.attempting) return;
    this.attempting = true;
    try {
      const target = this.options.outboundProxy ?? this.options.registrar;
      try {
        this.resolved = await resolveSipUri(target, this.transport);
      } catch (error) {
        this.failed(503, error instanceof Error ? error.message : String(error), undefined);
        return;
      }
      if (this.stopped) return;
      const result = await this.exchange(this.resolved, this.expires);
      this.unanswered = result.response === undefined;
      if (this.stopped) return;
      const response = result.response?.message;
      if (result.status >= 200 && result.status < 300 && response?.kind === "response") this.registered(response);
      else this.failed(result.status, result.reason, response?.kind === "response" ? response : undefined);
    } finally {
      this.attempting = false;
    }
  }

  /**
   * REGISTER with `expires` until a final answer that is not a challenge we can meet or a 423 we
   * can follow: one challenge per exchange (more only with `stale=true`), Min-Expires honoured.
   */
  private async exchange(destination: SipDestination, expires: number): Promise<FinalResult> {
    let challenges = 0;
    let raised = 0;
    for (;;) {
      const result = await this.ua.request(this.build(destination, expires), destination);
      const response = result.response?.message;
      if (response?.kind !== "response") return result;
      if ((result.status === 401 || result.status === 407) && this.digest) {
        const accepted = this.digest.accept(response);
        if (!accepted.ok) return { ...result, reason: `${result.reason} (${accepted.error})` };
        if (challenges > 0 && !accepted.value.stale) return { ...result, reason: `${result.reason} (credentials refused)` };
        if (challenges >= 3) return result;
        challenges += 1;
        continue;
      }
      if (result.status === 423 && expires > 0) {
        const minimum = seconds(getHeader(response, "min-expires"));
        if (minimum === undefined || minimum <= expires || raised >= 2) return { ...result, reason: `${result.reason} (Min-Expires ${minimum ?? "missing"})` };
        raised += 1;
        expires = minimum;
        this.expires = minimum;
        continue;
      }
      return result;
    }
  }

  private build(destination: SipDestination, expires: number) {
    const local = this.ua.endpoint(destination.transport);
    const proxy = this.options.outboundProxy;
    this.cseq += 1;
    const headers: Array<[string, string]> = [["Expires", String(expires)]];
    const authorization = this.digest?.ready ? this.digest.authorize("REGISTER", this.options.registrar) : undefined;
    if (authorization) headers.push([authorization.name, authorization.value]);
    return buildRequest({
      method: "REGISTER",
      uri: this.options.registrar,
      local,
      from: { uri: this.options.aor, tag: this.fromTag },
      to: { uri: this.options.aor },
      callId: this.callId,
      cseq: this.cseq,
      contact: this.ua.contact(destination.transport, this.contactUser),
      routes: proxy === undefined ? [] : [/;lr\b/.test(proxy) ? `<${proxy}>` : `<${proxy};lr>`],
      headers,
      userAgent: this.ua.userAgent,
    });
  }

  /** The interval the registrar granted: our Contact's `expires`, else Expires, else what we asked. */
  private granted(response: SipResponse, destination: SipDestination): number {
    const ours = parseNameAddr(this.ua.contact(destination.transport, this.contactUser));
    for (const value of getHeaders(response, "contact")) {
      const contact = parseNameAddr(value);
      if (!contact.ok || !ours.ok || !sameContact(contact.value.uri, ours.value.uri)) continue;
      const fromContact = seconds(contact.value.params.get("expires"));
      if (fromContact !== undefined) return fromContact;
    }
    return seconds(getHeader(response, "expires")) ?? this.expires;
  }

  private registered(response: SipResponse): void {
    const destination = this.resolved;
    if (!destination) return;
    const granted = this.granted(response, destination);
    if (granted <= 0) {
      this.boundUntil = 0;
      this.failed(response.status, "the registrar granted no time (Expires: 0)", response);
      return;
    }
    this.failures = 0;
    const lifetimeMs = granted * 1000;
    this.boundUntil = Date.now() + lifetimeMs;
    const margin = Math.min(lifetimeMs / 2, this.options.refreshMarginMs ?? 30_000);
    this.emit({ state: "registered", status: response.status, expiresAt: Date.now() + lifetimeMs });
    this.schedule(lifetimeMs - margin, () => void this.attempt());
  }

  private failed(status: number, reason: string, response: SipResponse | undefined): void {
    this.failures += 1;
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const backoff = Math.min(retry.firstMs * 2 ** Math.min(this.failures - 1, 20), retry.maxMs);
    const retryAfter = response ? seconds(getHeader(response, "retry-after")?.split(/[;(]/)[0]) : undefined;
    const delay = retryAfter === undefined ? backoff : Math.max(backoff, retryAfter * 1000);
    this.emit({ state: "failed", status, reason: `${status} ${reason}`, retryAt: Date.now() + delay });
    this.schedule(delay, () => void this.attempt());
  }
}
