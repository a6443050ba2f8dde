import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rows } from "#store-dialect";
import { z } from "zod";
import { CallbackServer } from "../../../sessions/test-support/callback-server";
import { exampleFlow, type FlowJson, withNodeData } from "../../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../../test-support/test-server";
import { webchatSocketUrl } from "../webchat-driver";

/** The page origin the tests' channels allow. */
export const SHOP_ORIGIN = "http://shop.example.test:8080";

/**
 * examples/appointment-confirmation.json under another id, its status callback pointed at the
 * local stand-in (`POST /appointments/<id>/status`), optionally with a shorter menu timeout.
 */
export function appointmentFlow(id: string, provider: CallbackServer, options: { menuTimeoutSeconds?: number } = {}): FlowJson {
  let flow: FlowJson = { ...exampleFlow("appointment-confirmation"), id, name: `Appointments ${id}` };
  flow = withNodeData(flow, "record_choice", { url: `${provider.url}/appointments/{{vars.appointment_id}}/status` });
  if (options.menuTimeoutSeconds !== undefined) flow = withNodeData(flow, "choice", { timeoutSeconds: options.menuTimeoutSeconds });
  return flow;
}

/** A test server and a stand-in for the flows' HTTP callbacks, with helpers for web chat channels. */
export class WebchatFixture {
  readonly provider = new CallbackServer();
  server!: TestServer;

  /** `env`: configuration for the server (e.g. `WEBCHAT_NEW_VISITORS_PER_IP`). */
  async start(env: Record<string, string> = {}): Promise<void> {
    await this.provider.listen();
    this.provider.reply("/appointments//status", { status: 200, body: '{"ok":true}' });
    this.server = await startTestServer(env);
  }

  async stop(): Promise<void> {
    await this.provider.close();
    await this.server.stop();
  }

  async publish(flow: FlowJson): Promise<void> {
    const created = await this.server.api("POST", "/api/flows", flow);
    expect(created.status, created.text).toBe(201);
    const published = await this.server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" });
    expect(published.status, published.text).toBe(201);
  }

  /** A webchat channel on `flowId` allowing `origins`; returns its id. */
  async channel(flowId: string, origins: string[] = [SHOP_ORIGIN], extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.server.api("POST", "/api/channels", { type: "webchat", name: `Chat ${flowId}`, flowId, settings: { allowedOrigins: origins }, ...extra });
    expect(res.status, res.text).toBe(201);
    return z.object({ id: z.string() }).parse(res.body).id;
  }

  socketUrl(channelId: string): string {
    return webchatSocketUrl(this.server.url, channelId);
  }

  /** Rows of a table, counted (inbound_events, webchat_messages…), in SQL either database runs. */
  async count(table: string, where = "1 = 1"): Promise<number> {
    const [row] = await rows(this.server.store.db, sql.raw(`SELECT count(*) AS n FROM ${table} WHERE ${where}`));
    return z.object({ n: z.coerce.number() }).parse(row).n;
  }
}

/** The seeded demo agent (agent@example.com, teams sales, support, billing) online, with a login token for the API. */
export async function demoAgentOnline(server: TestServer): Promise<{ id: string; cookie: string; offline(): void }> {
  const agent = await server.store.users.findByEmail("agent@example.com");
  if (agent === undefined) throw new Error("the demo agent was not seeded");
  const { token } = await server.store.authSessions.createAuthSession(agent.id, 3_600_000);
  const socketId = `webchat-test-${agent.id}`;
  server.rooms.presence.connect(agent.id, socketId);
  return { id: agent.id, cookie: `sb_session=${token}`, offline: () => server.rooms.presence.disconnect(socketId) };
}
