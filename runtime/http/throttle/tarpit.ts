/**
 * Holds refused answers for a moment before they go out, so a client looping on refusals (a
 * sign-in flood) sends a request per hold instead of as fast as the server answers, and the rest
 * of the API keeps the event loop. At most `maxHeld` answers wait at once: past that they go out
 * at once (a held answer costs an open socket and a timer; this bounds both).
 */
export class Tarpit {
  private held = 0;

  constructor(
    private readonly holdMs: number,
    private readonly maxHeld: number,
  ) {}

  /** Waits `holdMs` (at most `atMostMs`), or not at all when too many wait already. */
  async hold(atMostMs: number = this.holdMs): Promise<void> {
    const ms = Math.min(this.holdMs, atMostMs);
    if (ms <= 0 || this.held >= this.maxHeld) return;
    this.held += 1;
    try {
      await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      this.held -= 1;
    }
  }

  get waiting(): number {
    return this.held;
  }
}
