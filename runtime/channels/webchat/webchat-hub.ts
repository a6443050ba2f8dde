import type { WebchatServerFrame } from "./webchat-frames";

/** One open widget socket, as the hub needs it. */
export interface WebchatSink {
  send(frame: WebchatServerFrame): void;
  close(code: number, reason: string): void;
}

/**
 * The open widget sockets of this process, by visitor: a visitor with two tabs open has two.
 * Nothing here is the truth (the history is, `webchat-repo.ts`): a visitor without a socket gets
 * what they missed when they reconnect. Across runtime instances this becomes a pub/sub channel
 * per visitor behind the same two methods.
 */
export class WebchatHub {
  private readonly byVisitor = new Map<string, Set<WebchatSink>>();

  /** Registers a socket of `visitorId`; returns the function that removes it. */
  join(visitorId: string, sink: WebchatSink): () => void {
    let sinks = this.byVisitor.get(visitorId);
    if (sinks === undefined) {
      sinks = new Set();
      this.byVisitor.set(visitorId, sinks);
    }
    sinks.add(sink);
    return () => {
      const current = this.byVisitor.get(visitorId);
      if (current === undefined) return;
      current.delete(sink);
      if (current.size === 0) this.byVisitor.delete(visitorId);
    };
  }

  /** Sends a frame to every open socket of the visitor; returns how many got it. */
  send(visitorId: string, frame: WebchatServerFrame): number {
    const sinks = this.byVisitor.get(visitorId);
    if (sinks === undefined) return 0;
    for (const sink of sinks) sink.send(frame);
    return sinks.size;
  }
}
