import { sql } from "drizzle-orm";
import { rows } from "#store-dialect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { pollUntil } from "../test-support/api-client";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, readTwiml } from "./test-support/twiml-reader";
import { VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let channelId = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("timeout-line", { transferTimeoutSeconds: 30 }));
  channelId = await fx.channel("timeout-line");
  // An agent is online but never accepts: the transfer waits until its timer fires.
  await fx.agentOnline();
});
afterAll(() => fx.stop());

const polled = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => pollUntil(probe, 5_000, () => what, 25);

/** Makes the session's pending timers due now: the timer worker picks them up within 250 ms. */
async function dueNow(sessionId: string): Promise<void> {
  await rows(fx.server.store.db, sql`UPDATE timers SET due_at = ${Date.now() - 1} WHERE session_id = ${sessionId} AND fired_at IS NULL`);
}

describe("a transfer that times out", () => {
  it("redirects the live call out of the queue through the Calls REST API", async () => {
    const calls = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
    const call = fx.call(channelId);
    fx.provider.reply(`${calls}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
    const first = await call.incoming();
    const queued = await call.answer(first.text, { Digits: "1" });
    expect(element(queued.text, "Enqueue").text).toBe("sales");
    expect(await fx.server.store.timers.listPending(call.sessionId)).toEqual([expect.objectContaining({ kind: "transfer_timeout" })]);

    await dueNow(call.sessionId);
    const request = await polled("the call update", async () => fx.provider.requests.find((seen) => seen.url === `${calls}/${call.callSid}.json`));
    expect(request.method).toBe("POST");
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_ACCOUNT.accountSid}:${TEST_ACCOUNT.authToken}`).toString("base64")}`);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request.body);
    expect([...form.keys()]).toEqual(["Twiml"]);
    const twiml = form.get("Twiml") ?? "";
    expect(readTwiml(twiml).map((verb) => [verb.name, verb.text.slice(0, 30)])).toEqual([
      ["Say", "All of our team members are st"],
      ["Hangup", ""],
    ]);
    const session = await fx.session(call.sessionId);
    expect(session).toMatchObject({ status: "ended", endReason: "hangup_node" });
    const path = session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
    expect(path.slice(-3)).toEqual(["to_sales:waiting", "to_sales:no_answer", "all_busy:ended"]);
  });

  it("marks the channel in error when Twilio refuses the credentials", async () => {
    const calls = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
    const call = fx.call(channelId);
    fx.provider.reply(`${calls}/${call.callSid}.json`, { status: 401, body: JSON.stringify({ code: 20003, message: "Authenticate" }) });
    const first = await call.incoming();
    await call.answer(first.text, { Digits: "3" });
    await dueNow(call.sessionId);
    await polled("the call update", async () => fx.provider.requests.find((seen) => seen.url === `${calls}/${call.callSid}.json`));
    const channel = await polled("the channel in error", async () => {
      const res = await fx.server.api("GET", `/api/channels/${channelId}`);
      return JSON.stringify(res.body).includes('"status":"error"') ? res.body : undefined;
    });
    expect(channel).toMatchObject({ status: "error", statusMessage: expect.stringContaining("Twilio refused the credentials (HTTP 401)") });
    expect(fx.server.logs.some((line) => line.includes("pushing the effects of a timer") && line.includes("HTTP 401"))).toBe(true);
  });
});
