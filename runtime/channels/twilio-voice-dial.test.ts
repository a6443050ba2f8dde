import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow, withNodeData } from "../test-support/example-flows";
import { element, verbs } from "./test-support/twiml-reader";
import { PUBLIC_URL, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let forwardLine = "";
let sipLine = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("on-call-forward"), id: "tw-forward", name: "Forward over Twilio" });
  await fx.publish(withNodeData({ ...exampleFlow("on-call-forward"), id: "tw-forward-sip", name: "Forward to a SIP desk" }, "engineer", { to: "sip:oncall@pbx.acme.example", record: false }));
  forwardLine = await fx.channel("tw-forward");
  sipLine = await fx.channel("tw-forward-sip");
});
afterAll(() => fx.stop());

const pathOf = (steps: ReadonlyArray<{ nodeId: string; outcome: string | null }>) => steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

/** A call on `line` that has reached the dial: its TwiML and the `<Dial action>` URL. */
async function dialled(line: string) {
  const call = fx.call(line);
  const first = await call.incoming();
  expect(first.status, first.text).toBe(200);
  const action = element(first.text, "Dial").attributes.action ?? "";
  /** Twilio's request to the `<Dial action>` when the dialled call ends. */
  const ended = (dialStatus: string, duration?: number) =>
    fx.twilio.post(action, call.params({ DialCallStatus: dialStatus, DialCallSid: `CA${"d".repeat(32)}`, ...(duration === undefined ? {} : { DialCallDuration: String(duration) }) }));
  return { call, first, action, ended };
}

describe("a dial node on Twilio voice: <Dial>, then its action", () => {
  it("says the greeting, then <Dial action timeout timeLimit callerId record><Number>", async () => {
    const { call, first } = await dialled(forwardLine);
    expect(verbs(first.text)).toEqual(["Say", "Dial"]);
    const dial = element(first.text, "Dial");
    expect(dial.attributes).toEqual({
      action: `${PUBLIC_URL}/webhooks/twilio/voice/${forwardLine}/dial?token=w1`,
      method: "POST",
      timeout: "25",
      timeLimit: "3600",
      callerId: "+15550001000",
      record: "record-from-answer-dual",
    });
    expect(dial.inside.map((noun) => [noun.name, noun.text])).toEqual([["Number", "+14155550123"]]);
    const session = await fx.session(call.sessionId);
    expect(pathOf(session.steps)).toEqual(["connecting:next", "engineer:waiting"]);
  });

  it("a SIP address is a <Sip> noun, and record is left out when not asked for", async () => {
    const { first } = await dialled(sipLine);
    const dial = element(first.text, "Dial");
    expect(dial.attributes.record).toBeUndefined();
    expect(dial.inside.map((noun) => [noun.name, noun.text])).toEqual([["Sip", "sip:oncall@pbx.acme.example"]]);
  });

  it("DialCallStatus completed: the completed handle, with DialCallDuration kept", async () => {
    const { call, ended } = await dialled(forwardLine);
    const after = await ended("completed", 184);
    expect(after.status, after.text).toBe(200);
    expect(verbs(after.text)).toEqual(["Say", "Hangup"]);
    const stored = await fx.server.store.sessions.getSessionHead(call.sessionId);
    expect(stored?.state).toMatchObject({ nodes: { engineer: { status: "completed", durationSeconds: 184 } }, vars: { forward: { status: "completed", durationSeconds: 184 } } });
    expect(pathOf((await fx.session(call.sessionId)).steps)).toEqual(["connecting:next", "engineer:waiting", "engineer:completed", "goodbye:ended"]);
  });

  it.each([
    ["answered", "completed"],
    ["busy", "busy"],
    ["no-answer", "no_answer"],
    ["failed", "failed"],
    ["canceled", "failed"],
  ])("DialCallStatus %s takes %s", async (dialStatus, handle) => {
    const { call, ended } = await dialled(forwardLine);
    const after = await ended(dialStatus, dialStatus === "answered" ? 9 : undefined);
    expect(after.status, after.text).toBe(200);
    const steps = pathOf((await fx.session(call.sessionId)).steps);
    expect(steps.slice(0, 3)).toEqual(["connecting:next", "engineer:waiting", `engineer:${handle}`]);
    const stored = await fx.server.store.sessions.getSessionHead(call.sessionId);
    expect(stored?.state).toMatchObject({ nodes: { engineer: { status: handle, durationSeconds: dialStatus === "answered" ? 9 : 0 } } });
  });

  it("a retried action gets the same TwiML and adds no step (the inbound log)", async () => {
    const { call, ended } = await dialled(forwardLine);
    const first = await ended("busy");
    const stepsBefore = (await fx.session(call.sessionId)).steps.length;
    const retried = await ended("busy");
    expect(retried.status).toBe(200);
    expect(retried.text).toBe(first.text);
    expect((await fx.session(call.sessionId)).steps.length).toBe(stepsBefore);
  });

  it("an unsigned action is refused and changes nothing; one without DialCallStatus is a 400 naming the field", async () => {
    const { call, action } = await dialled(forwardLine);
    const forged = await fx.twilio.post(action, call.params({ DialCallStatus: "completed" }), { signature: "bm90IGEgc2lnbmF0dXJl" });
    expect(forged.status).toBe(403);
    const missing = await fx.twilio.post(action, call.params());
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("DialCallStatus");
    expect(pathOf((await fx.session(call.sessionId)).steps)).toEqual(["connecting:next", "engineer:waiting"]);
  });
});
