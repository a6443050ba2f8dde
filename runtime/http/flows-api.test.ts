import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/test-server";

const examples = new URL("../../examples/", import.meta.url);
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`${name}.json`, examples), "utf8"));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const newFlow = (id: string, extra: Record<string, unknown> = {}) => ({ ...example("support-line"), id, name: `Flow ${id}`, ...extra });

describe("authentication", () => {
  it("refuses every /api route without credentials, with a JSON error", async () => {
    for (const [method, path] of [
      ["GET", "/api/flows"],
      ["POST", "/api/flows/validate"],
      ["GET", "/api/sessions"],
      ["GET", "/api/openapi.json"],
      ["POST", "/api/simulations"],
    ] as const) {
      const res = await server.api(method, path, method === "POST" ? {} : undefined, { key: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });

  it("refuses a wrong API key", async () => {
    expect((await server.api("GET", "/api/flows", undefined, { key: "sb_wrong" })).status).toBe(401);
  });

  it("accepts the key from SWITCHBOARD_API_KEY as an admin", async () => {
    const me = await server.api("GET", "/api/auth/me");
    expect(me).toMatchObject({ status: 200, body: { kind: "api_key", role: "admin" } });
  });
});

describe("flows", () => {
  it("lists the example flows, imported and published on first start", async () => {
    const res = await server.api("GET", "/api/flows");
    expect(res.status).toBe(200);
    const ids = (res.body as Array<{ id: string; status: string; publishedVersion: number }>).map((flow) => flow.id);
    expect(ids).toEqual(expect.arrayContaining(["support-line", "account-balance", "language-selector", "appointment-confirmation", "after-hours", "chat-escalation"]));
    expect(res.body).toContainEqual(expect.objectContaining({ id: "support-line", status: "published", publishedVersion: 1 }));
  });

  it("creates a flow: 201 with id, name and revision 1; the same id again is 409", async () => {
    const created = await server.api("POST", "/api/flows", newFlow("created-one"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "created-one", name: "Flow created-one", revision: 1, publishedVersion: null, status: "unpublished" });
    const again = await server.api("POST", "/api/flows", newFlow("created-one"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "flow_exists" } });
  });

  it("refuses a document that does not parse with 422 and the diagnostics", async () => {
    const res = await server.api("POST", "/api/flows", { ...newFlow("bad-one"), nodes: [{ id: "x", type: "teleport", position: { x: 0, y: 0 }, data: {} }] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "flow_invalid", details: { diagnostics: expect.arrayContaining([expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/type" })]) } } });
    expect((await server.api("GET", "/api/flows/bad-one")).status).toBe(404);
  });

  it("answers 400 for a body that is not JSON, naming it", async () => {
    const res = await server.api("POST", "/api/flows", undefined, { raw: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_json" } });
  });

  it("gets a flow with its draft document", async () => {
    const res = await server.api("GET", "/api/flows/support-line");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: "support-line", revision: 1, publishedVersion: 1, document: { id: "support-line", entry: "welcome" } });
    expect((await server.api("GET", "/api/flows/nope")).body).toMatchObject({ error: { code: "flow_not_found" } });
  });

  it("saves a draft against its revision; a stale revision gets 409 with the current one", async () => {
    await server.api("POST", "/api/flows", newFlow("drafty"));
    const first = await server.api("PUT", "/api/flows/drafty", { document: newFlow("drafty", { name: "Renamed" }), baseRevision: 1 });
    expect(first).toMatchObject({ status: 200, body: { revision: 2, name: "Renamed" } });
    const stale = await server.api("PUT", "/api/flows/drafty", { document: newFlow("drafty", { name: "Other tab" }), baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "revision_conflict", details: { currentRevision: 2 } } });
    expect((await server.api("GET", "/api/flows/drafty")).body).toMatchObject({ name: "Renamed", revision: 2 });
  });

  it("names the missing field in a 400", async () => {
    const res = await server.api("PUT", "/api/flows/drafty", { document: newFlow("drafty") });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.baseRevision") } });
    const wrongId = await server.api("PUT", "/api/flows/drafty", { document: newFlow("someone-else"), baseRevision: 2 });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body).toMatchObject({ error: { message: expect.stringContaining("body.document.id") } });
  });

  it("validates without saving", async () => {
    const res = await server.api("POST", "/api/flows/validate", { ...newFlow("dry"), entry: "nowhere" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, diagnostics: [expect.objectContaining({ code: "entry_missing" })] });
    expect((await server.api("GET", "/api/flows/dry")).status).toBe(404);
    const ok = await server.api("POST", "/api/flows/validate", example("account-balance"));
    expect(ok.body).toMatchObject({ valid: true, diagnostics: [] });
  });

  it("refuses to publish a draft with errors (422 + diagnostics), publishes a clean one as version 1, 2…", async () => {
    await server.api("POST", "/api/flows", newFlow("pub", { entry: "nowhere" }));
    const refused = await server.api("POST", "/api/flows/pub/publish", { note: "try" });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: "flow_invalid", details: { diagnostics: expect.arrayContaining([expect.objectContaining({ code: "entry_missing" })]) } } });

    await server.api("PUT", "/api/flows/pub", { document: newFlow("pub"), baseRevision: 1 });
    const v1 = await server.api("POST", "/api/flows/pub/publish", { note: "first" });
    expect(v1).toMatchObject({ status: 201, body: { number: 1, note: "first", live: true, author: "api key SWITCHBOARD_API_KEY" } });
    await server.api("PUT", "/api/flows/pub", { document: newFlow("pub", { name: "Second" }), baseRevision: 2 });
    const v2 = await server.api("POST", "/api/flows/pub/publish", { note: "second" });
    expect(v2.body).toMatchObject({ number: 2 });

    const versions = await server.api("GET", "/api/flows/pub/versions");
    expect(versions.body).toEqual([expect.objectContaining({ number: 2, live: true }), expect.objectContaining({ number: 1, live: false, note: "first" })]);
    const one = await server.api("GET", "/api/flows/pub/versions/1");
    expect(one.body).toMatchObject({ number: 1, document: { name: "Flow pub" } });
    expect((await server.api("GET", "/api/flows/pub/versions/9")).status).toBe(404);

    const rolled = await server.api("POST", "/api/flows/pub/rollback", { version: 1 });
    expect(rolled).toMatchObject({ status: 201, body: { version: { number: 3, live: true } } });
    expect((await server.api("GET", "/api/flows/pub")).body).toMatchObject({ name: "Flow pub", publishedVersion: 3, status: "published" });
  });

  it("exports the draft as a JSON file that imports back unchanged", async () => {
    const exported = await server.api("GET", "/api/flows/account-balance/export");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain('filename="account-balance.json"');
    const document = JSON.parse(exported.text);
    const dup = await server.api("POST", "/api/flows/import", { ...document, id: "account-balance-copy" });
    expect(dup.status).toBe(201);
    const again = await server.api("GET", "/api/flows/account-balance-copy/export");
    expect(again.text).toBe(exported.text.replace('"id": "account-balance"', '"id": "account-balance-copy"'));
    expect((await server.api("POST", "/api/flows/import", document)).status).toBe(409);
  });

  it("imports a Whatomate graph through the importer, reporting what it could not map", async () => {
    const graph = JSON.parse(readFileSync(new URL("whatomate/legacy-with-problems.json", examples), "utf8"));
    const res = await server.api("POST", "/api/flows/import?id=legacy&name=Legacy%20IVR", graph);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: "legacy", name: "Legacy IVR", document: { schemaVersion: 1 }, issues: expect.arrayContaining([expect.objectContaining({ severity: "error" })]) });
  });

  it("imports a Twilio Studio flow, detected by states and initial_state, with the report in issues", async () => {
    const studio = JSON.parse(readFileSync(new URL("studio/acme-ivr.json", examples), "utf8"));
    const preview = await server.api("POST", "/api/flows/import?dryRun=true&id=studio-ivr", studio);
    expect(preview).toMatchObject({ status: 200, body: { exists: false, document: { id: "studio-ivr", name: "Acme IVR", schemaVersion: 1, entry: "welcome" } } });
    const res = await server.api("POST", "/api/flows/import?id=studio-ivr", studio);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      id: "studio-ivr",
      issues: expect.arrayContaining([expect.objectContaining({ severity: "warning", nodeId: "sales_queue", path: "/states/5/type", message: expect.stringContaining('transfer to team "sales"') })]),
    });
    expect(res.body).toMatchObject({ diagnostics: expect.not.arrayContaining([expect.objectContaining({ severity: "error" })]) });
    expect((await server.api("POST", "/api/flows/studio-ivr/publish", { note: "from Studio" })).status).toBe(201);
  });

  it("imports a Studio flow with placeholders as a draft that cannot be published", async () => {
    const studio = JSON.parse(readFileSync(new URL("studio/not-yet-converted.json", examples), "utf8"));
    const res = await server.api("POST", "/api/flows/import?format=studio&id=studio-gaps", studio);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ diagnostics: expect.arrayContaining([expect.objectContaining({ code: "placeholder_node", nodeId: "pay" })]) });
    const publish = await server.api("POST", "/api/flows/studio-gaps/publish", { note: "try" });
    expect(publish.status).toBe(422);
    expect(publish.text).toContain("placeholder_node");
  });

  it("refuses ?format=studio for a body that is no Studio flow with 422 naming the field, saving nothing", async () => {
    const res = await server.api("POST", "/api/flows/import?format=studio&id=not-studio", { description: "x", states: "none", initial_state: "Trigger" });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "flow_invalid", message: expect.stringContaining("states"), details: { format: "studio", path: "/states" } } });
    expect((await server.api("GET", "/api/flows/not-studio")).status).toBe(404);
  });

  it("previews an import with dryRun, saving nothing", async () => {
    const graph = JSON.parse(readFileSync(new URL("whatomate/support-ivr.json", examples), "utf8"));
    const res = await server.api("POST", "/api/flows/import?dryRun=true&id=preview-only", graph);
    // The graph's goto_flow names a Whatomate flow that does not exist here: the preview says so.
    expect(res).toMatchObject({
      status: 200,
      body: { exists: false, document: { id: "preview-only", schemaVersion: 1 }, diagnostics: [expect.objectContaining({ code: "goto_target_missing" })] },
    });
    expect((await server.api("GET", "/api/flows/preview-only")).status).toBe(404);
  });

  it("deletes a flow", async () => {
    await server.api("POST", "/api/flows", newFlow("doomed"));
    expect((await server.api("DELETE", "/api/flows/doomed")).status).toBe(204);
    expect((await server.api("GET", "/api/flows/doomed")).status).toBe(404);
    expect((await server.api("DELETE", "/api/flows/doomed")).status).toBe(404);
  });
});

describe("document limits on save, create and import", () => {
  const MAX_NODES = 2000;
  const MAX_EDGES = 8000;
  const MAX_BYTES = 4 * 1024 * 1024;
  /** The support line with hangup nodes added until it has `count` nodes, each with a prompt of `promptLength` characters. */
  const withNodes = (id: string, count: number, promptLength = 0) => {
    const flow: Record<string, unknown> = newFlow(id);
    const nodes: unknown[] = Array.isArray(flow.nodes) ? [...flow.nodes] : [];
    const prompt = promptLength > 0 ? { prompt: { text: "x".repeat(promptLength) } } : {};
    while (nodes.length < count) nodes.push({ id: `extra-${nodes.length}`, type: "hangup", position: { x: 0, y: 0 }, data: prompt });
    return { ...flow, nodes };
  };
  const withEdges = (id: string, count: number) => {
    const flow: Record<string, unknown> = newFlow(id);
    const edges: unknown[] = Array.isArray(flow.edges) ? [...flow.edges] : [];
    while (edges.length < count) edges.push({ id: `extra-${edges.length}`, source: "welcome", sourceHandle: "next", target: "hours" });
    return { ...flow, edges };
  };
  /** The draft as stored: its revision and document. */
  const draftOf = async (id: string) => {
    const res = await server.api("GET", `/api/flows/${id}`);
    return { status: res.status, body: res.body as { revision?: number; document?: unknown } };
  };
  const tooBigError = (limit: string, code: string, status: number) => ({
    status,
    body: { error: { code, message: expect.stringContaining(limit === "maxBytes" ? "MB" : "at most"), details: expect.objectContaining({ limit, max: expect.any(Number), actual: expect.any(Number), pointer: expect.any(String) }) } },
  });

  beforeAll(async () => {
    expect((await server.api("POST", "/api/flows", newFlow("limited"))).status).toBe(201);
  });

  it(`refuses a draft of ${MAX_NODES + 1} nodes with 422 too_many_nodes naming the limit, and keeps the previous draft`, async () => {
    const before = await draftOf("limited");
    const res = await server.api("PUT", "/api/flows/limited", { document: withNodes("limited", MAX_NODES + 1), baseRevision: before.body.revision });
    expect(res).toMatchObject(tooBigError("maxNodes", "too_many_nodes", 422));
    expect(res.body).toMatchObject({ error: { details: { limit: "maxNodes", max: MAX_NODES, actual: MAX_NODES + 1, pointer: "/nodes" } } });
    expect(await draftOf("limited")).toEqual(before);
  });

  it(`saves a draft of exactly ${MAX_NODES} nodes`, async () => {
    const before = await draftOf("limited");
    const res = await server.api("PUT", "/api/flows/limited", { document: withNodes("limited", MAX_NODES), baseRevision: before.body.revision });
    expect(res.status).toBe(200);
    expect((res.body as { document: { nodes: unknown[] } }).document.nodes).toHaveLength(MAX_NODES);
  });

  it(`refuses ${MAX_EDGES + 1} edges with 422 too_many_edges`, async () => {
    const before = await draftOf("limited");
    const res = await server.api("PUT", "/api/flows/limited", { document: withEdges("limited", MAX_EDGES + 1), baseRevision: before.body.revision });
    expect(res).toMatchObject(tooBigError("maxEdges", "too_many_edges", 422));
    expect(res.body).toMatchObject({ error: { details: { max: MAX_EDGES, actual: MAX_EDGES + 1, pointer: "/edges" } } });
    expect(await draftOf("limited")).toEqual(before);
  });

  it("refuses a string over 10,000 characters with 422 string_too_long and its JSON pointer", async () => {
    const before = await draftOf("limited");
    const res = await server.api("PUT", "/api/flows/limited", { document: { ...newFlow("limited"), $schema: "s".repeat(10_001) }, baseRevision: before.body.revision });
    expect(res).toMatchObject(tooBigError("maxStringLength", "string_too_long", 422));
    expect(res.body).toMatchObject({ error: { details: { max: 10_000, actual: 10_001, pointer: "/$schema" } } });
    expect(await draftOf("limited")).toEqual(before);
  });

  it("refuses a draft over 4 MB with 413 flow_too_large, before reading it as a flow", async () => {
    const before = await draftOf("limited");
    const document = withNodes("limited", 1500, 3000);
    const res = await server.api("PUT", "/api/flows/limited", { document, baseRevision: before.body.revision });
    expect(JSON.stringify({ document }).length).toBeGreaterThan(MAX_BYTES);
    expect(res).toMatchObject(tooBigError("maxBytes", "flow_too_large", 413));
    expect(res.body).toMatchObject({ error: { details: { max: MAX_BYTES, pointer: "" } } });
    expect((res.body as { error: { details: { actual: number } } }).error.details.actual).toBeGreaterThan(MAX_BYTES);
    expect(await draftOf("limited")).toEqual(before);
  });

  it("refuses an oversized new flow: nothing is created", async () => {
    expect(await server.api("POST", "/api/flows", withNodes("huge-new", MAX_NODES + 1))).toMatchObject(tooBigError("maxNodes", "too_many_nodes", 422));
    expect(await server.api("POST", "/api/flows", withNodes("huge-new", 1500, 3000))).toMatchObject(tooBigError("maxBytes", "flow_too_large", 413));
    expect((await draftOf("huge-new")).status).toBe(404);
  });

  it("refuses an oversized import, new or over an existing draft (?replace=true), storing nothing", async () => {
    expect(await server.api("POST", "/api/flows/import", withNodes("huge-import", MAX_NODES + 1))).toMatchObject(tooBigError("maxNodes", "too_many_nodes", 422));
    expect(await server.api("POST", "/api/flows/import", withNodes("huge-import", 1500, 3000))).toMatchObject(tooBigError("maxBytes", "flow_too_large", 413));
    expect((await draftOf("huge-import")).status).toBe(404);
    const before = await draftOf("limited");
    expect(await server.api("POST", "/api/flows/import?replace=true", withNodes("limited", MAX_NODES + 1))).toMatchObject(tooBigError("maxNodes", "too_many_nodes", 422));
    expect(await server.api("POST", "/api/flows/import?replace=true", withEdges("limited", MAX_EDGES + 1))).toMatchObject(tooBigError("maxEdges", "too_many_edges", 422));
    expect(await draftOf("limited")).toEqual(before);
  });

  it("refuses a Whatomate graph with too many nodes before converting it", async () => {
    const graph = JSON.parse(readFileSync(new URL("whatomate/support-ivr.json", examples), "utf8")) as { nodes: Array<Record<string, unknown>> };
    const first = graph.nodes[0] ?? {};
    const nodes = [...graph.nodes];
    while (nodes.length <= MAX_NODES) nodes.push({ ...first, id: `copy_${nodes.length}` });
    const res = await server.api("POST", "/api/flows/import?id=huge-graph", { ...graph, nodes });
    expect(res).toMatchObject(tooBigError("maxNodes", "too_many_nodes", 422));
    expect((await draftOf("huge-graph")).status).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  it("describes every route of the API", async () => {
    const res = await server.api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const [path, method] of [
      ["/api/flows", "get"],
      ["/api/flows", "post"],
      ["/api/flows/{id}", "put"],
      ["/api/flows/validate", "post"],
      ["/api/flows/{id}/publish", "post"],
      ["/api/flows/{id}/versions/{n}", "get"],
      ["/api/flows/{id}/rollback", "post"],
      ["/api/flows/{id}/export", "get"],
      ["/api/flows/import", "post"],
      ["/api/sessions", "get"],
      ["/api/sessions/{id}", "get"],
      ["/api/simulations", "post"],
      ["/api/simulations/{id}/events", "post"],
      ["/api/auth/login", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
