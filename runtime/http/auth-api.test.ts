import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { type ApiResponse, startTestServer, type TestServer } from "../test-support/test-server";

const ADMIN_EMAIL = "admin@acme.example";
const ADMIN_PASSWORD = "correct horse battery";

/** The `name=value` pair of the sb_session cookie a response set, and its attributes. */
function sessionCookieOf(res: ApiResponse): { pair: string; attributes: string[] } {
  const header = res.headers.getSetCookie().find((cookie) => cookie.startsWith("sb_session="));
  if (header === undefined) throw new Error(`no sb_session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
  return { pair, attributes };
}

/** Calls `server` with a cookie and no API key. */
const withCookie = (server: TestServer, cookie: string, method: string, path: string, body?: unknown) =>
  server.api(method, path, body, { key: null, headers: { cookie } });

describe("a server started with ADMIN_EMAIL and ADMIN_PASSWORD", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD });
  });
  afterAll(() => server.stop());

  const login = (email: string, password: string) => server.api("POST", "/api/auth/login", { email, password }, { key: null });

  it("signs the admin in with an HttpOnly, SameSite=Strict cookie that authorises the API", async () => {
    const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ kind: "user", name: ADMIN_EMAIL, role: "admin" });
    const { pair, attributes } = sessionCookieOf(res);
    expect(pair).toMatch(/^sb_session=[^;]{16,}$/);
    expect(attributes).toContain("HttpOnly");
    expect(attributes).toContain("SameSite=Strict");
    expect(attributes).toContain("Path=/");
    expect(attributes.some((attribute) => /^Expires=/i.test(attribute))).toBe(true);
    // PUBLIC_URL is http here, so not Secure.
    expect(attributes).not.toContain("Secure");

    const flows = await withCookie(server, pair, "GET", "/api/flows");
    expect(flows.status).toBe(200);
    expect(flows.body).toContainEqual(expect.objectContaining({ id: "support-line" }));
    expect((await withCookie(server, pair, "GET", "/api/auth/me")).body).toMatchObject({ kind: "user", name: ADMIN_EMAIL, role: "admin" });
    // an admin may write
    expect((await withCookie(server, pair, "POST", "/api/flows", alwaysOpenSupportLine("by-cookie"))).status).toBe(201);
  });

  it("refuses a wrong password or an unknown email with 401 invalid_credentials and no cookie", async () => {
    for (const [email, password] of [
      [ADMIN_EMAIL, "wrong password"],
      ["nobody@acme.example", ADMIN_PASSWORD],
    ] as const) {
      const res = await login(email, password);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: "invalid_credentials" } });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it("400 naming the field for a malformed login", async () => {
    const res = await server.api("POST", "/api/auth/login", { email: "not-an-email", password: "x" }, { key: null });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.email") } });
  });

  it("logout clears the cookie, and the old cookie no longer works", async () => {
    const { pair } = sessionCookieOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD));
    expect((await withCookie(server, pair, "GET", "/api/flows")).status).toBe(200);

    const out = await withCookie(server, pair, "POST", "/api/auth/logout");
    expect(out.status).toBe(204);
    const cleared = sessionCookieOf(out);
    expect(cleared.pair).toBe("sb_session=");
    expect(cleared.attributes.some((attribute) => /^Max-Age=0$/i.test(attribute) || /^Expires=Thu, 01 Jan 1970/i.test(attribute))).toBe(true);

    const after = await withCookie(server, pair, "GET", "/api/flows");
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("a made-up cookie is 401", async () => {
    expect((await withCookie(server, "sb_session=made-up-token-0123456789", "GET", "/api/flows")).status).toBe(401);
  });

  it("an agent may read but not change flows or run simulations (403)", async () => {
    const created = await server.api("POST", "/api/users", { email: "agent@acme.example", name: "Agent", role: "agent", password: "agent password 1" });
    expect(created.status, created.text).toBe(201);
    const signedIn = await login("agent@acme.example", "agent password 1");
    expect(signedIn.body).toMatchObject({ kind: "user", role: "agent" });
    const { pair } = sessionCookieOf(signedIn);

    expect((await withCookie(server, pair, "GET", "/api/flows")).status).toBe(200);
    expect((await withCookie(server, pair, "GET", "/api/sessions")).status).toBe(200);
    const write = await withCookie(server, pair, "POST", "/api/flows", alwaysOpenSupportLine("by-agent"));
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: { code: "forbidden" } });
    expect((await server.api("GET", "/api/flows/by-agent")).status).toBe(404);
    expect((await withCookie(server, pair, "POST", "/api/flows/support-line/publish", {})).status).toBe(403);
    expect((await withCookie(server, pair, "DELETE", "/api/flows/support-line")).status).toBe(403);
    expect((await withCookie(server, pair, "POST", "/api/simulations", { flowId: "support-line" })).status).toBe(403);
  });

  it("disabling a user ends their cookie session", async () => {
    const created = await server.api("POST", "/api/users", { email: "leaver@acme.example", name: "Leaver", role: "admin", password: "leaver password" });
    expect(created.status, created.text).toBe(201);
    const { pair } = sessionCookieOf(await login("leaver@acme.example", "leaver password"));
    expect((await withCookie(server, pair, "GET", "/api/flows")).status).toBe(200);
    expect((await server.api("PATCH", `/api/users/${(created.body as { id: string }).id}`, { disabled: true })).status).toBe(200);
    expect((await withCookie(server, pair, "GET", "/api/flows")).status).toBe(401);
    expect((await login("leaver@acme.example", "leaver password")).status).toBe(401);
  });
});

/** A first start with neither SWITCHBOARD_API_KEY nor ADMIN_*: the one-time token from the logged setup link. */
async function firstStart(env: Record<string, string>): Promise<{ server: TestServer; token: string }> {
  const server = await startTestServer({ SWITCHBOARD_API_KEY: "", ...env });
  const line = server.logs.find((entry) => entry.includes("/setup?token="));
  const match = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(line ?? "");
  if (match?.[1] === undefined) {
    await server.stop();
    throw new Error(`no setup link logged:\n${server.logs.join("\n")}`);
  }
  return { server, token: match[1] };
}

const owner = { email: "owner@acme.example", name: "Owner", password: "owner password 1" };

/** Wrong token 403, right token 201 + a working cookie, then 409 for any further setup. */
async function setUpFirstAdmin(server: TestServer, token: string): Promise<void> {
  const setup = (body: Record<string, unknown>) => callApi(server.url, "POST", "/api/auth/setup", { key: null, body });
  const adminEmails = async () => (await server.store.users.listUsers()).filter((user) => user.role === "admin").map((user) => user.email);

  const wrong = await setup({ ...owner, token: `${token}x` });
  expect(wrong.status, wrong.text).toBe(403);
  expect(wrong.body).toMatchObject({ error: { code: "invalid_setup_token" } });
  expect(wrong.headers.getSetCookie()).toEqual([]);
  expect(await adminEmails()).toEqual([]);

  const short = await setup({ ...owner, password: "short", token });
  expect(short.status).toBe(400);
  expect(short.body).toMatchObject({ error: { message: expect.stringContaining("body.password") } });

  const done = await setup({ ...owner, token });
  expect(done.status, done.text).toBe(201);
  expect(done.body).toMatchObject({ kind: "user", name: owner.email, role: "admin" });
  const { pair, attributes } = sessionCookieOf(done);
  expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/"]));
  expect((await withCookie(server, pair, "GET", "/api/flows")).status).toBe(200);
  expect((await withCookie(server, pair, "POST", "/api/flows", alwaysOpenSupportLine("owners-flow"))).status).toBe(201);

  for (const again of [{ ...owner, email: "second@acme.example", token }, { ...owner, email: "third@acme.example", token: "anything" }]) {
    const res = await setup(again);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "already_set_up" } });
  }
  expect(await adminEmails()).toEqual([owner.email]);

  // and the admin signs in normally from now on
  const login = await callApi(server.url, "POST", "/api/auth/login", { key: null, body: { email: owner.email, password: owner.password } });
  expect(login.status).toBe(200);
}

describe("first start with neither an API key nor an admin", () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    ({ server, token } = await firstStart({ SEED_EXAMPLES: "0" }));
  });
  afterAll(() => server.stop());

  it("logs a one-time setup link with a token, and nothing else gets in", async () => {
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect(server.logs.filter((entry) => entry.includes(token))).toHaveLength(1);
    expect((await server.api("GET", "/api/flows", undefined, { key: null })).status).toBe(401);
  });

  it("refuses a wrong token with 403, then creates the first admin with the right one (201 + cookie); a second setup is 409", async () => {
    await setUpFirstAdmin(server, token);
  });
});

describe("first start with neither an API key nor an admin, examples seeded (the default)", () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    ({ server, token } = await firstStart({ SEED_EXAMPLES: "1" }));
  });
  afterAll(() => server.stop());

  // Seeding also creates the demo agent (agent@example.com); that user must not count as "set up".
  it("the logged setup link still creates the first admin", async () => {
    expect(server.logs.some((entry) => entry.startsWith("created demo agent"))).toBe(true);
    await setUpFirstAdmin(server, token);
  });
});
