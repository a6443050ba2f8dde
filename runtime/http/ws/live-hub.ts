import { z } from "zod";
import { LiveFigures } from "../../rooms/live-figures";

/** The live socket's one frame (`/ws/live`): the figures now, sent on connect and whenever they change. */
export const LiveFrame = z.object({ type: z.literal("live"), figures: LiveFigures });
export type LiveFrame = z.infer<typeof LiveFrame>;

export interface LiveSink {
  send(text: string): void;
}

export interface LiveHubOptions {
  /** Reads the figures now. */
  read: () => Promise<LiveFigures>;
  /** Every room event (a transfer, an accept, presence…) asks for a push; they are gathered over this many ms. Default 250. */
  settleMs?: number;
  /** Calls start and end outside the rooms' events: the figures are read again this often while someone watches. Default 5,000. */
  pollMs?: number;
  onError: (error: unknown) => void;
}

/**
 * Pushes the live figures to the dashboards watching (admins on `/ws/live`): on connect, after
 * room events (gathered), and on a slow poll while anyone watches; a read whose figures did not
 * change (apart from `at`) sends nothing. Nobody watching: no reads at all.
 */
export class LiveHub {
  private readonly sinks = new Set<LiveSink>();
  private last: string | undefined;
  private settle: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(private readonly options: LiveHubOptions) {}

  attach(sink: LiveSink): void {
    this.sinks.add(sink);
    this.poll ??= setInterval(() => this.changed(), this.options.pollMs ?? 5_000);
    // The newcomer gets the figures even when they did not change.
    this.options.read().then(
      (figures) => {
        if (!this.sinks.has(sink)) return;
        sink.send(JSON.stringify({ type: "live", figures } satisfies LiveFrame));
        this.last ??= keyOf(figures);
      },
      (error: unknown) => this.options.onError(error),
    );
  }

  detach(sink: LiveSink): void {
    this.sinks.delete(sink);
    if (this.sinks.size > 0) return;
    clearInterval(this.poll);
    clearTimeout(this.settle);
    this.poll = undefined;
    this.settle = undefined;
    this.last = undefined;
  }

  /** Something may have changed: read and push once the burst settles. */
  changed(): void {
    if (this.sinks.size === 0 || this.settle !== undefined) return;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      this.reading ??= this.push().finally(() => (this.reading = undefined));
    }, this.options.settleMs ?? 250);
  }

  private async push(): Promise<void> {
    try {
      const figures = await this.options.read();
      const key = keyOf(figures);
      if (key === this.last) return;
      this.last = key;
      const text = JSON.stringify({ type: "live", figures } satisfies LiveFrame);
      for (const sink of this.sinks) sink.send(text);
    } catch (error) {
      this.options.onError(error);
    }
  }
}

/** The figures without their `at`: two reads with the same key show the same. */
function keyOf(figures: LiveFigures): string {
  const { at: _at, ...rest } = figures;
  return JSON.stringify(rest);
}
