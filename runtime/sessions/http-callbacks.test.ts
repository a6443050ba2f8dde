import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StartInput } from "./session-runner";
import { bargeInFlow } from "../engine/fixtures/barge-in-flow";
import { TIMER_KINDS } from "./timer-kinds";
import { CallbackServer } from "./test-support/callback-server";
import { RuntimeFixture, said, types } from "./test-support/runtime-fixture";

const voice: StartInput["channel"] = { kind: "voice", type: "twilio_voice" };
const server = new CallbackServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

let rt: RuntimeFixture | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

/** An account-balance call waiting for the account number. */
async function callBalanceLine(fixture: RuntimeFixture) {
  const started = await fixture.runner.start({ flowId: "account-balance", source: "published", channel: voice, call: { id: "CA42" } });
  expect(started.state.currentNodeId).toBe("ask_account");
  return started;
}

describe("HTTP callbacks performed by the runner", () => {
  it("performs the lookup and reads the balance back in the same dispatch", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    server.reply("/accounts/123456/balance", { status: 200, body: '{"balance": 42.5, "due_date": "June 30"}' });
    const call = await callBalanceLine(rt);

    const entered = await rt.runner.dispatch(call.sessionId, { type: "digits", digits: "123456#" });
    expect(types(entered.effects)).toEqual(["http_request", "prompt", "prompt", "collect"]);
    expect(entered.effects[0]).toMatchObject({ type: "http_request", nodeId: "lookup", method: "GET", url: `${server.url}/accounts/123456/balance` });
    expect(said(entered.effects)).toEqual(["Your balance is 42.5 dollars, due on June 30.", expect.stringContaining("To speak with our billing team")]);
    expect(entered.status).toBe("waiting");
    expect(entered.state.nodes.lookup).toEqual({ status: 200, body: { balance: 42.5, due_date: "June 30" } });
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", url: "/accounts/123456/balance", headers: { "x-acme-call-id": "CA42" } });

    expect((await rt.path(call.sessionId)).slice(-6)).toEqual([
      "ask_account:next",
      "lookup:waiting",
      "lookup:success",
      "check_balance:match:due",
      "read_balance:next",
      "anything_else:waiting",
    ]);
    // The http_timeout safety timer went with the wait it guarded.
    expect((await rt.store.timers.listPending(call.sessionId)).map((timer) => timer.kind)).toEqual([TIMER_KINDS.input]);
  });

  it("takes the failure path on a non-2xx answer", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    server.reply("/accounts/999999/balance", { status: 404, body: '{"error": "no such account"}' });
    const call = await callBalanceLine(rt);

    const entered = await rt.runner.dispatch(call.sessionId, { type: "digits", digits: "999999#" });
    expect(types(entered.effects)).toEqual(["http_request", "prompt", "prompt", "transfer"]);
    expect(said(entered.effects)).toEqual(["Sorry, we couldn't find an account with that number.", expect.stringContaining("Please hold")]);
    expect(entered.state.nodes.lookup).toEqual({ status: 404, body: { error: "no such account" } });
    expect((await rt.path(call.sessionId)).slice(-5)).toEqual(["lookup:failure", "lookup_failed:match:not_found", "account_not_found:next", "connecting:next", "to_billing:waiting"]);
  });

  it("refuses an address that is not allow-listed: blocked, failure path, no request sent", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url, limits: { httpAllowList: [] } });
    const call = await callBalanceLine(rt);
    const before = server.requests.length;

    const entered = await rt.runner.dispatch(call.sessionId, { type: "digits", digits: "123456#" });
    expect(entered.state.nodes.lookup).toEqual({ status: null, body: null, error: "blocked" });
    expect(said(entered.effects)[0]).toBe("Sorry, our account system is not available right now.");
    expect((await rt.path(call.sessionId)).slice(-3, -2)).toEqual(["system_down:next"]);
    expect(server.requests.length).toBe(before);
  });

  it("answers a callback interrupted by a crash with a timeout after the restart", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    const fixture = rt;
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let answer: () => void = () => {};
    server.reply("/accounts/555555/balance", (_request, response) => {
      answer = () => response.end('{"balance": 1}');
      arrived();
    });
    const call = await callBalanceLine(fixture);

    // The process "dies" while the request is in flight: the store goes away under the dispatch.
    const dispatched = fixture.runner.dispatch(call.sessionId, { type: "digits", digits: "555555#" });
    await requestArrived;
    const waiting = await fixture.store.sessions.getSessionHead(call.sessionId);
    expect(waiting?.state).toMatchObject({ waiting: { kind: "http", nodeId: "lookup" } });
    const [safety] = await fixture.store.timers.listPending(call.sessionId);
    expect(safety).toMatchObject({ kind: TIMER_KINDS.http, dueAt: fixture.time + 5_000 + 5_000 });
    await fixture.restart();
    answer();
    await expect(dispatched).rejects.toThrow();

    fixture.advance(10_000);
    expect(await fixture.worker.runDue()).toBe(1);
    const head = await fixture.store.sessions.getSessionHead(call.sessionId);
    expect(head?.state).toMatchObject({ nodes: { lookup: { status: null, body: null, error: "timeout" } }, currentNodeId: "to_billing" });
    expect((await fixture.path(call.sessionId)).slice(-3)).toEqual(["system_down:next", "connecting:next", "to_billing:waiting"]);
    expect(fixture.pushed.at(-1)?.origin).toBe("timer");
  });

  it("records the appointment answer with a POST and confirms in the same dispatch (chat, buttons)", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    server.reply("/appointments/A-17/status", { status: 204, body: "" });
    const chat: StartInput["channel"] = { kind: "chat", type: "webchat", id: "web-1" };
    const variables = { patient_name: "Dana", provider_name: "Dr. Lee", appointment_time: "Tuesday at 3 PM", appointment_id: "A-17" };

    const started = await rt.runner.start({ flowId: "appointment-confirmation", source: "published", channel: chat, contact: "visitor-9", call: { id: "conv-9" }, variables });
    expect(types(started.effects)).toEqual(["message", "message", "collect"]);
    expect(started.effects[1]).toMatchObject({ type: "message", options: [{ key: "1", label: "Confirm" }, { key: "2", label: "Reschedule" }, { key: "3", label: "Cancel" }] });
    expect(started.effects[2]).toMatchObject({ type: "collect", input: "text" });
    expect(said(started.effects)[0]).toBe("Hi Dana, this is Acme Family Dental. You have an appointment with Dr. Lee on Tuesday at 3 PM.");

    const confirmed = await rt.runner.dispatch(started.sessionId, { type: "button", key: "1" });
    expect(types(confirmed.effects)).toEqual(["http_request", "message", "end"]);
    expect(said(confirmed.effects)).toEqual(["Thank you! You're confirmed for Tuesday at 3 PM. Please arrive 10 minutes early. See you soon!"]);
    expect(confirmed).toMatchObject({ status: "ended", endReason: "hangup_node" });
    const posted = server.requests.at(-1);
    expect(posted).toMatchObject({ method: "POST", url: "/appointments/A-17/status" });
    expect(JSON.parse(posted?.body ?? "null")).toEqual({ status: "confirmed", channel: "webchat", conversation: "conv-9" });
    expect(await rt.store.timers.listPending(started.sessionId)).toEqual([]);
  });

  it("hands a reschedule to the front desk after the POST (chat)", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    server.reply("/appointments/A-18/status", { status: 200, body: "{}" });
    const started = await rt.runner.start({
      flowId: "appointment-confirmation",
      source: "published",
      channel: { kind: "chat", type: "whatsapp" },
      variables: { patient_name: "Sam", provider_name: "Dr. Lee", appointment_time: "Friday", appointment_id: "A-18" },
    });
    const answered = await rt.runner.dispatch(started.sessionId, { type: "text", text: "Could we find another time?" });
    expect(types(answered.effects)).toEqual(["http_request", "transfer"]);
    expect(answered.effects[1]).toMatchObject({ teamId: "support", waitingMessage: expect.stringContaining("front desk"), endsFlow: false });
    expect(rt.transfers.offers.map((offer) => offer.teamId)).toEqual(["support"]);
    expect(answered.state.vars.appointment_status).toBe("reschedule_requested");
  });

  it("keeps keys pressed during a callback for the next menu, and carries the safety timer over", async () => {
    rt = await RuntimeFixture.open({ apiBase: server.url });
    const { document } = bargeInFlow({ interruptible: true, then: "menu" });
    document.nodes = document.nodes.map((node) => (node.type === "http" ? { ...node, data: { ...node.data, url: `${server.url}/warmup` } } : node));
    await rt.store.flows.createFlow(document, "test");
    await rt.store.flows.publish(document.id, { author: "test" });
    await rt.cache.refresh(document.id);
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let answer: () => void = () => {};
    server.reply("/warmup", (_request, response) => {
      answer = () => response.end("{}");
      arrived();
    });

    const starting = rt.runner.start({ flowId: document.id, source: "published", channel: voice });
    await requestArrived;
    const [before] = await rt.store.sessions.listSessions({ flowId: document.id }).then((page) => (page.ok ? page.value.items : []));
    if (before === undefined) throw new Error("the session is stored");
    const [safety] = await rt.store.timers.listPending(before.id);

    // The caller presses 2 while the lookup runs: the lock is free, the key is kept.
    const pressed = await rt.runner.dispatch(before.id, { type: "digits", digits: "2" });
    expect(pressed).toMatchObject({ status: "waiting", effects: [], state: { bargeIn: { digits: "2" }, waiting: { kind: "http" } } });
    const carried = await rt.store.timers.listPending(before.id);
    expect(carried).toEqual([expect.objectContaining({ kind: TIMER_KINDS.http, dueAt: safety?.dueAt, payload: safety?.payload, sessionRev: before.rev + 1 })]);

    answer();
    const started = await starting;
    expect(types(started.effects)).toEqual(["prompt", "http_request", "end"]);
    expect(started.state.nodes.ask).toEqual({ key: "2", label: "Two" });
    expect(await rt.store.timers.listPending(before.id)).toEqual([]);
  });
});
