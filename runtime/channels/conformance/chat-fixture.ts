import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import { z } from "zod";
import { rows } from "#store-dialect";
import type { ChannelType } from "../channel-config";
import { pollUntil } from "../../test-support/api-client";
import type { FlowJson } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { type ChatCase, type ProviderPost, PUBLIC_URL, type Received, type WebhookReplyText } from "./chat-cases";
import { nextSequence, ProviderStandIn } from "./provider-stand-in";

/** A count as either database gives it (PostgreSQL's `bigint` comes back as text). */
const Count = z.object({ n: z.coerce.number() });
export const SessionJson = z.object({
  id: z.string(),
  flowId: z.string(),
  channelType: z.string(),
  status: z.string(),
  stepCount: z.number(),
  endReason: z.string().nullable(),
  steps: z.array(z.object({ nodeId: z.string(), outcome: z.string().nullable(), input: z.string().nullable() })),
});
export type SessionJson = z.infer<typeof SessionJson>;

const InboundRow = z.object({ payload: z.string(), sessionId: z.string().nullable(), processedAt: z.number().nullable() });
export type InboundRow = z.infer<typeof InboundRow>;

export interface WebhookAnswer {
  status: number;
  text: string;
  contentType: string | null;
}

/**
 * A real server on 127.0.0.1 with PUBLIC_URL set and every provider base URL
 * (TWILIO_API_BASE_URL, WHATSAPP_GRAPH_BASE_URL, TELEGRAM_API_BASE_URL) pointed at one local
 * stand-in, which also answers the flows' HTTP callbacks. `restart()` closes the server and
 * starts a new one on the same data directory (a restart: timers and sessions come back from
 * SQLite).
 */
export class ChatFixture {
  readonly standIn = new ProviderStandIn();
  server!: TestServer;
  private dataDir = "";

  /** `extraEnv`: more settings for the server (e.g. `MEDIA_NO_RTP_SECONDS`). */
  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  async start(): Promise<void> {
    await this.standIn.listen();
    this.dataDir = mkdtempSync(join(tmpdir(), "switchboard-chat-"));
    this.server = await startTestServer(this.env(), this.dataDir);
  }

  private env(): Record<string, string> {
    return { PUBLIC_URL, TWILIO_API_BASE_URL: this.standIn.url, WHATSAPP_GRAPH_BASE_URL: this.standIn.url, TELEGRAM_API_BASE_URL: this.standIn.url, ...this.extraEnv };
  }

  /** Stops the server (the data directory stays) and starts a new one on it. */
  async restart(between: () => void = () => {}): Promise<void> {
    await this.server.close();
    between();
    this.server = await startTestServer(this.env(), this.dataDir);
  }

  async stop(): Promise<void> {
    await this.standIn.close();
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async publish(flow: FlowJson): Promise<void> {
    const created = await this.server.api("POST", "/api/flows", flow);
    expect(created.status, created.text).toBe(201);
    const published = await this.server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" });
    expect(published.status, published.text).toBe(201);
  }

  /** A channel of the case's type on `flowId` (the examples are seeded and published under their own ids); returns its id. */
  async channel(chat: { type: ChannelType; credentials: Record<string, string>; settings: Record<string, unknown> }, flowId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.server.api("POST", "/api/channels", { type: chat.type, name: `${chat.type} ${flowId}`, flowId, credentials: chat.credentials, settings: chat.settings, ...extra });
    expect(res.status, res.text).toBe(201);
    return z.object({ id: z.string() }).parse(res.body).id;
  }

  /** Posts a provider request to the server (its path is under PUBLIC_URL). */
  async post(post: ProviderPost, method = "POST"): Promise<WebhookAnswer> {
    const response = await fetch(`${this.server.url}${post.path}`, { method, headers: post.headers, ...(method === "GET" ? {} : { body: post.body }) });
    return { status: response.status, text: await response.text(), contentType: response.headers.get("content-type") };
  }

  /** Brings the demo agent (agent@example.com: sales, support, billing) online; answers its user id. */
  async agentOnline(): Promise<string> {
    const users = z.array(z.object({ id: z.string(), email: z.string() })).parse((await this.server.api("GET", "/api/users")).body);
    const agent = users.find((user) => user.email === "agent@example.com");
    if (agent === undefined) throw new Error("the demo agent was not seeded");
    this.server.rooms.presence.connect(agent.id, `test-socket-${agent.id}`);
    return agent.id;
  }

  inboundCount(): Promise<number> {
    return this.server.store.inbound.count();
  }

  /** The inbound log's row of one provider event of a channel; undefined when it was not stored. */
  async inboundEvent(channelId: string, providerEventId: string): Promise<InboundRow | undefined> {
    const row = await this.server.store.inbound.event(channelId, providerEventId);
    return row === undefined ? undefined : InboundRow.parse({ payload: row.payload, sessionId: row.sessionId, processedAt: row.processedAt });
  }

  /** Steps of every session (raw SQL through `#store-dialect`, so either database). */
  async stepCount(): Promise<number> {
    return this.count(sql`SELECT count(*) AS n FROM session_steps`);
  }

  async sessionCount(): Promise<number> {
    return this.count(sql`SELECT count(*) AS n FROM sessions`);
  }

  private async count(query: SQL): Promise<number> {
    const [row] = await rows(this.server.store.db, query);
    return Count.parse(row).n;
  }

  async session(sessionId: string): Promise<SessionJson> {
    const res = await this.server.api("GET", `/api/sessions/${sessionId}`);
    expect(res.status, res.text).toBe(200);
    return SessionJson.parse(res.body);
  }

  /** The contact's open (or latest) session on the channel. */
  async sessionOf(chat: ChatCase, channelId: string, contact: string): Promise<SessionJson> {
    const [row] = await rows(this.server.store.db, sql`SELECT id FROM sessions WHERE channel_type = ${chat.type} AND channel_id = ${channelId} AND contact = ${contact} ORDER BY started_at DESC LIMIT 1`);
    return this.session(z.object({ id: z.string() }).parse(row).id);
  }

  /** Makes every pending timer of the session due now: the timer worker fires it within 250 ms. */
  async dueNow(sessionId: string): Promise<void> {
    await rows(this.server.store.db, sql`UPDATE timers SET due_at = ${Date.now() - 1} WHERE session_id = ${sessionId} AND fired_at IS NULL`);
  }

  /** Waits until `contact` has received at least `count` messages; answers them all. */
  async inbox(chat: ChatCase, contact: string, count: number, replies: readonly WebhookReplyText[] = []): Promise<Received[]> {
    return pollUntil(
      async () => {
        const received = chat.received(contact, this.standIn, replies);
        return received.length >= count ? received : undefined;
      },
      5_000,
      () => `${count} messages to ${contact}: got ${JSON.stringify(chat.received(contact, this.standIn, replies))}`,
      25,
    );
  }
}

/** A conversation with one customer on one chat channel: what they send, and everything they were answered in order. */
export class ChatCustomer {
  readonly contact: string;
  /** Webhook answers (Twilio's TwiML carries immediate replies). */
  readonly replies: WebhookReplyText[] = [];

  constructor(
    readonly fixture: ChatFixture,
    readonly chat: ChatCase,
    readonly channelId: string,
  ) {
    this.contact = chat.newContact();
  }

  async say(text: string): Promise<WebhookAnswer> {
    return this.send(this.chat.text(this.channelId, this.contact, text));
  }

  /** Taps the option labelled `label` in the last message that had choices (or types it where menus are numbered text). */
  async choose(label: string, key: string): Promise<WebhookAnswer> {
    if (!this.chat.tappable) return this.say(key);
    const menu = this.received().findLast((message) => message.choices !== undefined);
    const choice = menu?.choices?.find((candidate) => candidate.label === label);
    if (menu === undefined || choice === undefined) throw new Error(`no choice "${label}" drawn to ${this.contact}: ${JSON.stringify(this.received())}`);
    return this.send(this.chat.tap(this.channelId, this.contact, choice, menu.form));
  }

  async send(post: ProviderPost): Promise<WebhookAnswer> {
    const answer = await this.fixture.post(post);
    expect(answer.status, answer.text).toBe(200);
    this.replies.push({ text: answer.text, seq: nextSequence() });
    return answer;
  }

  received(): Received[] {
    return this.chat.received(this.contact, this.fixture.standIn, this.replies);
  }

  /** Waits until at least `count` messages arrived. */
  inbox(count: number): Promise<Received[]> {
    return this.fixture.inbox(this.chat, this.contact, count, this.replies);
  }
}
