import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { callParams, newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element } from "./test-support/twiml-reader";
import { PUBLIC_URL, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let channelId = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("guarded-line"));
  channelId = await fx.channel("guarded-line");
});
afterAll(() => fx.stop());

const ErrorJson = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const path = () => `/webhooks/twilio/voice/${channelId}`;

describe("what a webhook must be before anything is stored", () => {
  it("a wrong or missing X-Twilio-Signature gets 403 and stores nothing", async () => {
    const before = (await fx.inboundCount());
    const params = callParams(newCallSid());
    const missing = await fx.twilio.post(path(), params, { signature: null });
    expect(missing.status).toBe(403);
    expect(ErrorJson.parse(JSON.parse(missing.text)).error.code).toBe("signature_invalid");
    const forged = twilio.getExpectedTwilioSignature("0000000000000000ffffffffffffffff", `${PUBLIC_URL}${path()}`, params);
    expect((await fx.twilio.post(path(), params, { signature: forged })).status).toBe(403);
    // Signed for another URL (the server's own address instead of PUBLIC_URL).
    const wrongUrl = twilio.getExpectedTwilioSignature(TEST_ACCOUNT.authToken, `${fx.server.url}${path()}`, params);
    expect((await fx.twilio.post(path(), params, { signature: wrongUrl })).status).toBe(403);
    // A tampered body: signed for other parameters.
    const signed = twilio.getExpectedTwilioSignature(TEST_ACCOUNT.authToken, `${PUBLIC_URL}${path()}`, params);
    expect((await fx.twilio.post(path(), { ...params, From: "+15550009999" }, { signature: signed })).status).toBe(403);
    // Another account's call, even when signed with this channel's token.
    expect((await fx.twilio.post(path(), { ...params, AccountSid: `AC${"f".repeat(32)}` })).status).toBe(403);
    expect((await fx.inboundCount())).toBe(before);
    expect(await fx.server.store.sessions.getSessionHead(`${params.CallSid}`)).toBeUndefined();
  });

  it("a body over 1 MB gets 413, declared or streamed without a length, and stores nothing", async () => {
    const before = (await fx.inboundCount());
    const huge = new URLSearchParams({ ...callParams(newCallSid()), Padding: "x".repeat(1024 * 1024) }).toString();
    const declared = await fx.twilio.post(path(), {}, { body: huge });
    expect(declared.status).toBe(413);
    expect(ErrorJson.parse(JSON.parse(declared.text)).error.code).toBe("too_large");
    // Chunked: no Content-Length, so the limit is counted while reading.
    const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(`${fx.server.url}${path()}`);
      const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", "x-twilio-signature": "x" } }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on("error", reject);
      for (let offset = 0; offset < huge.length; offset += 64 * 1024) request.write(huge.slice(offset, offset + 64 * 1024));
      request.end();
    });
    expect(streamed.status).toBe(413);
    expect(ErrorJson.parse(JSON.parse(streamed.text)).error.code).toBe("too_large");
    expect((await fx.inboundCount())).toBe(before);
    // The server goes on serving.
    expect((await fx.twilio.post(path(), callParams(newCallSid()))).status).toBe(200);
  });

  it("a signed but malformed request gets 400 naming what is wrong, and stores nothing", async () => {
    const before = (await fx.inboundCount());
    const sid = newCallSid();
    const cases: Array<[string, Record<string, string>, string]> = [
      [path(), { ...callParams(sid), CallSid: "not-a-call" }, "body.CallSid"],
      [path(), Object.fromEntries(Object.entries(callParams(sid)).filter(([name]) => name !== "CallSid")), "body.CallSid"],
      [`${path()}/gather?token=w1`, callParams(sid, { Digits: "12ab" }), "body.Digits"],
      [`${path()}/gather`, callParams(sid, { Digits: "1" }), "query.token"],
      [`${path()}/status`, { ...callParams(sid), CallStatus: "" }, "body.CallStatus"],
    ];
    for (const [url, params, field] of cases) {
      const res = await fx.twilio.post(url, params);
      expect(res.status, `${field}: ${res.text}`).toBe(400);
      expect(ErrorJson.parse(JSON.parse(res.text)).error.message.startsWith(`${field}:`), res.text).toBe(true);
    }
    const json = await fx.twilio.post(path(), {}, { contentType: "application/json", body: JSON.stringify(callParams(sid)) });
    expect(json.status).toBe(400);
    expect((await fx.inboundCount())).toBe(before);
  });

  it("an unknown channel, a channel of another type, or an unknown callback gets 404", async () => {
    const params = callParams(newCallSid());
    const unknown = await fx.twilio.post(`/webhooks/twilio/voice/${randomUUID()}`, params);
    expect(unknown.status).toBe(404);
    expect(ErrorJson.parse(JSON.parse(unknown.text)).error.code).toBe("channel_not_found");
    const web = await fx.server.api("POST", "/api/channels", { type: "webchat", name: "Site", flowId: "guarded-line", settings: { allowedOrigins: ["https://acme.example"] } });
    const webId = z.object({ id: z.string() }).parse(web.body).id;
    expect((await fx.twilio.post(`/webhooks/twilio/voice/${webId}`, params)).status).toBe(404);
    expect((await fx.twilio.post(`${path()}/recording`, params)).status).toBe(404);
  });

  it("a gather callback for a call this runtime never saw hangs up", async () => {
    const res = await fx.twilio.post(`${path()}/gather?token=w1`, callParams(newCallSid(), { Digits: "1" }));
    expect(res.status).toBe(200);
    expect(res.text).toContain("<Hangup/>");
  });

  it("a late answer to an earlier prompt goes to the wait the call is at now", async () => {
    const call = fx.call(channelId);
    const first = await call.incoming();
    // The runner's input timer fired meanwhile (as if Twilio had been slow): the menu moved to w2.
    const state = (await fx.server.runner.dispatch(call.sessionId, { type: "timeout", token: "w1" })).state;
    expect(state.waiting).toMatchObject({ kind: "input", token: "w2" });
    const late = await call.answer(first.text, { Digits: "1" });
    expect(element(late.text, "Enqueue").text).toBe("sales");
  });
});
