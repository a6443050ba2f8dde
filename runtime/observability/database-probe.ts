/** What `/health` says of the database. */
export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; error: string };

/**
 * Whether the database answers, and how fast: one cheap query (`select 1`), timed. Run by `/health`
 * and at each `/metrics` scrape (so the latency histogram gets a sample per scrape and the request
 * path pays nothing). Before the store is open, it answers "not open yet".
 */
export class DatabaseProbe {
  private query: (() => unknown) | undefined;

  constructor(private readonly observe: (seconds: number) => void) {}

  /** The query to time, once the store is open. */
  use(query: () => unknown): void {
    this.query = query;
  }

  async check(): Promise<DatabaseHealth> {
    const query = this.query;
    if (query === undefined) return { ok: false, error: "the database is not open yet" };
    const started = performance.now();
    try {
      await query();
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const seconds = (performance.now() - started) / 1000;
    this.observe(seconds);
    return { ok: true, latencyMs: Math.round(seconds * 1000 * 1000) / 1000 };
  }
}
