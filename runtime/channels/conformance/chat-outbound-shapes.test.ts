import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow, withNodeData } from "../../test-support/example-flows";
import {
  GRAPH_VERSION,
  graphMessagesPath,
  PUBLIC_URL,
  readGraphBody,
  readSendMessage,
  TELEGRAM,
  telegramCase,
  telegramMethodPath,
  TWILIO,
  TWILIO_NUMBER,
  twilioCase,
  twilioMessagesPath,
  WHATSAPP,
  whatsappCase,
} from "./chat-cases";
import { ChatCustomer, ChatFixture } from "./chat-fixture";

/**
 * What the runtime sends to each provider, checked against the documented request exactly:
 * path, auth header, content type and body, and the button limits (a menu that does not fit
 * WhatsApp's reply buttons becomes a list, then numbered text).
 */

const fx = new ChatFixture();
const ids = { twilio: "", whatsapp: "", telegram: "", whatsappBig: "", whatsappHuge: "" };

/** appointment-confirmation's menu with `count` options labelled `label(i)`. */
function bigMenu(id: string, count: number, label: (index: number) => string) {
  const options = Array.from({ length: count }, (_, index) => ({ key: String((index + 1) % 10), label: label(index) }));
  return { ...withNodeData(exampleFlow("appointment-confirmation"), "choice", { options }), id, edges: exampleFlow("appointment-confirmation").edges.filter((edge) => !String(edge.sourceHandle).startsWith("option:")) };
}

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  await fx.publish(bigMenu("five-options", 5, (index) => `Choice number ${index + 1}`));
  await fx.publish(bigMenu("long-labels", 3, (index) => `A label longer than twenty-four characters ${index}`));
  ids.twilio = await fx.channel(twilioCase(), "appointments");
  ids.whatsapp = await fx.channel(whatsappCase(), "appointments");
  ids.telegram = await fx.channel(telegramCase(), "appointments");
  ids.whatsappBig = await fx.channel(whatsappCase(), "five-options");
  ids.whatsappHuge = await fx.channel(whatsappCase(), "long-labels");
});
afterAll(() => fx.stop());

describe("Twilio messaging", () => {
  it("answers immediate replies as TwiML <Message>s built by the official package", async () => {
    const customer = new ChatCustomer(fx, twilioCase(), ids.twilio);
    const answer = await customer.say("hi");
    expect(answer.contentType).toBe("text/xml; charset=utf-8");
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>Hi there, this is Acme Family Dental\. [^<]*<\/Message><Message>Will you be able to make it\?[^<]*\n\n1\. Confirm\n2\. Reschedule\n3\. Cancel<\/Message><\/Response>$/);
    expect(twilioCase().sends(customer.contact, fx.standIn)).toEqual([]);
  });

  it("sends later messages through the Messages API: Basic auth, form-encoded From / To / Body / StatusCallback, from the number written to", async () => {
    for (const whatsapp of [false, true]) {
      const chat = twilioCase(whatsapp);
      const customer = new ChatCustomer(fx, chat, ids.twilio);
      await customer.say("hi");
      await fx.dueNow((await fx.sessionOf(chat, ids.twilio, customer.contact)).id);
      // The reminder, then the menu again (retry.ts: the cause's prompt, then the prompt).
      await fx.inbox(chat, customer.contact, 2);
      const [sent, menu] = chat.sends(customer.contact, fx.standIn);
      expect(sent?.method).toBe("POST");
      expect(sent?.path).toBe(twilioMessagesPath);
      expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64")}`);
      expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(sent?.body);
      expect([...form.keys()]).toEqual(["From", "To", "Body", "StatusCallback"]);
      expect(form.get("StatusCallback")).toBe(`${PUBLIC_URL}/webhooks/twilio/messaging/${ids.twilio}/status`);
      expect(form.get("From")).toBe(whatsapp ? `whatsapp:${TWILIO_NUMBER}` : TWILIO_NUMBER);
      expect(form.get("To")).toBe(customer.contact);
      expect(form.get("Body")).toBe("Just checking in: please tap Confirm, Reschedule or Cancel.");
      expect(new URLSearchParams(menu?.body).get("Body")).toMatch(/^Will you be able to make it\?.*\n\n1\. Confirm\n2\. Reschedule\n3\. Cancel$/);
    }
  });
});

describe("WhatsApp Cloud API", () => {
  it("posts to /{version}/{phone-number-id}/messages with the bearer token: text, then reply buttons (≤3, titles ≤20)", async () => {
    const chat = whatsappCase();
    const customer = new ChatCustomer(fx, chat, ids.whatsapp);
    await customer.say("hi");
    await customer.inbox(2);
    const [text, buttons] = chat.sends(customer.contact, fx.standIn);
    for (const request of [text, buttons]) {
      expect(request?.method).toBe("POST");
      expect(request?.path).toBe(`/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/messages`);
      expect(request?.headers.authorization).toBe(`Bearer ${WHATSAPP.accessToken}`);
      expect(request?.headers["content-type"]).toBe("application/json");
    }
    expect(JSON.parse(text?.body ?? "")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: customer.contact,
      type: "text",
      text: { preview_url: false, body: "Hi there, this is Acme Family Dental. You have an appointment with your dentist on your scheduled date." },
    });
    const token = "w1"; // the session's first wait token: the menu's
    expect(JSON.parse(buttons?.body ?? "")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: customer.contact,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Will you be able to make it? Tap a button below or reply with Confirm, Reschedule or Cancel." },
        action: {
          buttons: [
            { type: "reply", reply: { id: `m:${token}:0`, title: "Confirm" } },
            { type: "reply", reply: { id: `m:${token}:1`, title: "Reschedule" } },
            { type: "reply", reply: { id: `m:${token}:2`, title: "Cancel" } },
          ],
        },
      },
    });
  });

  it("sends a list when a menu has more than 3 options (≤10 rows of ≤24), and takes a list_reply", async () => {
    const chat = whatsappCase();
    const customer = new ChatCustomer(fx, chat, ids.whatsappBig);
    await customer.say("hi");
    const [, list] = await customer.inbox(2);
    expect(list).toMatchObject({ form: "list" });
    const body = readGraphBody(chat.sends(customer.contact, fx.standIn)[1]?.body ?? "");
    expect(body.interactive).toMatchObject({ type: "list", action: { button: "Choose", sections: [{ title: "Options" }] } });
    expect(body.interactive?.type === "list" ? body.interactive.action.sections[0]?.rows.map((row) => row.title) : []).toEqual(["Choice number 1", "Choice number 2", "Choice number 3", "Choice number 4", "Choice number 5"]);
    await customer.choose("Choice number 4", "4");
    const session = await fx.sessionOf(chat, ids.whatsappBig, customer.contact);
    expect(session.steps.find((step) => step.outcome === "option:4")).toMatchObject({ nodeId: "choice", input: "4" });
  });

  it("falls back to numbered text when labels are too long for buttons and for list rows", async () => {
    const chat = whatsappCase();
    const customer = new ChatCustomer(fx, chat, ids.whatsappHuge);
    await customer.say("hi");
    const [, menu] = await customer.inbox(2);
    expect(menu?.form).toBe("text");
    expect(menu?.text).toMatch(/\n\n1\. A label longer than twenty-four characters 0\n2\. /);
  });
});

describe("Telegram", () => {
  it("calls sendMessage on /bot<token>/ with an inline keyboard whose callback_data are ≤64 bytes", async () => {
    const chat = telegramCase();
    const customer = new ChatCustomer(fx, chat, ids.telegram);
    await customer.say("/start");
    await customer.inbox(2);
    const [text, keyboard] = chat.sends(customer.contact, fx.standIn);
    for (const request of [text, keyboard]) {
      expect(request?.method).toBe("POST");
      expect(request?.path).toBe(`/bot${TELEGRAM.botToken}/sendMessage`);
      expect(request?.headers["content-type"]).toBe("application/json");
    }
    expect(JSON.parse(text?.body ?? "")).toEqual({ chat_id: Number(customer.contact), text: "Hi there, this is Acme Family Dental. You have an appointment with your dentist on your scheduled date." });
    expect(readSendMessage(keyboard?.body ?? "").reply_markup?.inline_keyboard).toEqual([
      [{ text: "Confirm", callback_data: "m:w1:0" }],
      [{ text: "Reschedule", callback_data: "m:w1:1" }],
      [{ text: "Cancel", callback_data: "m:w1:2" }],
    ]);
    expect(fx.standIn.to(telegramMethodPath("sendMessage")).every((request) => request.headers.authorization === undefined)).toBe(true);
  });
});

describe("the provider refusing the credentials", () => {
  it("marks the channel in error with what to fix, and the customer's step is kept", async () => {
    const chat = whatsappCase();
    const channelId = await fx.channel(chat, "appointments");
    fx.standIn.reply(graphMessagesPath, { status: 401, body: { error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } } });
    try {
      const customer = new ChatCustomer(fx, chat, channelId);
      await customer.say("hi");
      const channel = await fx.server.api("GET", `/api/channels/${channelId}`);
      expect(channel.body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("WhatsApp refused the channel's credentials (HTTP 401)") });
      expect((await fx.sessionOf(chat, channelId, customer.contact)).steps.at(-1)).toMatchObject({ nodeId: "choice", outcome: "waiting" });
    } finally {
      fx.standIn.restore(graphMessagesPath);
    }
  });
});
