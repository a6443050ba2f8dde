import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionState } from "../engine/index";
import type { FlowJson } from "../test-support/example-flows";
import { graphMessagesPath, PUBLIC_URL, readGraphBody, readSendMessage, TELEGRAM, telegramCase, telegramMethodPath, TWILIO, TWILIO_NUMBER, twilioMessagesPath, WHATSAPP } from "./conformance/chat-cases";
import { ChatFixture } from "./conformance/chat-fixture";
import { callParams, FakeTwilio, newCallSid } from "./test-support/fake-twilio";
import { callSessionId } from "./test-support/call-session-id";
import { readTwiml } from "./test-support/twiml-reader";

/**
 * send_message from a voice flow: a caller on Twilio voice is texted a link through a messaging
 * channel, for real over HTTP to the providers' stand-in, then hears whether it went. The send
 * goes through the channel's own sender (the one agents' replies use).
 */

const fx = new ChatFixture();
let twilio: FakeTwilio;
const ids = { voice: "", sms: "", whatsapp: "", telegram: "" };
const CALLER = "+15557654321";

/** A voice flow: text `send` to the caller, then say "Sent" or "Not sent: <why>". */
function textingFlow(id: string, send: Record<string, unknown>, variables: Record<string, string> = {}): FlowJson {
  return {
    schemaVersion: 1,
    id,
    name: id,
    entry: "text_link",
    variables,
    nodes: [
      { id: "text_link", type: "send_message", position: { x: 0, y: 0 }, data: send },
      { id: "sent", type: "hangup", position: { x: -200, y: 200 }, data: { prompt: { text: "Sent to {{nodes.text_link.to}}." } } },
      { id: "failed", type: "hangup", position: { x: 200, y: 200 }, data: { prompt: { text: "Not sent." } } },
    ],
    edges: [
      { id: "e1", source: "text_link", sourceHandle: "sent", target: "sent" },
      { id: "e2", source: "text_link", sourceHandle: "failed", target: "failed" },
    ],
  };
}

async function channel(type: string, flowId: string, credentials: Record<string, unknown>, settings: Record<string, unknown> = {}): Promise<string> {
  const res = await fx.server.api("POST", "/api/channels", { type, name: `${type} line`, flowId, credentials, settings });
  expect(res.status, res.text).toBe(201);
  return z.object({ id: z.string() }).parse(res.body).id;
}

/** Points the voice channel at `flowId`, calls it from CALLER and answers the TwiML and the session's state. */
async function call(flowId: string): Promise<{ said: string[]; state: SessionState; steps: { nodeId: string; outcome: string | null }[] }> {
  const moved = await fx.server.api("PUT", `/api/channels/${ids.voice}`, { flowId });
  expect(moved.status, moved.text).toBe(200);
  const callSid = newCallSid();
  const reply = await twilio.post(`/webhooks/twilio/voice/${ids.voice}`, callParams(callSid, { CallStatus: "ringing", From: CALLER, Caller: CALLER }));
  expect(reply.status, reply.text).toBe(200);
  const sessionId = callSessionId(fx.server, ids.voice, callSid);
  const head = await fx.server.store.sessions.getSessionHead(sessionId);
  const session = await fx.session(sessionId);
  return { said: readTwiml(reply.text).filter((verb) => verb.name === "Say").map((verb) => verb.text), state: SessionState.parse(head?.state), steps: session.steps };
}

beforeAll(async () => {
  await fx.start();
  twilio = new FakeTwilio(fx.server, PUBLIC_URL);
  // Messaging channels are bound to a chat flow of their own (a seeded example); the voice flows send through them.
  ids.sms = await channel("twilio_messaging", "appointment-confirmation", TWILIO, { phoneNumber: "+15550002000" });
  ids.whatsapp = await channel("whatsapp_cloud", "appointment-confirmation", WHATSAPP);
  ids.telegram = await channel("telegram", "appointment-confirmation", TELEGRAM);
  await fx.publish(textingFlow("text-by-sms", { channelId: ids.sms, text: "Your link: https://example.com/r/{{call.from}}" }));
  ids.voice = await channel("twilio_voice", "text-by-sms", TWILIO, { phoneNumber: TWILIO_NUMBER });
});
afterAll(() => fx.stop());

describe("send_message from a Twilio voice call", () => {
  it("texts the caller through a Twilio messaging channel: Twilio's documented Messages API form, from the channel's number", async () => {
    const before = fx.standIn.to(twilioMessagesPath).length;
    const { said, state, steps } = await call("text-by-sms");
    const sends = fx.standIn.to(twilioMessagesPath).slice(before);
    expect(sends).toHaveLength(1);
    const [sent] = sends;
    expect(sent?.method).toBe("POST");
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64")}`);
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(sent?.body);
    expect([...form.keys()]).toEqual(["From", "To", "Body", "StatusCallback"]);
    expect(form.get("From")).toBe("+15550002000");
    expect(form.get("To")).toBe(CALLER);
    expect(form.get("Body")).toBe(`Your link: https://example.com/r/${CALLER}`);
    expect(form.get("StatusCallback")).toBe(`${PUBLIC_URL}/webhooks/twilio/messaging/${ids.sms}/status`);
    expect(said).toEqual([`Sent to ${CALLER}.`]);
    expect(state.nodes.text_link).toEqual({ status: "sent", to: CALLER });
    expect(steps.map((step) => [step.nodeId, step.outcome])).toEqual([
      ["text_link", "waiting"],
      ["text_link", "sent"],
      ["sent", "ended"],
    ]);
  });

  it("sends through WhatsApp Cloud to the caller's number (WhatsApp's wa_id, without +)", async () => {
    await fx.publish(textingFlow("text-by-whatsapp", { channelId: ids.whatsapp, text: "Hello from Acme" }));
    const before = fx.standIn.to(graphMessagesPath).length;
    const { said } = await call("text-by-whatsapp");
    const sends = fx.standIn.to(graphMessagesPath).slice(before);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.headers.authorization).toBe(`Bearer ${WHATSAPP.accessToken}`);
    expect(readGraphBody(sends[0]?.body ?? "")).toMatchObject({ messaging_product: "whatsapp", to: CALLER.slice(1), type: "text", text: { body: "Hello from Acme" } });
    expect(said).toEqual([`Sent to ${CALLER.slice(1)}.`]);
  });

  it("sends through Telegram to a templated chat id", async () => {
    await fx.publish(textingFlow("text-by-telegram", { channelId: ids.telegram, to: "{{vars.chat}}", text: "A caller ({{call.from}}) asked for a callback" }, { chat: "421337009" }));
    const before = fx.standIn.to(telegramMethodPath("sendMessage")).length;
    const { said } = await call("text-by-telegram");
    const sends = fx.standIn.to(telegramMethodPath("sendMessage")).slice(before);
    expect(sends.map((request) => readSendMessage(request.body))).toEqual([{ chat_id: 421337009, text: `A caller (${CALLER}) asked for a callback` }]);
    expect(said).toEqual(["Sent to 421337009."]);
  });

  it("takes failed when Telegram cannot reach the caller (no address given), sending nothing", async () => {
    await fx.publish(textingFlow("text-caller-by-telegram", { channelId: ids.telegram, text: "hi" }));
    const before = fx.standIn.requests.length;
    const { said, state } = await call("text-caller-by-telegram");
    expect(fx.standIn.requests.slice(before)).toEqual([]);
    expect(said).toEqual(["Not sent."]);
    expect(state.nodes.text_link).toEqual({ status: "failed", to: null, error: expect.stringContaining("cannot reach the caller") });
  });

  it("takes failed when no channel is named: a call's own channel cannot send messages", async () => {
    await fx.publish(textingFlow("text-without-channel", { text: "hi" }));
    const before = fx.standIn.requests.length;
    const { said, state } = await call("text-without-channel");
    expect(fx.standIn.requests.slice(before)).toEqual([]);
    expect(said).toEqual(["Not sent."]);
    expect(state.nodes.text_link).toEqual({ status: "failed", to: null, error: expect.stringContaining("a twilio_voice channel, which cannot send messages") });
  });

  it("takes failed when the provider refuses the message (HTTP 400), with Twilio's reason kept", async () => {
    fx.standIn.reply(twilioMessagesPath, { status: 400, body: { code: 21211, message: "The 'To' number +15557654321 is not a valid phone number.", status: 400 } });
    try {
      const { said, state, steps } = await call("text-by-sms");
      expect(said).toEqual(["Not sent."]);
      expect(state.nodes.text_link).toEqual({ status: "failed", to: CALLER, error: expect.stringMatching(/^Twilio refused the message \(HTTP 400\): .*21211/) });
      expect(steps.map((step) => step.outcome)).toEqual(["waiting", "failed", "ended"]);
    } finally {
      fx.standIn.restore(twilioMessagesPath);
    }
    // A 400 is not the credentials: the channel stays usable.
    const channelNow = await fx.server.api("GET", `/api/channels/${ids.sms}`);
    expect(z.object({ status: z.string() }).parse(channelNow.body).status).not.toBe("error");
  });
});

describe("send_message through a disabled or unknown channel", () => {
  it("is refused at publish (message_channel_disabled), and a channel disabled after publishing makes the call take failed", async () => {
    const smsTwo = await channel("twilio_messaging", "appointment-confirmation", TWILIO, { phoneNumber: "+15550003000" });
    await fx.publish(textingFlow("text-then-disabled", { channelId: smsTwo, text: "hi" }));
    const disabled = await fx.server.api("PUT", `/api/channels/${smsTwo}`, { enabled: false });
    expect(disabled.status, disabled.text).toBe(200);

    const republish = await fx.server.api("POST", "/api/flows/text-then-disabled/publish", { note: "again" });
    expect(republish.status, republish.text).toBe(422);
    expect(republish.text).toContain("message_channel_disabled");

    const before = fx.standIn.requests.length;
    const { said, state } = await call("text-then-disabled");
    expect(fx.standIn.requests.slice(before)).toEqual([]);
    expect(said).toEqual(["Not sent."]);
    expect(state.nodes.text_link).toEqual({ status: "failed", to: null, error: expect.stringContaining("is disabled") });
  });

  it("is refused at publish when the channel does not exist (message_channel_missing), and a deleted channel makes the call take failed", async () => {
    const created = await fx.server.api("POST", "/api/flows", textingFlow("text-nowhere", { channelId: "no-such-channel", text: "hi" }));
    expect(created.status, created.text).toBe(201);
    const published = await fx.server.api("POST", "/api/flows/text-nowhere/publish", { note: "v1" });
    expect(published.status, published.text).toBe(422);
    expect(published.text).toContain("message_channel_missing");

    const gone = await channel("telegram", "appointment-confirmation", { ...TELEGRAM, secretToken: "another-secret-token_0456" });
    await fx.publish(textingFlow("text-then-deleted", { channelId: gone, to: "421337009", text: "hi" }));
    expect((await fx.server.api("DELETE", `/api/channels/${gone}`)).status).toBe(204);
    const { said, state } = await call("text-then-deleted");
    expect(said).toEqual(["Not sent."]);
    expect(state.nodes.text_link).toEqual({ status: "failed", to: null, error: `channel ${gone} does not exist` });
  });
});

describe("send_message in a chat", () => {
  it("answers the customer on their own chat when neither channel nor address is given", async () => {
    await fx.publish(textingFlow("chat-text", { text: "Here is your receipt" }));
    const moved = await fx.server.api("PUT", `/api/channels/${ids.telegram}`, { flowId: "chat-text" });
    expect(moved.status, moved.text).toBe(200);
    const chat = telegramCase();
    const contact = chat.newContact();
    const answer = await fx.post(chat.text(ids.telegram, contact, "receipt please"));
    expect(answer.status).toBe(200);
    // The message first (sent while the step ran), then the flow's own reply.
    const received = await fx.inbox(chat, contact, 2);
    expect(received.map((message) => message.text)).toEqual(["Here is your receipt", `Sent to ${contact}.`]);
  });
});
