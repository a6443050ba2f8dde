/** Where a BufferedLog sends its text: several lines at once, each ending with a newline. */
export type LogSink = (text: string) => void;

export interface BufferedLogOptions {
  /** Flushes at once when this many characters are waiting (default 64 KiB). */
  maxBufferedChars?: number;
}

/**
 * Log lines collected during one turn of the event loop and written together, with one write,
 * right after it (setImmediate), instead of one synchronous write per line. `flush()` writes what
 * is waiting now: call it before the process exits.
 */
export class BufferedLog {
  private lines: string[] = [];
  private chars = 0;
  private scheduled = false;
  private readonly maxBufferedChars: number;

  constructor(
    private readonly sink: LogSink,
    options: BufferedLogOptions = {},
  ) {
    this.maxBufferedChars = options.maxBufferedChars ?? 64 * 1024;
  }

  /** Queues one line (without its newline). Bound, so it can be passed around as `log`. */
  readonly write = (line: string): void => {
    this.lines.push(line);
    this.chars += line.length + 1;
    if (this.chars >= this.maxBufferedChars) {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
  };

  /** Writes every queued line now, synchronously as far as the sink is. */
  flush(): void {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join("\n")}\n`;
    this.lines = [];
    this.chars = 0;
    this.sink(text);
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
