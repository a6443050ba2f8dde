import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { users } from "../../../drizzle/schema";
import { configFromEnv } from "../../config";
import type { PresenceOptions } from "../presence";
import { type RunningServer, startServer } from "../../server";
import { SESSION_COOKIE } from "../../http/auth/session-cookie";
import { callApi } from "../../test-support/api-client";
import type { ApiResponse } from "../../test-support/test-server";
import { deskFlows } from "./desk-flows";

export const ADMIN_KEY = "sb_rooms_test_key_0123456789";

export interface TestAgent {
  id: string;
  name: string;
  /** The login token (what the sb_session cookie holds). */
  token: string;
}

/**
 * The real runtime on 127.0.0.1 with a fresh data dir: the `desk` and `handoff` flows published
 * (transferring to team `support`), no examples. Agents are created with a login token each.
 */
export class RoomsServer {
  private constructor(
    readonly server: RunningServer,
    private readonly dataDir: string,
  ) {}

  static async start(presence?: PresenceOptions): Promise<RoomsServer> {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-rooms-api-"));
    const config = configFromEnv({ HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, SWITCHBOARD_API_KEY: ADMIN_KEY, SEED_EXAMPLES: "0", MEDIA_BIND_ADDRESS: "127.0.0.1", HTTP_CALLBACK_ALLOWLIST: "127.0.0.1" });
    const server = await startServer(config, { log: () => undefined, ...(presence === undefined ? {} : { presence }) });
    for (const document of deskFlows()) {
      await server.store.flows.createFlow(document, "test");
      await server.store.flows.publish(document.id, { author: "test" });
    }
    await server.store.teams.createTeam({ id: "support", name: "Support" });
    return new RoomsServer(server, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  get wsUrl(): string {
    return `${this.server.url.replace(/^http/, "ws")}/ws/agent`;
  }

  async agent(name: string, options: { team?: string | null; role?: "agent" | "admin" } = {}): Promise<TestAgent> {
    const { store } = this.server;
    // No password (agents sign in with a login token here): skipping scrypt keeps 50 agents fast.
    const id = randomUUID();
    store.db.insert(users).values({ id, email: `${name.toLowerCase()}@acme.test`, name, role: options.role ?? "agent", passwordHash: "none", createdAt: Date.now() }).run();
    const team = options.team === undefined ? "support" : options.team;
    if (team !== null) await store.teams.addMember(team, id);
    const { token } = await store.authSessions.createAuthSession(id, 3_600_000);
    return { id, name, token };
  }

  /** Calls the API as the agent (cookie), as the admin API key, or with no credentials. */
  call(method: string, path: string, as: TestAgent | "admin" | "nobody", body?: unknown): Promise<ApiResponse> {
    if (as === "nobody") return callApi(this.url, method, path, body === undefined ? {} : { body });
    if (as === "admin") return callApi(this.url, method, path, { key: ADMIN_KEY, ...(body === undefined ? {} : { body }) });
    return callApi(this.url, method, path, { headers: { cookie: `${SESSION_COOKIE}=${as.token}` }, ...(body === undefined ? {} : { body }) });
  }

  /** Starts a web chat session on `flowId`. */
  async chat(contact: string, flowId = "desk"): Promise<string> {
    const started = await this.server.runner.start({ flowId, source: "published", channel: { kind: "chat", type: "webchat" }, contact, caller: { name: contact } });
    return started.sessionId;
  }

  async stop(): Promise<void> {
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
