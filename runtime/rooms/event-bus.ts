/**
 * Where room events go, in this process. They carry whole views, so they cannot cross instances as
 * they are: runtime/bus/README.md says how they move onto the bus (ids only, receivers re-read).
 * Subscribers must not assume they run before `publish` returns.
 */
export interface EventBus<E> {
  publish(event: E): void;
  /** Returns a function that unsubscribes. */
  subscribe(handler: (event: E) => void | Promise<void>): () => void;
}

/** Delivers each event to every subscriber, in order, synchronously; a failing subscriber does not stop the others. */
export class InMemoryEventBus<E> implements EventBus<E> {
  private readonly handlers = new Set<(event: E) => void | Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void = (error) => console.error("event bus: a subscriber failed", error)) {}

  publish(event: E): void {
    for (const handler of [...this.handlers]) {
      try {
        const result = handler(event);
        if (result instanceof Promise) result.catch(this.onError);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  subscribe(handler: (event: E) => void | Promise<void>): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }
}
