type Listeners<E> = { [K in keyof E]?: Array<(value: E[K]) => void> };

/** Listener lists per event name, typed by a map of event → argument. */
export class TypedEvents<E extends Record<string, unknown>> {
  private listeners: Listeners<E> = {};

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: (value: E[K]) => void): () => void {
    const list: Array<(value: E[K]) => void> = this.listeners[event] ?? [];
    list.push(listener);
    this.listeners[event] = list;
    return () => {
      const current: Array<(value: E[K]) => void> = this.listeners[event] ?? [];
      this.listeners[event] = current.filter((candidate) => candidate !== listener);
    };
  }

  emit<K extends keyof E>(event: K, value: E[K]): void {
    const list: Array<(value: E[K]) => void> = this.listeners[event] ?? [];
    for (const listener of [...list]) listener(value);
  }
}
