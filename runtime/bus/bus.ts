/** A JSON value a bus message may hold: ids, kinds, counts, never whole records. */
export type BusJson = string | number | boolean | null | readonly BusJson[] | { readonly [key: string]: BusJson };

/** What a bus message is: a small JSON object. */
export type BusMessage = { readonly [key: string]: BusJson };

/** One message as a subscriber receives it. */
export interface BusDelivery {
  topic: string;
  /** The message as published (parse it with the receiver's own zod schema). */
  message: Record<string, unknown>;
  /** The publishing instance's id (`INSTANCE_ID`). */
  from: string;
  /** The publisher's clock at publish (ms since the epoch). */
  sentAt: number;
  /** `from` is this instance: every instance receives its own messages too (runtime/bus/README.md). */
  own: boolean;
  /** Delivery time minus `sentAt` (never below 0; across machines it includes their clock skew). */
  lagMs: number;
}

/** Told to a subscriber when its listening connection came back: messages published in between may be lost. */
export interface BusGap {
  topic: string;
  /** When the connection was seen back (ms since the epoch). */
  reconnectedAt: number;
  /** The last message this subscription received before the gap (ms since the epoch), if any. */
  lastDeliveryAt: number | undefined;
}

export interface BusSubscribeOptions {
  /** Called after a reconnect, so the subscriber can re-read the state it may have missed. */
  onGap?: (gap: BusGap) => void;
}

/** What `/health` and `/metrics` read of a bus. */
export type BusHealth = {
  kind: BusKind;
  /** A message published now came back to this instance's listener within the probe timeout. */
  reachable: boolean;
  /** Lag of the last message delivered here (seconds), 0 before any. */
  lagSeconds: number;
  /** Why not reachable. */
  error?: string;
};

export type BusKind = "in-process" | "postgres" | "redis";

/**
 * Carries small JSON messages between runtime instances by topic: in-process for one SQLite
 * instance, PostgreSQL LISTEN/NOTIFY, or Redis pub/sub (runtime/bus/README.md). Messages in one
 * topic from one publisher arrive in the order published. Delivery is at most once: after a
 * reconnect, `onGap` tells subscribers to re-read what they care about.
 */
export interface Bus {
  readonly kind: BusKind;
  /** This instance's id, carried by every message it publishes. */
  readonly instanceId: string;
  /**
   * Resolves once the engine took the message. Rejects with `BusMessageTooLarge` or `BusTopicInvalid`
   * (nothing sent), or `BusUnavailable` when the engine cannot be reached within the bus's timeout.
   */
  publish(topic: string, message: BusMessage): Promise<void>;
  /** Resolves once this instance listens on the topic; the function it gives unsubscribes. */
  subscribe(topic: string, handler: (delivery: BusDelivery) => void, options?: BusSubscribeOptions): Promise<() => Promise<void>>;
  /** Sends a probe through the engine and waits (bounded) for it to come back. */
  health(): Promise<BusHealth>;
  /** Lag of the last message delivered here (seconds), without probing. */
  lagSeconds(): number;
  close(): Promise<void>;
}
