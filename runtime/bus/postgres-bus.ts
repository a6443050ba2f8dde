import postgres from "postgres";
import type { Bus, BusDelivery, BusHealth, BusMessage, BusSubscribeOptions } from "./bus";
import { checkTopic, sealEnvelope } from "./bus-envelope";
import { PROBE_TOPIC, RoundTripProbe } from "./round-trip-probe";
import { Subscribers } from "./subscribers";
import { withTimeout } from "./with-timeout";

export interface PostgresBusOptions {
  url: string;
  instanceId: string;
  /** Bound on a publish, a LISTEN and a health probe (ms). Default 3,000. */
  timeoutMs?: number;
  /** A subscriber that threw. Default: console.error. */
  onError?: (error: unknown) => void;
}

/** Re-LISTENs this close together are one reconnect. */
const GAP_SETTLE_MS = 50;

/** The PostgreSQL channel of a topic (quoted by postgres.js; at most 52 of the 63 bytes allowed). */
const channelOf = (topic: string) => `switchboard.${topic}`;

/**
 * The bus over PostgreSQL LISTEN/NOTIFY (postgres.js). Two connections per instance: one publishing
 * (`max: 1`, so this instance's NOTIFYs reach the server, pipelined, in the order published) and the
 * dedicated listening connection postgres.js keeps for `sql.listen`. When the listening connection
 * drops, postgres.js reconnects and LISTENs again; each (re)LISTEN after the first is reported to the
 * topic's subscribers as a gap. A topic is listened to from its first subscription until `close()`
 * (postgres.js cannot UNLISTEN reliably after it re-listened), so unsubscribing only drops the handler.
 */
export class PostgresBus implements Bus {
  readonly kind = "postgres";
  readonly instanceId: string;
  private readonly sql: postgres.Sql;
  private readonly subscribers: Subscribers;
  private readonly listening = new Map<string, Promise<void>>();
  private readonly generations = new Map<string, number>();
  private readonly gapTimers = new Map<string, NodeJS.Timeout>();
  private readonly probe: RoundTripProbe;
  private readonly timeoutMs: number;

  private constructor(options: PostgresBusOptions) {
    this.instanceId = options.instanceId;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.subscribers = new Subscribers(options.instanceId, options.onError ?? ((error) => console.error("bus: a subscriber failed", error)));
    this.sql = postgres(options.url, {
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(this.timeoutMs / 1000)),
      onnotice: () => {},
      // Reconnect like the Redis bus (100 ms more per failed attempt, at most 2 s) rather than
      // postgres.js's default (3^n/100 s, up to 20 s): every second away is events missed.
      backoff: (retries) => Math.min(0.1 * retries, 2),
      connection: { application_name: `switchboard-bus ${options.instanceId}`.slice(0, 63) },
    });
    this.probe = new RoundTripProbe((topic, message) => this.publish(topic, message), this.timeoutMs);
  }

  /** Connects and listens for its own probes; rejects with `BusUnavailable` when PostgreSQL cannot be reached. */
  static async open(options: PostgresBusOptions): Promise<PostgresBus> {
    const bus = new PostgresBus(options);
    try {
      await bus.subscribe(PROBE_TOPIC, bus.probe.handle);
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    const text = sealEnvelope(topic, message, this.instanceId);
    await withTimeout(this.kind, `NOTIFY on "${topic}"`, this.timeoutMs, this.sql.notify(channelOf(topic), text));
  }

  async subscribe(topic: string, handler: (delivery: BusDelivery) => void, options?: BusSubscribeOptions): Promise<() => Promise<void>> {
    const remove = this.subscribers.add(checkTopic(topic), handler, options);
    try {
      await this.listen(topic);
    } catch (error) {
      remove();
      throw error;
    }
    return async () => remove();
  }

  /**
   * LISTENs once per topic. A LISTEN that failed is tried again by the next subscription; postgres.js
   * may still hold the failed one's listener and bring it back at its next reconnect, so only the
   * topic's latest listener (its generation) delivers.
   */
  private listen(topic: string): Promise<void> {
    const known = this.listening.get(topic);
    if (known !== undefined) return known;
    const generation = (this.generations.get(topic) ?? 0) + 1;
    this.generations.set(topic, generation);
    const current = () => this.generations.get(topic) === generation;
    let listens = 0;
    const listened = this.sql.listen(
      channelOf(topic),
      (payload) => {
        if (current()) this.subscribers.deliver(topic, payload);
      },
      () => {
        listens += 1;
        if (listens > 1 && current()) this.gapSoon(topic);
      },
    );
    const bounded = withTimeout(this.kind, `LISTEN on "${topic}"`, this.timeoutMs, listened).then(
      () => undefined,
      (error: unknown) => {
        if (this.listening.get(topic) === bounded) this.listening.delete(topic);
        throw error;
      },
    );
    this.listening.set(topic, bounded);
    return bounded;
  }

  /**
   * Reports one gap per reconnect: after an outage postgres.js may LISTEN several times over (a retry
   * per failed connection attempt), all answered at once when the server is back.
   */
  private gapSoon(topic: string): void {
    if (this.gapTimers.has(topic)) return;
    this.gapTimers.set(
      topic,
      setTimeout(() => {
        this.gapTimers.delete(topic);
        this.subscribers.gap(topic);
      }, GAP_SETTLE_MS),
    );
  }

  async health(): Promise<BusHealth> {
    return this.probe.health(this.kind, () => this.lagSeconds());
  }

  lagSeconds(): number {
    return this.subscribers.lagSeconds();
  }

  async close(): Promise<void> {
    for (const timer of this.gapTimers.values()) clearTimeout(timer);
    this.gapTimers.clear();
    await this.sql.end({ timeout: 1 });
  }
}
