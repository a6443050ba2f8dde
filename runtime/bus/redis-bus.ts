import { Redis } from "ioredis";
import type { Bus, BusDelivery, BusHealth, BusMessage, BusSubscribeOptions } from "./bus";
import { checkTopic, sealEnvelope } from "./bus-envelope";
import { BusUnavailable } from "./bus-errors";
import { PROBE_TOPIC, RoundTripProbe } from "./round-trip-probe";
import { Subscribers } from "./subscribers";
import { withTimeout } from "./with-timeout";

export interface RedisBusOptions {
  /** `redis://[user:password@]host:6379[/db]` (`rediss://` for TLS). */
  url: string;
  instanceId: string;
  /** Bound on a publish, a SUBSCRIBE, a health probe and the first connection (ms). Default 3,000. */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

const channelOf = (topic: string) => `switchboard.${topic}`;
const PREFIX = "switchboard.";

/**
 * The bus over Redis pub/sub (ioredis). Two connections per instance, as Redis requires: one that
 * publishes (no offline queue, so a publish while Redis is away rejects at once instead of waiting
 * for a reconnect) and one subscribed. ioredis reconnects both by itself (every 100 ms, backing off
 * to 2 s) and re-subscribes; once the subscriptions are confirmed again, every topic's subscribers are
 * told of the gap.
 */
export class RedisBus implements Bus {
  readonly kind = "redis";
  readonly instanceId: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly subscribers: Subscribers;
  private readonly probe: RoundTripProbe;
  private readonly timeoutMs: number;
  private readonly listened = new Set<string>();
  private lastError: string | undefined;
  private everReady = false;
  private closing = false;

  private constructor(options: RedisBusOptions) {
    this.instanceId = options.instanceId;
    this.timeoutMs = options.timeoutMs ?? 3000;
    const onError = options.onError ?? ((error) => console.error("bus: a subscriber failed", error));
    this.subscribers = new Subscribers(options.instanceId, onError);
    const common = {
      lazyConnect: true,
      connectTimeout: this.timeoutMs,
      connectionName: `switchboard-bus-${options.instanceId}`.replace(/[^\w.-]/g, "_"),
      retryStrategy: (times: number) => Math.min(times * 100, 2000),
    };
    this.publisher = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.subscriber = new Redis(options.url, { ...common, autoResubscribe: true });
    for (const client of [this.publisher, this.subscriber]) client.on("error", (error: Error) => (this.lastError = error.message));
    this.subscriber.on("message", (channel: string, text: string) => {
      if (channel.startsWith(PREFIX)) this.subscribers.deliver(channel.slice(PREFIX.length), text);
    });
    this.subscriber.on("ready", () => {
      if (!this.everReady) {
        this.everReady = true;
        return;
      }
      // ioredis re-subscribes right after "ready"; SUBSCRIBE again (idempotent) and report the gap once Redis confirmed it.
      const channels = [...this.listened].map(channelOf);
      if (channels.length === 0) return;
      this.subscriber.subscribe(...channels).then(
        () => {
          for (const topic of this.listened) this.subscribers.gap(topic);
        },
        (error: unknown) => (this.lastError = error instanceof Error ? error.message : String(error)),
      );
    });
    this.probe = new RoundTripProbe((topic, message) => this.publish(topic, message), this.timeoutMs);
  }

  /** Connects both clients and listens for its own probes; rejects with `BusUnavailable` when Redis cannot be reached. */
  static async open(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options);
    try {
      await withTimeout(bus.kind, "connecting", bus.timeoutMs, Promise.all([bus.publisher.connect(), bus.subscriber.connect()]));
      await bus.subscribe(PROBE_TOPIC, bus.probe.handle);
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    const text = sealEnvelope(topic, message, this.instanceId);
    if (this.publisher.status !== "ready") throw new BusUnavailable(this.kind, `not connected to Redis (${this.publisher.status}${this.lastError === undefined ? "" : `: ${this.lastError}`})`);
    await withTimeout(this.kind, `PUBLISH on "${topic}"`, this.timeoutMs, this.publisher.publish(channelOf(topic), text));
  }

  async subscribe(topic: string, handler: (delivery: BusDelivery) => void, options?: BusSubscribeOptions): Promise<() => Promise<void>> {
    const remove = this.subscribers.add(checkTopic(topic), handler, options);
    if (!this.listened.has(topic)) {
      try {
        await withTimeout(this.kind, `SUBSCRIBE to "${topic}"`, this.timeoutMs, this.subscriber.subscribe(channelOf(topic)));
      } catch (error) {
        remove();
        throw error;
      }
      this.listened.add(topic);
    }
    return async () => remove();
  }

  async health(): Promise<BusHealth> {
    if (this.subscriber.status !== "ready") {
      return { kind: this.kind, reachable: false, lagSeconds: this.lagSeconds(), error: `listening connection ${this.subscriber.status}${this.lastError === undefined ? "" : `: ${this.lastError}`}` };
    }
    return this.probe.health(this.kind, () => this.lagSeconds());
  }

  lagSeconds(): number {
    return this.subscribers.lagSeconds();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
