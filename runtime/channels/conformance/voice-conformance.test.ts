import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { alwaysOpenSupportLine } from "../../test-support/example-flows";
import { callSessionId } from "../test-support/call-session-id";
import { callParams, FakeTwilio, newCallSid } from "../test-support/fake-twilio";
import { element, readTwiml, verbs } from "../test-support/twiml-reader";
import { PUBLIC_URL, TWILIO } from "./chat-cases";
import { ChatFixture } from "./chat-fixture";

/**
 * examples/support-line.json (open around the clock) through the Twilio voice driver, with the
 * same stand-in and expectations as the chat drivers: Twilio-shaped signed requests, TwiML out,
 * the Calls API for what happens between webhooks, refusals that store nothing.
 */

const fx = new ChatFixture();
let twilio: FakeTwilio;
let channelId = "";

beforeAll(async () => {
  await fx.start();
  twilio = new FakeTwilio(fx.server, PUBLIC_URL, TWILIO.authToken);
  await fx.publish(alwaysOpenSupportLine("support-voice", { transferTimeoutSeconds: 30 }));
  const res = await fx.server.api("POST", "/api/channels", { type: "twilio_voice", name: "Main line", flowId: "support-voice", credentials: TWILIO });
  expect(res.status, res.text).toBe(201);
  channelId = z.object({ id: z.string() }).parse(res.body).id;
  await fx.agentOnline();
});
afterAll(() => fx.stop());

const path = () => `/webhooks/twilio/voice/${channelId}`;

describe("support-line on Twilio voice", () => {
  it("a call reaches the menu, a key enqueues it for sales, and the transfer's timeout redirects the call over REST", async () => {
    const callSid = newCallSid();
    const first = await twilio.post(path(), callParams(callSid, { CallStatus: "ringing" }));
    expect(first.status).toBe(200);
    expect(verbs(first.text)).toEqual(["Gather", "Redirect"]);
    expect(element(first.text, "Gather").inside.map((verb) => verb.text.slice(0, 24))).toEqual(["Thank you for calling Ac", "For sales and new orders"]);

    const gather = element(first.text, "Gather").attributes.action ?? "";
    const queued = await twilio.post(gather, callParams(callSid, { Digits: "1" }));
    expect(element(queued.text, "Enqueue").text).toBe("sales");

    // Twilio retries the same gather: the same TwiML, no step.
    const steps = await fx.stepCount();
    const retried = await twilio.post(gather, callParams(callSid, { Digits: "1" }));
    expect(retried.text).toBe(queued.text);
    expect(await fx.stepCount()).toBe(steps);

    const update = `/2010-04-01/Accounts/${TWILIO.accountSid}/Calls/${callSid}.json`;
    await fx.dueNow(callSessionId(fx.server, channelId, callSid));
    const request = await pollUntil(async () => fx.standIn.to(update)[0], 5_000, () => "the call update", 25);
    expect(request.method).toBe("POST");
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64")}`);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(readTwiml(new URLSearchParams(request.body).get("Twiml") ?? "").map((verb) => verb.name)).toEqual(["Say", "Hangup"]);
    const session = await fx.session(callSessionId(fx.server, channelId, callSid));
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`).slice(-3)).toEqual(["to_sales:waiting", "to_sales:no_answer", "all_busy:ended"]);
  });

  it("a missing or wrong signature gets 403, a malformed body 400, an unknown channel 404: nothing stored", async () => {
    const params = callParams(newCallSid());
    const before = { inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) };
    expect((await twilio.post(path(), params, { signature: null })).status).toBe(403);
    expect((await twilio.post(path(), params, { signature: "bm90IGEgc2lnbmF0dXJl" })).status).toBe(403);
    expect((await twilio.post(path(), { ...params, CallSid: "nope" })).status).toBe(400);
    expect((await twilio.post(`/webhooks/twilio/voice/${randomUUID()}`, params)).status).toBe(404);
    expect({ inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) }).toEqual(before);
  });
});
