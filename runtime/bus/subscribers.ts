import type { BusDelivery, BusGap, BusSubscribeOptions } from "./bus";
import { openEnvelope } from "./bus-envelope";

interface Subscription {
  handler: (delivery: BusDelivery) => void;
  options: BusSubscribeOptions;
  lastDeliveryAt: number | undefined;
}

/**
 * The handlers of one bus instance, by topic: what every implementation delivers through. A
 * handler that throws does not stop the others (the error goes to `onError`); the lag of the last
 * delivery is kept for `/health` and `/metrics`.
 */
export class Subscribers {
  private readonly byTopic = new Map<string, Set<Subscription>>();
  private lastLagMs = 0;

  constructor(
    private readonly instanceId: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Adds a handler; the function it gives removes it. */
  add(topic: string, handler: (delivery: BusDelivery) => void, options: BusSubscribeOptions = {}): () => void {
    const subscription: Subscription = { handler, options, lastDeliveryAt: undefined };
    const set = this.byTopic.get(topic) ?? new Set();
    set.add(subscription);
    this.byTopic.set(topic, set);
    return () => {
      set.delete(subscription);
    };
  }

  /** The topics anyone ever subscribed to here (listened to until the bus closes). */
  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  /** Hands an envelope received on `topic` to its handlers, in subscription order. */
  deliver(topic: string, text: string): void {
    const envelope = openEnvelope(text);
    const set = this.byTopic.get(topic);
    if (envelope === undefined || set === undefined) return;
    const now = Date.now();
    const lagMs = Math.max(0, now - envelope.sentAt);
    this.lastLagMs = lagMs;
    const delivery: BusDelivery = { topic, message: envelope.message, from: envelope.from, sentAt: envelope.sentAt, own: envelope.from === this.instanceId, lagMs };
    for (const subscription of [...set]) {
      subscription.lastDeliveryAt = now;
      try {
        subscription.handler(delivery);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Tells the topic's subscribers that their listener came back after a break. */
  gap(topic: string, reconnectedAt = Date.now()): void {
    for (const subscription of [...(this.byTopic.get(topic) ?? [])]) {
      const gap: BusGap = { topic, reconnectedAt, lastDeliveryAt: subscription.lastDeliveryAt };
      try {
        subscription.options.onGap?.(gap);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  lagSeconds(): number {
    return this.lastLagMs / 1000;
  }
}
