/**
 * The frames a test's socket client received, in order, and a way to wait for one: the first
 * frame (from the start) of a type that matches, within a deadline. Shared by the clients of
 * /ws/agent, /ws/webchat and /ws/webvoice.
 */
export class FrameLog<F extends { type: string }> {
  readonly frames: F[] = [];
  private readonly waiters = new Set<() => void>();

  push(frame: F): void {
    this.frames.push(frame);
    for (const wake of [...this.waiters]) wake();
  }

  /** Frames of one type received so far. */
  of<T extends F["type"]>(type: T): Array<Extract<F, { type: T }>> {
    return this.frames.filter((frame): frame is Extract<F, { type: T }> => frame.type === type);
  }

  /** The first frame (from the start) of `type` matching `match`, waiting up to `timeoutMs`. */
  async next<T extends F["type"]>(type: T, match: (frame: Extract<F, { type: T }>) => boolean, timeoutMs: number): Promise<Extract<F, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(type).find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }
}
