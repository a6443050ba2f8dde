import type { WebchatMessage } from "./webchat-frames";
import type { WebchatHub } from "./webchat-hub";
import type { NewWebchatMessage, WebchatRepo } from "./webchat-repo";
import type { WebchatRender } from "./render-webchat";

/** The line stored when a conversation ends (replayed on reconnect like any other). */
export const ENDED_TEXT = "This conversation has ended. Write again to start a new one.";

/**
 * Everything a visitor is shown goes through here: stored in the history first (the truth, replayed
 * on reconnect), then sent to the visitor's open sockets, if any.
 */
export class WebchatOutbox {
  constructor(
    private readonly repo: WebchatRepo,
    private readonly hub: WebchatHub,
  ) {}

  async post(visitorId: string, lines: readonly NewWebchatMessage[], sessionId: string | null = null): Promise<WebchatMessage[]> {
    const stored = await this.repo.append(
      visitorId,
      lines.map((line) => ({ ...line, sessionId: line.sessionId ?? sessionId })),
    );
    for (const message of stored) this.hub.send(visitorId, { type: "message", message });
    return stored;
  }

  /** A rendered run of effects: the bot's lines, then the end of the conversation if it ended. */
  async show(visitorId: string, render: WebchatRender, sessionId: string | null): Promise<WebchatMessage[]> {
    const stored = await this.post(visitorId, render.lines, sessionId);
    if (render.ended === undefined) return stored;
    return [...stored, ...(await this.end(visitorId, render.ended, sessionId))];
  }

  /** The conversation is over: a system line, and `ended` to the open sockets. */
  async end(visitorId: string, reason: string, sessionId: string | null, text = ENDED_TEXT): Promise<WebchatMessage[]> {
    const stored = await this.post(visitorId, [{ from: "system", text }], sessionId);
    this.hub.send(visitorId, { type: "ended", reason });
    return stored;
  }

  typing(visitorId: string, from: "bot" | "agent"): void {
    this.hub.send(visitorId, { type: "typing", from });
  }
}
