import type { Bus, BusDelivery, BusHealth, BusMessage, BusSubscribeOptions } from "./bus";
import { checkTopic, sealEnvelope } from "./bus-envelope";
import { BusUnavailable } from "./bus-errors";
import { PROBE_TOPIC, RoundTripProbe } from "./round-trip-probe";
import { Subscribers } from "./subscribers";

/**
 * The bus of one instance (the default, on SQLite): messages go to this process's subscribers only,
 * after `publish` returns (in a microtask, in order), through the same JSON envelope and size cap as
 * the engine buses, so code written against it behaves the same on PostgreSQL or Redis.
 */
export class InProcessBus implements Bus {
  readonly kind = "in-process";
  private readonly subscribers: Subscribers;
  private readonly probe: RoundTripProbe;
  private closed = false;

  constructor(
    readonly instanceId: string,
    onError: (error: unknown) => void = (error) => console.error("bus: a subscriber failed", error),
  ) {
    this.subscribers = new Subscribers(instanceId, onError);
    this.probe = new RoundTripProbe((topic, message) => this.publish(topic, message), 1000);
    this.subscribers.add(PROBE_TOPIC, this.probe.handle);
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    const text = sealEnvelope(topic, message, this.instanceId);
    if (this.closed) throw new BusUnavailable(this.kind, "closed");
    queueMicrotask(() => this.subscribers.deliver(topic, text));
  }

  async subscribe(topic: string, handler: (delivery: BusDelivery) => void, options?: BusSubscribeOptions): Promise<() => Promise<void>> {
    const remove = this.subscribers.add(checkTopic(topic), handler, options);
    return async () => remove();
  }

  /** Reachable unless closed; the probe goes through the subscribers like any message, so it measures their lag too. */
  async health(): Promise<BusHealth> {
    return this.probe.health(this.kind, () => this.lagSeconds());
  }

  lagSeconds(): number {
    return this.subscribers.lagSeconds();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
