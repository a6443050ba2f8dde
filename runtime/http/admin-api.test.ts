import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ DEMO_AGENT_PASSWORD: "demo agent pw" });
});
afterAll(() => server.stop());

describe("first start", () => {
  it("creates the examples' teams and a demo agent in all of them", async () => {
    const teams = await server.api("GET", "/api/teams");
    expect(teams.status).toBe(200);
    const list = teams.body as Array<{ id: string; members: string[] }>;
    expect(list.map((team) => team.id)).toEqual(["billing", "sales", "support"]);
    const users = (await server.api("GET", "/api/users")).body as Array<{ id: string; email: string; role: string }>;
    const agent = users.find((user) => user.email === "agent@example.com");
    expect(agent?.role).toBe("agent");
    for (const team of list) expect(team.members).toContain(agent?.id);
    const login = await server.api("POST", "/api/auth/login", { email: "agent@example.com", password: "demo agent pw" }, { key: null });
    expect(login.status).toBe(200);
  });

  it("validates transfers against the teams that exist", async () => {
    const flow = (await server.api("GET", "/api/flows/support-line")).body as { document: { nodes: Array<{ type: string; data: { teamId?: string } }> } };
    const doc = structuredClone(flow.document);
    const transfer = doc.nodes.find((node) => node.type === "transfer");
    if (transfer) transfer.data.teamId = "nobody";
    const res = await server.api("POST", "/api/flows/validate", doc);
    expect(res.body).toMatchObject({ valid: true, diagnostics: [expect.objectContaining({ code: "team_missing", severity: "warning" })] });
  });
});

describe("users, API keys and teams", () => {
  it("creates a user, changes the role, disables and resets the password", async () => {
    const created = await server.api("POST", "/api/users", { email: "Bea@Acme.test", name: "Bea", role: "agent", password: "first password" });
    expect(created).toMatchObject({ status: 201, body: { email: "bea@acme.test", role: "agent", disabledAt: null } });
    const id = (created.body as { id: string }).id;
    expect((await server.api("POST", "/api/users", { email: "bea@acme.test", name: "Bea", role: "agent", password: "first password" })).status).toBe(409);
    expect((await server.api("POST", "/api/users", { email: "not-an-email", name: "X", role: "agent", password: "long enough" })).body).toMatchObject({
      error: { code: "invalid_request", message: expect.stringContaining("body.email") },
    });
    expect((await server.api("PATCH", `/api/users/${id}`, { role: "admin" })).body).toMatchObject({ role: "admin" });
    expect((await server.api("PUT", `/api/users/${id}/password`, { password: "second password" })).status).toBe(204);
    expect((await server.api("POST", "/api/auth/login", { email: "bea@acme.test", password: "first password" }, { key: null })).status).toBe(401);
    expect((await server.api("POST", "/api/auth/login", { email: "bea@acme.test", password: "second password" }, { key: null })).status).toBe(200);
    expect((await server.api("PATCH", `/api/users/${id}`, { disabled: true })).body).toMatchObject({ disabledAt: expect.any(String) });
    expect((await server.api("POST", "/api/auth/login", { email: "bea@acme.test", password: "second password" }, { key: null })).status).toBe(401);
  });

  it("issues an API key shown once, which works until it is revoked", async () => {
    const issued = await server.api("POST", "/api/api-keys", { name: "ci", role: "admin" });
    expect(issued.status).toBe(201);
    const { key, id, prefix } = issued.body as { key: string; id: string; prefix: string };
    expect(key.startsWith(prefix)).toBe(true);
    expect((await server.api("GET", "/api/flows", undefined, { key })).status).toBe(200);
    const listed = (await server.api("GET", "/api/api-keys")).text;
    expect(listed).not.toContain(key);
    expect((await server.api("DELETE", `/api/api-keys/${id}`)).status).toBe(204);
    expect((await server.api("GET", "/api/flows", undefined, { key })).status).toBe(401);
  });

  it("lets an agent key read but not administer", async () => {
    const issued = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
    const { key } = issued.body as { key: string };
    expect((await server.api("GET", "/api/flows", undefined, { key })).status).toBe(200);
    expect((await server.api("GET", "/api/users", undefined, { key })).status).toBe(403);
    expect((await server.api("POST", "/api/teams", { id: "x", name: "X" }, { key })).body).toMatchObject({ error: { code: "forbidden" } });
  });

  it("creates teams and manages members", async () => {
    expect((await server.api("POST", "/api/teams", { id: "vip", name: "VIP desk" })).status).toBe(201);
    expect((await server.api("POST", "/api/teams", { id: "vip", name: "Again" })).status).toBe(409);
    expect((await server.api("POST", "/api/teams", { id: "bad id!", name: "Bad" })).status).toBe(400);
    const users = (await server.api("GET", "/api/users")).body as Array<{ id: string }>;
    const userId = users[0]?.id ?? "";
    expect((await server.api("POST", "/api/teams/vip/members", { userId })).body).toMatchObject({ members: [userId] });
    expect((await server.api("POST", "/api/teams/vip/members", { userId: "ghost" })).status).toBe(404);
    expect((await server.api("DELETE", `/api/teams/vip/members/${userId}`)).status).toBe(204);
    expect((await server.api("DELETE", `/api/teams/vip/members/${userId}`)).status).toBe(404);
  });
});
