import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { z } from "zod";
import { WebchatServerFrame } from "../../runtime/channels/webchat/webchat-frames";
import { ConversationView } from "../../runtime/rooms/views";
import { pollUntil } from "../../runtime/test-support/api-client";
import type { TestServer } from "../../runtime/test-support/test-server";
import { type ConsoleCustomer, flowSession } from "./console-customer";

/** Who wrote a line in the widget (its `data-from`). */
export type WidgetSender = "visitor" | "bot" | "agent" | "system";

/**
 * A web chat visitor in a real browser: the page `siteUrl` embeds the widget (`<script
 * src="…/widget.js" data-channel=…>`) on its own origin; the visitor opens the chat (the flow
 * starts on the socket's `hello` and runs to its transfer) and types into the widget's composer.
 * What the visitor was sent is read off the socket's frames as the browser received them.
 */
export class WidgetCustomer implements ConsoleCustomer {
  private contact: string | undefined;
  private sessionId: string | undefined;
  /** The text of every bot, agent and system line the widget's socket received, in order. */
  private readonly lines: string[] = [];
  private reachedAt = 0;

  constructor(
    private readonly server: TestServer,
    readonly page: Page,
    private readonly siteUrl: string,
    private readonly channelId: string,
  ) {
    page.on("websocket", (socket) => {
      if (!socket.url().endsWith(`/ws/webchat/${encodeURIComponent(channelId)}`)) return;
      socket.on("framereceived", ({ payload }) => {
        const frame = WebchatServerFrame.safeParse(JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8")));
        if (!frame.success) return;
        if (frame.data.type === "message" && frame.data.message.from !== "visitor") this.lines.push(frame.data.message.text);
      });
    });
  }

  /**
   * How the console names a web chat visitor with no name: "Web chat visitor" and the first six
   * characters of the visitor id (the room participant's address), known once the flow has transferred.
   */
  get name(): string {
    if (this.contact === undefined) throw new Error("the visitor has not reached the agents yet");
    return `Web chat visitor ${this.contact.replace(/[^a-z0-9]/gi, "").slice(0, 6)}`;
  }

  /** The widget's shadow root host. */
  get widget(): Locator {
    return this.page.locator("#switchboard-webchat");
  }

  /** The widget's lines from `from`. */
  line(from: WidgetSender, text?: string | RegExp): Locator {
    const lines = this.widget.locator(`.msg[data-from="${from}"]`);
    return text === undefined ? lines : lines.filter({ hasText: text });
  }

  /** Opens the site and the chat: the flow greets and transfers; waits for the waiting conversation on the channel. */
  async reachAgents(): Promise<void> {
    await this.page.goto(this.siteUrl);
    await this.widget.getByRole("button", { name: "Open chat" }).click();
    await this.widget.getByRole("dialog").waitFor();
    const conversation = await pollUntil(
      async () => {
        const listed = z.array(ConversationView).parse((await this.server.api("GET", "/api/conversations?view=all")).body);
        return listed.find((candidate) => candidate.channelId === this.channelId && candidate.status === "waiting");
      },
      10_000,
      () => `no waiting conversation on web chat channel ${this.channelId}`,
    );
    expect(conversation.channelType).toBe("webchat");
    this.contact = conversation.contact ?? undefined;
    this.sessionId = conversation.sessionId ?? undefined;
    this.reachedAt = this.lines.length;
  }

  /** Types into the widget's composer and sends with Enter; resolves once the server has echoed the line back. */
  async say(text: string): Promise<void> {
    const composer = this.widget.getByRole("textbox", { name: "Message" });
    await composer.fill(text);
    await composer.press("Enter");
    // The widget shows the line at once as pending, and replaces it with the server's (which has an id) when it is stored.
    await this.widget.locator('.msg[data-from="visitor"][data-id]').filter({ hasText: text }).last().waitFor();
  }

  session(): Promise<{ status: string; path: string[] }> {
    if (this.sessionId === undefined) throw new Error("the visitor has no session yet");
    return flowSession(this.server, this.sessionId);
  }

  received(): string[] {
    return this.lines.slice(this.reachedAt);
  }
}
