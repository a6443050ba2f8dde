import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine, exampleFlow, withNodeData } from "../test-support/example-flows";
import { TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, verbs } from "./test-support/twiml-reader";
import { PUBLIC_URL, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let supportLine = "";
let balanceLine = "";
let agentOffline: () => void = () => undefined;

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("tw-support"));
  const balance = exampleFlow("account-balance");
  await fx.publish(withNodeData({ ...balance, id: "tw-balance", name: "Balance over Twilio" }, "lookup", { url: `${fx.provider.url}/accounts/{{vars.account_number}}/balance` }));
  supportLine = await fx.channel("tw-support");
  balanceLine = await fx.channel("tw-balance");
  fx.provider.reply("/accounts/12345678/balance", { status: 200, body: JSON.stringify({ balance: 42.5, due_date: "July 1" }) });
  // Someone of each team is online: transfers wait in the queue (see below for nobody online).
  agentOffline = await fx.agentOnline();
});
afterAll(() => fx.stop());

const pathOf = (steps: ReadonlyArray<{ nodeId: string; outcome: string | null }>) => steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

describe("a support-line call through the Twilio voice webhooks", () => {
  it("incoming call → menu Gather → keys → transfer: Enqueue on the team's queue, with hold music", async () => {
    const call = fx.call(supportLine);
    const first = await call.incoming({ CallerName: "Ada Lovelace" });
    expect(first.status, first.text).toBe(200);
    expect(first.contentType).toMatch(/^text\/xml/);
    expect(verbs(first.text)).toEqual(["Gather", "Redirect"]);
    const gather = element(first.text, "Gather");
    const gatherUrl = `${PUBLIC_URL}/webhooks/twilio/voice/${supportLine}/gather`;
    expect(gather.attributes).toEqual({
      input: "dtmf speech",
      numDigits: "1",
      finishOnKey: "",
      timeout: "8",
      action: `${gatherUrl}?token=w1`,
      method: "POST",
      speechTimeout: "auto",
      hints: "Sales, sales, new order, buy, pricing, Support, support, technical support, help, repair, Billing, billing, bill, invoice, payment",
      language: "en-US",
    });
    expect(gather.inside.map((verb) => [verb.name, verb.attributes, verb.text.slice(0, 26)])).toEqual([
      ["Say", { language: "en-US" }, "Thank you for calling Acme"],
      ["Say", { language: "en-US" }, "For sales and new orders, "],
    ]);
    expect(element(first.text, "Redirect")).toMatchObject({ attributes: { method: "POST" }, text: `${gatherUrl}?token=w1&timeout=1` });

    const session = await fx.session(call.sessionId);
    expect(session).toMatchObject({ flowId: "tw-support", channelType: "twilio_voice", status: "waiting" });
    const stored = await fx.server.store.sessions.getSessionHead(call.sessionId);
    expect(stored).toMatchObject({ channelId: supportLine, contact: "+15557654321" });
    expect(stored?.state).toMatchObject({
      caller: { phone: "+15557654321", name: "Ada Lovelace" },
      call: { id: call.callSid, from: "+15557654321", to: "+15550001000" },
      channel: { kind: "voice", type: "twilio_voice", id: supportLine },
    });

    const second = await call.answer(first.text, { Digits: "2", FinishedOnKey: "" });
    expect(second.status, second.text).toBe(200);
    expect(verbs(second.text)).toEqual(["Enqueue"]);
    const enqueue = element(second.text, "Enqueue");
    expect(enqueue.text).toBe("support");
    expect(enqueue.attributes).toEqual({ waitUrl: `${PUBLIC_URL}/webhooks/twilio/voice/${supportLine}/wait?token=w2&team=support`, waitUrlMethod: "POST" });

    const hold = await call.hold(second.text);
    expect(hold.status).toBe(200);
    expect(verbs(hold.text)).toEqual(["Play"]);
    expect(element(hold.text, "Play")).toMatchObject({ attributes: { loop: "0" }, text: `${PUBLIC_URL}/audio/hold.wav` });

    const during = await fx.session(call.sessionId);
    expect(pathOf(during.steps)).toEqual(["welcome:next", "hours:in_hours", "main_menu:waiting", "main_menu:option:2", "to_support:waiting"]);
    expect(during.steps[3]?.input).toBe("2");

    // The caller hangs up while waiting for an agent.
    const ended = await call.status("completed");
    expect(ended.status).toBe(200);
    expect(verbs(ended.text)).toEqual([]);
    expect(await fx.session(call.sessionId)).toMatchObject({ status: "ended", endReason: "abandoned" });
    const row = await fx.server.store.inbound.event(supportLine, `${call.callSid}:status:completed`);
    expect(new URLSearchParams(row?.payload).get("CallStatus")).toBe("completed");
    expect(row?.sessionId).toBe(call.sessionId);
    const channel = await fx.server.api("GET", `/api/channels/${supportLine}`);
    expect(channel.body).toMatchObject({ status: "active", statusMessage: null });
  });

  it("speech: the menu's keywords are the Gather hints, and a spoken answer picks the option", async () => {
    const call = fx.call(supportLine);
    const first = await call.incoming();
    expect(element(first.text, "Gather").attributes.hints).toContain("technical support");
    const next = await call.answer(first.text, { SpeechResult: "I need technical support", Confidence: "0.91" });
    expect(element(next.text, "Enqueue").text).toBe("support");
    const session = await fx.session(call.sessionId);
    expect(session.steps.find((step) => step.outcome === "option:2")?.input).toBe("I need technical support");
  });

  it("no input: the Redirect after the Gather is the timeout, and the menu prompts again", async () => {
    const call = fx.call(supportLine);
    const first = await call.incoming();
    const again = await call.silence(first.text);
    expect(verbs(again.text)).toEqual(["Gather", "Redirect"]);
    const gather = element(again.text, "Gather");
    expect(gather.attributes.action).toBe(`${PUBLIC_URL}/webhooks/twilio/voice/${supportLine}/gather?token=w2`);
    expect(gather.inside.map((verb) => verb.text)).toEqual(["I didn't hear a selection.", expect.stringContaining("For sales")]);
    expect(pathOf((await fx.session(call.sessionId)).steps)).toContain("main_menu:no_input");
  });

  it("the runner's input timer is moved behind Twilio's own timeout (prompts play first)", async () => {
    const call = fx.call(supportLine);
    const before = Date.now();
    await call.incoming();
    const timers = await fx.server.store.timers.listPending(call.sessionId);
    expect(timers).toHaveLength(1);
    // 8 s of menu timeout would fire during the prompts; the backstop adds their time and a grace.
    expect(timers[0]?.dueAt).toBeGreaterThan(before + 8_000 + 30_000);
  });

  it("the account-balance gather: up to 10 digits ended by #, then the lookup and the balance read back", async () => {
    const call = fx.call(balanceLine);
    const first = await call.incoming();
    expect(verbs(first.text)).toEqual(["Gather", "Redirect"]);
    const gather = element(first.text, "Gather");
    expect(gather.attributes).toEqual({
      input: "dtmf",
      numDigits: "10",
      finishOnKey: "#",
      timeout: "10",
      action: `${PUBLIC_URL}/webhooks/twilio/voice/${balanceLine}/gather?token=w1`,
      method: "POST",
    });
    expect(gather.inside.map((verb) => verb.text)).toEqual(["Welcome to Acme account services.", expect.stringContaining("Please enter your account number")]);

    const next = await call.answer(first.text, { Digits: "12345678", FinishedOnKey: "#" });
    // The balance is a greeting that may not be interrupted: said before the menu's Gather.
    expect(verbs(next.text)).toEqual(["Say", "Gather", "Redirect"]);
    expect(element(next.text, "Say").text).toBe("Your balance is 42.5 dollars, due on July 1.");
    const menu = element(next.text, "Gather");
    expect(menu.attributes).toMatchObject({ input: "dtmf", numDigits: "1", timeout: "6" });
    expect(menu.inside.map((verb) => verb.text)).toEqual([expect.stringContaining("To speak with our billing team")]);
    const lookup = fx.provider.requests.find((request) => request.url === "/accounts/12345678/balance");
    expect(lookup?.headers["x-acme-call-id"]).toBe(call.callSid);
    const session = await fx.session(call.sessionId);
    expect(session.steps.find((step) => step.nodeId === "ask_account" && step.outcome === "next")?.input).toBe("12345678");
  });

  it("a replayed webhook gets the identical TwiML and adds no step", async () => {
    const call = fx.call(supportLine);
    const first = await call.incoming();
    const replayedStart = await call.incoming();
    expect(replayedStart.text).toBe(first.text);
    const afterStart = (await fx.session(call.sessionId)).stepCount;

    const answered = await call.answer(first.text, { Digits: "3" });
    const rows = (await fx.inboundCount());
    const replayed = await call.answer(first.text, { Digits: "3" });
    expect(replayed.status).toBe(200);
    expect(replayed.text).toBe(answered.text);
    expect((await fx.inboundCount())).toBe(rows);
    const session = await fx.session(call.sessionId);
    expect(session.stepCount).toBe(afterStart + 2);
    expect(pathOf(session.steps).slice(-2)).toEqual(["main_menu:option:3", "to_billing:waiting"]);
  });

  it("a status callback of completed ends the session at the menu with that reason", async () => {
    const call = fx.call(supportLine);
    await call.incoming();
    expect((await call.status("ringing")).status).toBe(200);
    expect(await fx.session(call.sessionId)).toMatchObject({ status: "waiting" });
    await call.status("completed");
    const ended = await fx.session(call.sessionId);
    expect(ended).toMatchObject({ status: "ended", endReason: "completed" });
    expect(ended.steps.at(-1)).toMatchObject({ nodeId: "main_menu", outcome: "ended" });
    expect(await fx.server.store.timers.listPending(call.sessionId)).toEqual([]);
  });

  it("busy, failed, no-answer and canceled end the session too, each with that reason; a later status changes nothing", async () => {
    for (const status of ["busy", "failed", "no-answer", "canceled"]) {
      const call = fx.call(supportLine);
      await call.incoming();
      await call.status(status);
      expect(await fx.session(call.sessionId), status).toMatchObject({ status: "ended", endReason: status });
      await call.status("completed");
      expect(await fx.session(call.sessionId), status).toMatchObject({ status: "ended", endReason: status });
    }
  });

  it("a hangup node says goodbye and hangs up", async () => {
    const call = fx.call(supportLine);
    let twiml = (await call.incoming()).text;
    // Three wrong answers: the menu allows 2 retries, then max_retries → "sorry" (a hangup node).
    for (let attempt = 0; attempt < 3; attempt += 1) twiml = (await call.answer(twiml, { Digits: "9" })).text;
    expect(verbs(twiml)).toEqual(["Say", "Hangup"]);
    expect(element(twiml, "Say").text).toContain("Sorry, we weren't able to understand your selection");
    expect(await fx.session(call.sessionId)).toMatchObject({ status: "ended", endReason: "hangup_node" });
  });
});

describe("a transfer when nobody of the team is online", () => {
  it("agent rooms answer no_answer at once, and the call is redirected out of the queue over REST", async () => {
    agentOffline();
    try {
      const call = fx.call(supportLine);
      const update = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls/${call.callSid}.json`;
      fx.provider.reply(update, { status: 200, body: "{}" });
      const first = await call.incoming();
      const queued = await call.answer(first.text, { Digits: "1" });
      expect(element(queued.text, "Enqueue").text).toBe("sales");
      const request = await pollUntil(async () => fx.provider.requests.find((seen) => seen.url === update), 5_000, () => `no POST ${update}`, 25);
      const redirected = new URLSearchParams(request.body).get("Twiml") ?? "";
      expect(verbs(redirected)).toEqual(["Say", "Hangup"]);
      expect(element(redirected, "Say").text).toContain("All of our team members are still helping other customers");
      const session = await fx.session(call.sessionId);
      expect(session).toMatchObject({ status: "ended", endReason: "hangup_node" });
      expect(pathOf(session.steps).slice(-3)).toEqual(["to_sales:waiting", "to_sales:no_answer", "all_busy:ended"]);
    } finally {
      agentOffline = await fx.agentOnline();
    }
  });
});

describe("a channel whose flow cannot run", () => {
  it("an unpublished flow: the caller hears an apology and the call hangs up; the channel reports it", async () => {
    const draft = alwaysOpenSupportLine("tw-draft");
    const created = await fx.server.api("POST", "/api/flows", draft);
    expect(created.status).toBe(201);
    const channelId = await fx.channel("tw-draft");
    const call = fx.call(channelId);
    const reply = await call.incoming();
    expect(reply.status).toBe(200);
    expect(verbs(reply.text)).toEqual(["Say", "Hangup"]);
    expect(element(reply.text, "Say").text).toMatch(/^Sorry/);
    expect(() => call.sessionId).toThrow(); // the incoming webhook was answered without a session
    expect(await fx.server.store.sessions.listSessions({ channelId })).toMatchObject({ value: { items: [] } });
    expect(fx.server.logs.some((line) => line.includes("flow tw-draft has no published version"))).toBe(true);
    expect((await fx.server.api("GET", `/api/channels/${channelId}`)).body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("tw-draft") });
  });

  it("a disabled channel says the number is not available and hangs up, storing nothing", async () => {
    const channelId = await fx.channel("tw-support", { enabled: false });
    const rows = (await fx.inboundCount());
    const call = fx.call(channelId);
    const reply = await call.incoming();
    expect(reply.status).toBe(200);
    expect(verbs(reply.text)).toEqual(["Say", "Hangup"]);
    expect(element(reply.text, "Say").text).toContain("not available");
    expect((await fx.inboundCount())).toBe(rows);
    expect(() => call.sessionId).toThrow(/has not come in/);
    expect(await fx.server.store.sessions.listSessions({ channelId })).toMatchObject({ value: { items: [] } });
  });

  it("uses the account's own auth token: a channel with another token refuses our signature", async () => {
    const other = await fx.server.api("POST", "/api/channels", {
      type: "twilio_voice",
      name: "Other account",
      flowId: "tw-support",
      credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "0000000000000000ffffffffffffffff" },
    });
    const id = z.object({ id: z.string() }).parse(other.body).id;
    expect((await fx.call(id).incoming()).status).toBe(403);
  });
});
