import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { RoomsServer, type TestAgent } from "../../rooms/test-support/rooms-server";
import { SESSION_COOKIE } from "../auth/session-cookie";

/** Opens /ws/agent with the login cookie and `origin` (as a browser sends it); the HTTP status of a refusal, or "open". */
function upgrade(url: string, agent: TestAgent, origin?: string): Promise<number | "open"> {
  const socket = new WebSocket(url, { headers: { cookie: `${SESSION_COOKIE}=${agent.token}` }, ...(origin === undefined ? {} : { origin }) });
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      socket.close();
      resolve("open");
    });
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("error", reject);
  });
}

describe("the agent socket's Origin check", () => {
  let rs: RoomsServer;
  let ana: TestAgent;
  beforeAll(async () => {
    rs = await RoomsServer.start();
    ana = await rs.agent("Ana");
  });
  afterAll(() => rs.stop());

  it("refuses an upgrade from a foreign Origin with 403, even with a valid cookie", async () => {
    expect(await upgrade(rs.wsUrl, ana, "https://evil.example")).toBe(403);
    expect(await upgrade(rs.wsUrl, ana, rs.url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`))).toBe(403);
    expect(await upgrade(rs.wsUrl, ana, "null")).toBe(403);
  });

  it("accepts the app's own origin, and clients that send no Origin (not browsers)", async () => {
    expect(await upgrade(rs.wsUrl, ana, rs.url)).toBe("open");
    expect(await upgrade(rs.wsUrl, ana)).toBe("open");
  });
});
