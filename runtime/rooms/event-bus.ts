/**
 * Where domain events go. In-process by default; across runtime instances an implementation
 * over PostgreSQL LISTEN/NOTIFY or Redis pub/sub publishes the same (JSON, zod-checked) events.
 * Subscribers must not assume they run before `publish` returns.
 */
export interface EventBus<E> {
  publish(event: E): void;
  /** Returns a function that unsubscribes. */
  subscribe(handler: (event: E) => void | Promise<void>): () => void;
}

/**
 * What `/health` and `/metrics` read of a bus. The in-process bus is always connected and its lag is
 * the time its subscribers take; a cross-instance bus (LISTEN/NOTIFY, Redis) reports whether its
 * listening connection is up and the publish-to-delivery time of the events it received.
 */
export interface BusStatus {
  /** `in-process`, `postgres`, `redis`. */
  readonly kind: string;
  connected(): boolean;
  /** Seconds from publish to delivery to the last subscriber, for the last event delivered. */
  lagSeconds(): number;
}

/** Delivers each event to every subscriber, in order, synchronously; a failing subscriber does not stop the others. */
export class InMemoryEventBus<E> implements EventBus<E>, BusStatus {
  readonly kind = "in-process";
  private readonly handlers = new Set<(event: E) => void | Promise<void>>();
  private lastLagMs = 0;

  constructor(private readonly onError: (error: unknown) => void = (error) => console.error("event bus: a subscriber failed", error)) {}

  publish(event: E): void {
    const handlers = [...this.handlers];
    const published = performance.now();
    for (const [index, handler] of handlers.entries()) {
      if (index === handlers.length - 1) this.lastLagMs = performance.now() - published;
      try {
        const result = handler(event);
        if (result instanceof Promise) result.catch(this.onError);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  connected(): boolean {
    return true;
  }

  lagSeconds(): number {
    return this.lastLagMs / 1000;
  }

  subscribe(handler: (event: E) => void | Promise<void>): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }
}
