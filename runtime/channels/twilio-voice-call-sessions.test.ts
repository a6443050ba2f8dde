import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { callSessionId } from "./test-support/call-session-id";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, verbs } from "./test-support/twiml-reader";

/**
 * A call's session id is chosen when the call comes in (time-ordered) and found again by every
 * later callback of the call: from memory while the process lives, from the inbound log after a
 * restart.
 */

const PUBLIC_URL = "https://calls.example.test";
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let dataDir = "";
const running: TestServer[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: TestServer; twilio: FakeTwilio }> {
  const server = await startTestServer({ PUBLIC_URL, TWILIO_API_BASE_URL: "http://127.0.0.1:9" }, dataDir);
  running.push(server);
  return { server, twilio: new FakeTwilio(server, PUBLIC_URL) };
}

async function supportLineChannel(server: TestServer): Promise<string> {
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("calls-line"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/calls-line/publish", { note: "v1" })).status).toBe(201);
  const created = await server.api("POST", "/api/channels", { type: "twilio_voice", name: "Calls", flowId: "calls-line", credentials: TEST_ACCOUNT });
  expect(created.status, created.text).toBe(201);
  return z.object({ id: z.string() }).parse(created.body).id;
}

describe("the session of a Twilio call", () => {
  it("gets a time-ordered id when the call comes in: calls' sessions sort by arrival", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-call-sessions-"));
    const { server, twilio } = await start();
    const channelId = await supportLineChannel(server);
    const path = `/webhooks/twilio/voice/${channelId}`;
    const sids = [newCallSid(), newCallSid(), newCallSid()];
    for (const sid of sids) {
      expect((await twilio.post(path, callParams(sid, { CallStatus: "ringing" }))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2)); // another millisecond
    }
    const ids = sids.map((sid) => callSessionId(server, channelId, sid));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    const session = await server.store.sessions.getSessionHead(ids[0] ?? "");
    expect(session).toMatchObject({ channelId, status: "waiting", state: { call: { id: sids[0] } } });
  });

  it("is found by the gather and status callbacks after a restart (from the inbound log)", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-call-sessions-"));
    const first = await start();
    const channelId = await supportLineChannel(first.server);
    const path = `/webhooks/twilio/voice/${channelId}`;
    const callSid = newCallSid();
    const menu = await first.twilio.post(path, callParams(callSid, { CallStatus: "ringing" }));
    expect(verbs(menu.text)).toEqual(["Gather", "Redirect"]);
    const sessionId = callSessionId(first.server, channelId, callSid);
    await first.server.close();
    running.splice(0);

    const second = await start();
    const again = await second.twilio.post(element(menu.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "9" }));
    expect(again.status, again.text).toBe(200);
    expect(again.text).toContain("catch that");
    const ended = await second.twilio.post(`${path}/status`, callParams(callSid, { CallStatus: "completed", CallDuration: "9" }));
    expect(ended.status).toBe(200);
    expect(await second.server.store.sessions.getSessionHead(sessionId)).toMatchObject({ status: "ended", endReason: "completed" });
  });

  it("a callback of a call that never came in here finds no session and changes nothing", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-call-sessions-"));
    const { server, twilio } = await start();
    const channelId = await supportLineChannel(server);
    const stranger = newCallSid();
    const status = await twilio.post(`/webhooks/twilio/voice/${channelId}/status`, callParams(stranger, { CallStatus: "completed" }));
    expect(status.status).toBe(200);
    const gather = await twilio.post(`/webhooks/twilio/voice/${channelId}/gather?token=t1`, callParams(stranger, { Digits: "1" }));
    expect(verbs(gather.text)).toEqual(["Hangup"]);
    expect(await server.store.sessions.listSessions({ channelId })).toMatchObject({ value: { items: [] } });
  });
});
