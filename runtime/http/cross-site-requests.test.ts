import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "./auth/session-cookie";
import { ADMIN_KEY, RoomsServer, type TestAgent } from "../rooms/test-support/rooms-server";
import type { ApiResponse } from "../test-support/test-server";
import { startTestServer, type TestServer } from "../test-support/test-server";

const EVIL = "https://evil.example";

interface RawRequest {
  /** A signed-in user (sent as the login cookie), or an API key (`Authorization: Bearer`). */
  as: TestAgent | { key: string } | "nobody";
  headers?: Record<string, string>;
  /** Sent as it is, with `content-type` from `headers` (none unless given). */
  body?: string;
}

/** One request with exactly the headers a test names (no content type added). */
async function raw(baseUrl: string, method: string, path: string, request: RawRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.as !== "nobody") {
    if ("key" in request.as) headers.authorization = `Bearer ${request.as.key}`;
    else headers.cookie = `${SESSION_COOKIE}=${request.as.token}`;
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(request.body === undefined ? {} : { body: request.body }) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers, text };
}

/** A JSON body with `headers` besides its content type. */
const json = (value: unknown, headers: Record<string, string> = {}) => ({ headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(value) });

describe("cookie requests that change state, from another origin", () => {
  let rs: RoomsServer;
  let ana: TestAgent;
  let root: TestAgent;
  let conversationId: string;
  /** The app's own origin, as a browser on its pages sends it. */
  let own: string;
  const send = (method: string, path: string, request: RawRequest) => raw(rs.url, method, path, request);
  const statusOf = async () => ((await rs.call("GET", `/api/conversations/${conversationId}`, ana)).body as { conversation: { status: string } }).conversation.status;

  beforeAll(async () => {
    rs = await RoomsServer.start();
    own = rs.url;
    [ana, root] = [await rs.agent("Ana"), await rs.agent("Root", { role: "admin", team: null })];
    rs.server.rooms.presence.connect(ana.id, `socket-${ana.id}`);
    const sessionId = await rs.chat("ada");
    await rs.server.rooms.settled();
    const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
    if (conversation === undefined) throw new Error("no conversation");
    conversationId = conversation.id;
    expect((await rs.call("POST", `/api/conversations/${conversationId}/accept`, ana)).status).toBe(200);
  });
  afterAll(() => rs.stop());

  it("hold, resume and close from a foreign Origin: 403 with a JSON error, and nothing happens", async () => {
    for (const origin of [EVIL, rs.url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`), "null"]) {
      const held = await send("POST", `/api/conversations/${conversationId}/hold`, { as: ana, headers: { origin } });
      expect(held.status, `${origin}: ${held.text}`).toBe(403);
      expect(held.body).toMatchObject({ error: { code: "cross_site_request", message: expect.stringContaining(origin) } });
    }
    expect(await statusOf()).toBe("active");

    expect((await send("POST", `/api/conversations/${conversationId}/hold`, { as: ana, headers: { origin: own } })).status).toBe(200);
    expect(await statusOf()).toBe("on_hold");
    expect((await send("POST", `/api/conversations/${conversationId}/resume`, { as: ana, headers: { origin: EVIL } })).status).toBe(403);
    expect(await statusOf()).toBe("on_hold");
    expect((await send("POST", `/api/conversations/${conversationId}/close`, { as: ana, headers: { origin: EVIL, "content-type": "application/json" }, body: "{}" })).status).toBe(403);
    expect((await send("POST", `/api/conversations/${conversationId}/close`, { as: ana, headers: { origin: EVIL } })).status).toBe(403);
    expect(await statusOf()).toBe("on_hold");
    expect((await send("POST", `/api/conversations/${conversationId}/resume`, { as: ana, headers: { origin: own } })).status).toBe(200);
    expect(await statusOf()).toBe("active");
  });

  it("Sec-Fetch-Site cross-site or same-site without Origin: 403; same-origin passes", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const res = await send("POST", `/api/conversations/${conversationId}/hold`, { as: ana, headers: { "sec-fetch-site": site } });
      expect(res.status, site).toBe(403);
      expect(res.body).toMatchObject({ error: { code: "cross_site_request" } });
    }
    expect(await statusOf()).toBe("active");
    expect((await send("POST", `/api/conversations/${conversationId}/hold`, { as: ana, headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
    expect((await send("POST", `/api/conversations/${conversationId}/resume`, { as: ana, headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
  });

  it("an admin's channel check, flow save and flow delete from a foreign Origin: 403 and nothing changes", async () => {
    const created = await rs.call("POST", "/api/channels", "admin", { type: "webchat", name: "Site", flowId: "desk", settings: { allowedOrigins: ["https://shop.example"] } });
    expect(created.status, created.text).toBe(201);
    const channelId = (created.body as { id: string }).id;
    const channelStatus = async () => ((await rs.call("GET", `/api/channels/${channelId}`, "admin")).body as { status: string }).status;
    expect(await channelStatus()).toBe("setup");
    expect((await send("POST", `/api/channels/${channelId}/check`, { as: root, headers: { origin: EVIL } })).status).toBe(403);
    expect(await channelStatus()).toBe("setup");
    expect((await send("POST", `/api/channels/${channelId}/check`, { as: root, headers: { origin: own } })).status).toBe(200);
    expect(await channelStatus()).not.toBe("setup");

    const flow = (await rs.call("GET", "/api/flows/desk", "admin")).body as { document: { name: string }; revision: number };
    const renamed = { document: { ...flow.document, name: "Renamed by evil" }, baseRevision: flow.revision };
    const saved = await send("PUT", "/api/flows/desk", { as: root, headers: { origin: EVIL, "content-type": "application/json" }, body: JSON.stringify(renamed) });
    expect(saved.status, saved.text).toBe(403);
    expect((await send("DELETE", "/api/flows/desk", { as: root, headers: { origin: EVIL } })).status).toBe(403);
    const after = (await rs.call("GET", "/api/flows/desk", "admin")).body as { document: { name: string }; revision: number };
    expect(after).toMatchObject({ revision: flow.revision, document: { name: flow.document.name } });

    const ownSave = await send("PUT", "/api/flows/desk", { as: root, headers: { origin: own, "content-type": "application/json" }, body: JSON.stringify({ ...renamed, document: { ...flow.document, name: "Renamed here" } }) });
    expect(ownSave.status, ownSave.text).toBe(200);
  });

  it("an API key works from any Origin (a bearer key is not sent by browsers on their own)", async () => {
    const flow = (await rs.call("GET", "/api/flows/handoff", "admin")).body as { document: { name: string }; revision: number };
    const saved = await send("PUT", "/api/flows/handoff", { as: { key: ADMIN_KEY }, ...json({ document: { ...flow.document, name: "Saved by a script" }, baseRevision: flow.revision }, { origin: EVIL, "sec-fetch-site": "cross-site" }) });
    expect(saved.status, saved.text).toBe(200);
    const rename = await send("PATCH", `/api/conversations/${conversationId}`, { as: { key: ADMIN_KEY }, ...json({ subject: "Set by a script" }, { origin: EVIL }) });
    expect(rename.status, rename.text).toBe(200);
  });

  it("a cookie request with neither Origin nor Sec-Fetch-Site (not a browser) passes", async () => {
    const res = await send("PATCH", `/api/conversations/${conversationId}`, { as: ana, ...json({ priority: "urgent" }) });
    expect(res.status, res.text).toBe(200);
  });

  it("text/plain and form bodies: 415 naming the content type, with or without a body expected, and nothing happens", async () => {
    const bodies: Array<[string, string]> = [
      ["text/plain", '{"body":"hi"}'],
      ["application/x-www-form-urlencoded", "body=hi"],
      ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--x--\r\n'],
    ];
    const messagesBefore = ((await rs.call("GET", `/api/conversations/${conversationId}/messages`, ana)).body as unknown[]).length;
    for (const [type, body] of bodies) {
      for (const as of [ana, { key: ADMIN_KEY }]) {
        const message = await send("POST", `/api/conversations/${conversationId}/messages`, { as, headers: { origin: own, "content-type": type }, body });
        expect(message.status, `${type}: ${message.text}`).toBe(415);
        expect(message.body).toMatchObject({ error: { code: "unsupported_media_type", message: expect.stringContaining(type.split(";")[0] ?? type) } });
        expect((await send("POST", `/api/conversations/${conversationId}/hold`, { as, headers: { origin: own, "content-type": type }, body })).status, type).toBe(415);
      }
    }
    const none = await send("POST", `/api/conversations/${conversationId}/messages`, { as: ana, headers: { origin: own }, body: '{"body":"hi"}' });
    expect(none.status, none.text).toBe(415);
    expect(await statusOf()).toBe("active");
    expect(((await rs.call("GET", `/api/conversations/${conversationId}/messages`, ana)).body as unknown[]).length).toBe(messagesBefore);
    // application/json with a charset is JSON.
    const ok = await send("POST", `/api/conversations/${conversationId}/messages`, { as: ana, headers: { origin: own, "content-type": "application/json; charset=utf-8" }, body: '{"body":"hi"}' });
    expect(ok.status, ok.text).toBe(201);
  });
});

describe("the app's origins: PUBLIC_URL, ALLOWED_APP_ORIGINS and the address it was reached at", () => {
  const ADMIN_EMAIL = "admin@acme.example";
  const ADMIN_PASSWORD = "correct horse battery";
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD, SEED_EXAMPLES: "0", PUBLIC_URL: "https://switchboard.example", ALLOWED_APP_ORIGINS: "http://localhost:5173, https://console.example" });
  });
  afterAll(() => server.stop());

  const login = (origin?: string) =>
    raw(server.url, "POST", "/api/auth/login", { as: "nobody", headers: { "content-type": "application/json", ...(origin === undefined ? {} : { origin }) }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });

  it("refuses a sign-in posted from another site (login CSRF), and sets no cookie", async () => {
    const res = await login(EVIL);
    expect(res.status, res.text).toBe(403);
    expect(res.body).toMatchObject({ error: { code: "cross_site_request" } });
    expect(res.headers.getSetCookie()).toEqual([]);
    const form = await raw(server.url, "POST", "/api/auth/login", { as: "nobody", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `email=${ADMIN_EMAIL}&password=x` });
    expect(form.status).toBe(415);
  });

  it("accepts its own origins", async () => {
    for (const origin of ["https://switchboard.example", "http://localhost:5173", "https://console.example", server.url]) {
      const res = await login(origin);
      expect(res.status, `${origin}: ${res.text}`).toBe(200);
    }
    expect((await login("https://switchboard.example.evil.example")).status).toBe(403);
    expect((await login("http://switchboard.example")).status).toBe(403);
  });
});
