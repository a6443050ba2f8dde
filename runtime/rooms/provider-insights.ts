import { summariseConversation } from "../ai/conversation-summary";
import { labelOf } from "../ai/sentiment";
import type { ChatClient } from "../ai/chat-client";
import type { InsightsRecord } from "../store/conversation-insights-repo";
import type { Store } from "../store/open-store";
import { conversationLines } from "./conversation-lines";
import { insightsView } from "./insights-view";
import type { Rooms } from "./rooms";
import { conversationView } from "./views";

export interface ProviderInsightsDeps {
  store: Store;
  rooms: Rooms;
  /** The AI provider chosen for the console's assist, or undefined when none is. */
  assist: () => Promise<{ name: string; client: ChatClient } | undefined>;
  log: (line: string) => void;
}

/**
 * Provider-written summaries (issue 18): when a conversation closes, its offline insights are
 * written at once (`writeInsights`, before the consoles hear of the close); then, when an admin
 * chose an assist provider, its model summarises the conversation and rates the customer's
 * sentiment, which replace the offline ones (engine `provider`, with the provider's name; the
 * offline sentiment stays when the model gave none); the fields stay the offline ones. The consoles following the conversation get the new insights (`conversation.insights`).
 * A provider that fails, times out or answers nothing leaves the offline summary, and says why in
 * the log. A conversation closed again meanwhile keeps its newer insights.
 */
export class ProviderInsights {
  constructor(private readonly deps: ProviderInsightsDeps) {}

  /** Listens for closed conversations; the function it gives stops listening. */
  start(): () => void {
    return this.deps.rooms.bus.subscribe((event) => {
      if (event.type !== "conversation.closed") return;
      this.summarise(event.conversation.id).catch((error: unknown) =>
        this.deps.log(`conversation ${event.conversation.id}: the assist provider's summary failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  }

  /** Writes the provider's summary over the offline one; undefined when there is no provider, no offline insights or nothing was said. */
  async summarise(conversationId: string): Promise<InsightsRecord | undefined> {
    const offline = await this.deps.store.rooms.insights.get(conversationId);
    if (offline === undefined || offline.messageCount === 0) return undefined;
    const assist = await this.deps.assist();
    if (assist === undefined) return undefined;
    const lines = await conversationLines(this.deps.store.rooms, conversationId);
    const { summary, sentiment } = await summariseConversation(assist.client, lines);
    // Closed again while the model wrote: those (newer) insights stay.
    const now = await this.deps.store.rooms.insights.get(conversationId);
    if (now === undefined || now.createdAt !== offline.createdAt || now.engine !== "offline") return undefined;
    const { createdAt: _, ...values } = now;
    // A score only for a customer who said something (as offline: no words, no sentiment).
    const scored = sentiment === null || !lines.some((line) => line.from === "customer") ? {} : { sentiment, sentimentLabel: labelOf(sentiment) };
    const written = await this.deps.store.rooms.insights.put({ ...values, summary, ...scored, engine: "provider", providerName: assist.name });
    const conversation = await this.deps.store.rooms.conversations.get(conversationId);
    if (written !== undefined && conversation !== undefined) this.deps.rooms.bus.publish({ type: "conversation.insights", conversation: conversationView(conversation), insights: insightsView(written) });
    return written;
  }
}
