import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, saidIn, type SessionJson, type SimulationJson } from "../test-support/api-client";
import { exampleFlow, type FlowJson, withNodeData } from "../test-support/example-flows";
import { startTestServer, type TestServer } from "../test-support/test-server";

/**
 * Subflows end to end on a real server whose store was seeded from examples/: callback-request
 * calls callback-number through a subflow node.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function simulate(flowId: string, source: "published" | "draft" = "published"): Promise<SimulationJson> {
  const res = await server.api("POST", "/api/simulations", { flowId, source, channel: "voice", caller: "+12125550100" });
  expect(res.status, res.text).toBe(201);
  return res.body as SimulationJson;
}

async function press(sessionId: string, digits: string): Promise<SimulationJson> {
  const res = await server.api("POST", `/api/simulations/${sessionId}/events`, { type: "digits", digits });
  expect(res.status, res.text).toBe(200);
  return res.body as SimulationJson;
}

async function saveAndPublish(flow: FlowJson): Promise<{ number: number; pins: unknown[] }> {
  const current = await server.api("GET", `/api/flows/${flow.id}`);
  expect(current.status, current.text).toBe(200);
  const { revision } = current.body as { revision: number };
  const saved = await server.api("PUT", `/api/flows/${flow.id}`, { document: flow, baseRevision: revision });
  expect(saved.status, saved.text).toBe(200);
  const published = await server.api("POST", `/api/flows/${flow.id}/publish`, {});
  expect(published.status, published.text).toBe(201);
  return published.body as { number: number; pins: unknown[] };
}

const childWithMenuText = (text: string): FlowJson => withNodeData(exampleFlow("callback-number"), "which_number", { prompt: { text } });

describe("subflows through the API", () => {
  it("seeding published the called flow first and pinned it into the calling version", async () => {
    const res = await server.api("GET", "/api/flows/callback-request/versions/1");
    expect(res.status, res.text).toBe(200);
    const { document } = res.body as { document: FlowJson };
    expect(document.nodes.find((node) => node.id === "get_number")?.data).toMatchObject({ flowId: "callback-number", version: 1 });
    // The draft stays unpinned, and the flow counts as published (the version's hash is the draft's).
    const flow = (await server.api("GET", "/api/flows/callback-request")).body as { document: FlowJson; status: string };
    expect(flow.document.nodes.find((node) => node.id === "get_number")?.data).not.toHaveProperty("version");
    expect(flow.status).toBe("published");
  });

  it("round trips inputs and outputs, and records the subflow's steps under the caller's session in the call log", async () => {
    const started = await simulate("callback-request");
    expect(saidIn(started.effects).at(-1)).toContain("We need a phone number so one of our team can call you back.");
    const done = await press(started.sessionId, "1");
    expect(done.status).toBe("ended");
    expect(saidIn(done.effects)).toEqual(["Thank you. One of our team will call you back at +12125550100 within one business day. Goodbye."]);
    expect(done.variables).toMatchObject({ callback_number: "+12125550100" });

    const log = await server.api("GET", `/api/sessions/${started.sessionId}`);
    expect(log.status, log.text).toBe(200);
    const session = log.body as SessionJson;
    expect(session.flowId).toBe("callback-request");
    expect(pathOf(session.steps)).toEqual([
      "welcome:next",
      "get_number:call",
      "check_caller_id:no_match",
      "which_number:waiting",
      "which_number:option:1",
      "use_caller_id:return:confirmed",
      "get_number:outcome:confirmed",
      "booked:ended",
    ]);
    expect(session.steps.filter((step) => step.flowId === "callback-number").map((step) => step.version)).toEqual([1, 1, 1, 1]);
  });

  it("a draft simulation calls the live version and comes back to the draft (kept with the session)", async () => {
    const started = await simulate("callback-request", "draft");
    const done = await press(started.sessionId, "1");
    expect(done.status).toBe("ended");
    expect(saidIn(done.effects)).toEqual(["Thank you. One of our team will call you back at +12125550100 within one business day. Goodbye."]);
    const session = (await server.api("GET", `/api/sessions/${started.sessionId}`)).body as SessionJson;
    expect(session.steps.map((step) => `${step.flowId}@${step.version ?? "draft"}`).at(-1)).toBe("callback-request@draft");
  });

  it("keeps running the pinned version after the called flow is republished or rolled back, until the caller is published again", async () => {
    await saveAndPublish(childWithMenuText("Version two of the question."));
    // A call on callback-request v1 still runs callback-number v1.
    const old = await simulate("callback-request");
    expect(saidIn(old.effects).at(-1)).toContain("We need a phone number");

    const republished = await saveAndPublish(exampleFlow("callback-request"));
    expect(republished.pins).toEqual([{ nodeId: "get_number", flowId: "callback-number", version: 2 }]);
    const fresh = await simulate("callback-request");
    expect(saidIn(fresh.effects).at(-1)).toBe("Version two of the question.");

    // The called flow rolled back to v1 (published as v3): the caller's new version stays on v2.
    const rolled = await server.api("POST", "/api/flows/callback-number/rollback", { version: 1 });
    expect(rolled.status, rolled.text).toBe(201);
    const afterRollback = await simulate("callback-request");
    expect(saidIn(afterRollback.effects).at(-1)).toBe("Version two of the question.");
    // And the call started before the republish finishes on v1.
    const finished = await press(old.sessionId, "1");
    expect(finished.status).toBe("ended");
    const log = (await server.api("GET", `/api/sessions/${old.sessionId}`)).body as SessionJson;
    expect(new Set(log.steps.filter((step) => step.flowId === "callback-number").map((step) => step.version))).toEqual(new Set([1]));
  });

  it("refuses to publish recursion: the called flow calling its caller back", async () => {
    const child = exampleFlow("callback-number");
    const recursive: FlowJson = {
      ...child,
      entry: "call_back",
      nodes: [...child.nodes, { id: "call_back", type: "subflow", label: "Call the caller", position: { x: 0, y: -220 }, data: { flowId: "callback-request", outcomes: [] } }],
      edges: [...child.edges, { id: "call_back-failed", source: "call_back", sourceHandle: "failed", target: "check_caller_id" }],
    };
    const current = (await server.api("GET", "/api/flows/callback-number")).body as { revision: number };
    const saved = await server.api("PUT", "/api/flows/callback-number", { document: recursive, baseRevision: current.revision });
    expect(saved.status, saved.text).toBe(200);
    expect((saved.body as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code)).toContain("subflow_recursion");
    const published = await server.api("POST", "/api/flows/callback-number/publish", {});
    expect(published.status, published.text).toBe(422);
    expect(published.text).toContain("subflow_recursion");
  });

  it("refuses unknown and missing inputs", async () => {
    const parent = withNodeData(exampleFlow("callback-request"), "get_number", { inputs: { reasons: "typo" } });
    const res = await server.api("POST", "/api/flows/validate", parent);
    expect(res.status, res.text).toBe(200);
    const codes = (res.body as { diagnostics: Array<{ code: string; path?: string }> }).diagnostics.map((d) => `${d.code} ${d.path ?? ""}`);
    expect(codes).toEqual(expect.arrayContaining(["subflow_input_unknown /nodes/1/data/inputs/reasons", "subflow_input_missing /nodes/1/data/inputs"]));
  });
});
