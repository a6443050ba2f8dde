import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromEnv } from "../config";
import { type RunningServer, startServer } from "../server";

export const TEST_API_KEY = "sb_test_key_0123456789abcdef";

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
  text: string;
}

export interface TestServer extends RunningServer {
  dataDir: string;
  logs: string[];
  /** Calls the API with the admin test key (or `key`), JSON in and out. */
  api(method: string, path: string, body?: unknown, options?: { key?: string | null; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 with a fresh SQLite file in a temp dir. Media binds 127.0.0.1 too
 * (MEDIA.md 1.3, the loopback-only rig): the test peers (werift, Chromium) gather only loopback
 * candidates, and a server offering only its other interfaces' addresses left ICE to
 * peer-reflexive pairs, which under load sometimes missed the 15 s connect timeout.
 */
export async function startTestServer(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), "switchboard-api-"))): Promise<TestServer> {
  const logs: string[] = [];
  const config = configFromEnv({ HOST: "127.0.0.1", PORT: "0", SIP_PORT: "0", DATA_DIR: dataDir, SWITCHBOARD_API_KEY: TEST_API_KEY, HTTP_CALLBACK_ALLOWLIST: "127.0.0.1", MEDIA_BIND_ADDRESS: "127.0.0.1", ...env });
  const server = await startServer(config, { log: (line) => logs.push(line) });
  const api: TestServer["api"] = async (method, path, body, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? TEST_API_KEY : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined = options.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    } else if (payload !== undefined && headers["content-type"] === undefined) {
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  return {
    ...server,
    dataDir,
    logs,
    api,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
