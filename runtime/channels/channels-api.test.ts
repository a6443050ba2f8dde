import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { ChannelService } from "./channel-service";
import { SecretBox } from "../secrets/secret-box";
import { resolveSecretKey } from "../secrets/secret-key";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";

const PUBLIC_URL = "https://switchboard.example.test";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL });
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("api-line"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/api-line/publish", { note: "v1" })).status).toBe(201);
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("draft-only"))).status).toBe(201);
});
afterAll(async () => {
  await server.stop();
});

const ChannelJson = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  flowId: z.string(),
  enabled: z.boolean(),
  status: z.string(),
  statusMessage: z.string().nullable(),
  credentials: z.record(z.string(), z.string()),
  settings: z.record(z.string(), z.unknown()),
  webhookUrls: z.record(z.string(), z.string()),
});
const ErrorJson = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const RawRow = z.object({ credentials: z.string(), settings: z.string(), status: z.string() });

const voiceChannel = { type: "twilio_voice", name: "Main line", flowId: "api-line", credentials: TEST_ACCOUNT, settings: { phoneNumber: "+15550001000" } };

async function create(body: unknown) {
  const res = await server.api("POST", "/api/channels", body);
  expect(res.status, res.text).toBe(201);
  return ChannelJson.parse(res.body);
}

describe("channels as data", () => {
  it("POST answers 201 with the channel: secrets masked, webhook URLs to configure at Twilio", async () => {
    const channel = await create(voiceChannel);
    expect(channel).toMatchObject({
      type: "twilio_voice",
      name: "Main line",
      flowId: "api-line",
      enabled: true,
      status: "setup",
      statusMessage: null,
      credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "••••••4321" },
      settings: { phoneNumber: "+15550001000" },
      webhookUrls: { voice: `${PUBLIC_URL}/webhooks/twilio/voice/${channel.id}`, statusCallback: `${PUBLIC_URL}/webhooks/twilio/voice/${channel.id}/status` },
    });
    expect(JSON.stringify(channel)).not.toContain(TEST_ACCOUNT.authToken);

    const read = await server.api("GET", `/api/channels/${channel.id}`);
    expect(read.status).toBe(200);
    expect(ChannelJson.parse(read.body)).toEqual(channel);
    const list = await server.api("GET", "/api/channels");
    expect(z.array(ChannelJson).parse(list.body).map((item) => item.id)).toContain(channel.id);
    expect(list.text).not.toContain(TEST_ACCOUNT.authToken);
  });

  it("stores credentials encrypted: the raw row holds no plaintext token", async () => {
    const channel = await create({ ...voiceChannel, name: "Encrypted line" });
    const row = RawRow.parse(server.store.database.sqlite.prepare("SELECT credentials, settings, status FROM channels WHERE id = ?").get(channel.id));
    expect(row.credentials).toMatch(/^v1\./);
    expect(row.credentials).not.toContain(TEST_ACCOUNT.authToken);
    expect(row.credentials).not.toContain(TEST_ACCOUNT.accountSid);
    expect(row.credentials).not.toContain("authToken");
    const file = statSync(join(server.dataDir, "secret.key"));
    expect(file.mode & 0o777).toBe(0o600);
    expect(server.logs.some((line) => line.includes("secret.key (mode 0600)"))).toBe(true);
  });

  it("validates credentials and settings per type, naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...voiceChannel, credentials: { accountSid: TEST_ACCOUNT.accountSid } }, "body.credentials.authToken"],
      [{ ...voiceChannel, credentials: { ...TEST_ACCOUNT, accountSid: "not-a-sid" } }, "body.credentials.accountSid"],
      [{ ...voiceChannel, credentials: { ...TEST_ACCOUNT, extra: "x" } }, "body.credentials"],
      [{ type: "whatsapp_cloud", name: "WA", flowId: "api-line", credentials: { accessToken: "EAAG-access-token-0123456789", appSecret: "0123456789abcdef0123", verifyToken: "verify-token" } }, "body.credentials.phoneNumberId"],
      [{ type: "telegram", name: "Bot", flowId: "api-line", credentials: { botToken: "nope", secretToken: "0123456789abcdef" } }, "body.credentials.botToken"],
      [{ type: "webchat", name: "Site", flowId: "api-line", settings: { allowedOrigins: ["https://acme.example/path"] } }, "body.settings.allowedOrigins.0"],
      [{ type: "webchat", name: "Site", flowId: "api-line" }, "body.settings.allowedOrigins"],
      [{ ...voiceChannel, type: "fax" }, "body.type"],
      [{ ...voiceChannel, flowId: "no-such-flow" }, "body.flowId"],
    ];
    for (const [body, field] of cases) {
      const res = await server.api("POST", "/api/channels", body);
      expect(res.status, `${field}: ${res.text}`).toBe(400);
      expect(ErrorJson.parse(res.body).error.message.startsWith(`${field}:`), res.text).toBe(true);
    }
  });

  it("accepts every type's credentials; webchat has none and lists its allowed origins", async () => {
    const wa = await create({
      type: "whatsapp_cloud",
      name: "WhatsApp",
      flowId: "api-line",
      credentials: { accessToken: "EAAG-access-token-0123456789", appSecret: "0123456789abcdef0123", verifyToken: "verify-token-42", phoneNumberId: "1098765432" },
    });
    expect(wa.credentials).toEqual({ accessToken: "••••••6789", appSecret: "••••••0123", verifyToken: "••••••n-42", phoneNumberId: "1098765432" });
    const tg = await create({ type: "telegram", name: "Bot", flowId: "api-line", credentials: { botToken: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", secretToken: "0123456789abcdef-_" } });
    expect(tg.credentials).toEqual({ botToken: "••••••6789", secretToken: "••••••ef-_" });
    const web = await create({ type: "webchat", name: "Site", flowId: "api-line", settings: { allowedOrigins: ["https://www.acme.example"] } });
    expect(web).toMatchObject({ credentials: {}, settings: { allowedOrigins: ["https://www.acme.example"] }, webhookUrls: {} });
  });

  it("PUT keeps a secret sent back masked, takes a new one, and cannot change the type", async () => {
    const channel = await create({ ...voiceChannel, name: "Editable" });
    const kept = await server.api("PUT", `/api/channels/${channel.id}`, { ...channel, name: "Edited" });
    expect(kept.status, kept.text).toBe(200);
    expect(ChannelJson.parse(kept.body)).toMatchObject({ name: "Edited", credentials: { authToken: "••••••4321" }, status: "setup" });
    expect(await server.store.channels.getChannel(channel.id)).toMatchObject({ credentials: expect.stringMatching(/^v1\./) });
    const opened = await openedCredentials(channel.id);
    expect(opened).toEqual(TEST_ACCOUNT);

    const changed = await server.api("PUT", `/api/channels/${channel.id}`, { credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "another-token-0123456789abcd" } });
    expect(ChannelJson.parse(changed.body).credentials.authToken).toBe("••••••abcd");
    expect(await openedCredentials(channel.id)).toEqual({ accountSid: TEST_ACCOUNT.accountSid, authToken: "another-token-0123456789abcd" });

    const retype = await server.api("PUT", `/api/channels/${channel.id}`, { type: "telegram" });
    expect(retype.status).toBe(400);
    expect(ErrorJson.parse(retype.body).error.message).toMatch(/^body\.type:/);
    const bad = await server.api("PUT", `/api/channels/${channel.id}`, { credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "short" } });
    expect(bad.status).toBe(400);
    expect(ErrorJson.parse(bad.body).error.message).toMatch(/^body\.credentials\.authToken:/);
  });

  it("disabling makes a channel inactive; enabling puts it back to setup", async () => {
    const channel = await create({ ...voiceChannel, name: "Toggle" });
    const off = await server.api("PUT", `/api/channels/${channel.id}`, { enabled: false });
    expect(ChannelJson.parse(off.body)).toMatchObject({ enabled: false, status: "inactive" });
    const on = await server.api("PUT", `/api/channels/${channel.id}`, { enabled: true });
    expect(ChannelJson.parse(on.body)).toMatchObject({ enabled: true, status: "setup" });
  });

  it("says when the bound flow has no published version yet", async () => {
    const channel = await create({ ...voiceChannel, name: "Unpublished", flowId: "draft-only" });
    expect(channel).toMatchObject({ status: "setup", statusMessage: expect.stringContaining("flow draft-only has no published version") });
  });

  it("answers 404 for an unknown channel, deletes with 204, and only admins change channels", async () => {
    expect((await server.api("GET", "/api/channels/nope")).status).toBe(404);
    expect((await server.api("PUT", "/api/channels/nope", { name: "x" })).status).toBe(404);
    expect((await server.api("DELETE", "/api/channels/nope")).status).toBe(404);
    const channel = await create({ ...voiceChannel, name: "Doomed" });
    expect((await server.api("DELETE", `/api/channels/${channel.id}`)).status).toBe(204);
    expect((await server.api("GET", `/api/channels/${channel.id}`)).status).toBe(404);
    expect((await server.api("GET", "/api/channels", undefined, { key: null })).status).toBe(401);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await server.api("GET", "/api/openapi.json");
    expect(Object.keys(z.object({ paths: z.record(z.string(), z.unknown()) }).parse(doc.body).paths)).toEqual(expect.arrayContaining(["/api/channels", "/api/channels/{id}"]));
  });
});

async function openedCredentials(id: string): Promise<unknown> {
  const record = await server.store.channels.getChannel(id);
  if (record === undefined) throw new Error(`no channel ${id}`);
  // The server's own key, from its data directory: what the runtime itself opens them with.
  const service = new ChannelService(server.store.channels, new SecretBox(resolveSecretKey({ dataDir: server.dataDir }).key));
  return service.open(record).credentials;
}
