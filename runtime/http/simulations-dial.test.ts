import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, type SessionJson, type SimulationJson } from "../test-support/api-client";
import { startTestServer, type TestServer } from "../test-support/test-server";

let server: TestServer;
beforeAll(async () => {
  // The first start imports and publishes examples/: on-call-forward among them.
  server = await startTestServer();
});
afterAll(() => server.stop());

async function post(path: string, body: Record<string, unknown>, status: number): Promise<SimulationJson> {
  const res = await server.api("POST", path, body);
  expect(res.status, res.text).toBe(status);
  return res.body as SimulationJson;
}

describe("simulating a dial node", () => {
  it("shows the dial effect, waits for the dial, and a simulated dial_result takes its handle with its duration", async () => {
    const started = await post("/api/simulations", { flowId: "on-call-forward", source: "published", caller: "+15557654321" }, 201);
    expect(started).toMatchObject({ status: "waiting", waitingFor: "dial", currentNodeId: "engineer" });
    expect(started.effects.at(-1)).toMatchObject({ type: "dial", to: "+14155550123", sip: false, timeoutSeconds: 25, record: true });
    const after = await post(`/api/simulations/${started.sessionId}/events`, { type: "dial_result", status: "completed", durationSeconds: 95 }, 200);
    expect(after).toMatchObject({ status: "ended", nodes: { engineer: { status: "completed", durationSeconds: 95 } }, variables: { forward: { status: "completed", durationSeconds: 95 } } });
    const res = await server.api("GET", `/api/sessions/${started.sessionId}`);
    expect(pathOf((res.body as SessionJson).steps)).toEqual(["connecting:next", "engineer:waiting", "engineer:completed", "goodbye:ended"]);
  });

  it("timeout at a dial is no_answer; dial_result when not dialling is 409", async () => {
    const started = await post("/api/simulations", { flowId: "on-call-forward", source: "published" }, 201);
    const timedOut = await post(`/api/simulations/${started.sessionId}/events`, { type: "timeout" }, 200);
    expect(timedOut.nodes).toMatchObject({ engineer: { status: "no_answer" } });
    const refused = await server.api("POST", `/api/simulations/${started.sessionId}/events`, { type: "dial_result", status: "busy" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "not_waiting" } });
  });
});
