import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow, type FlowJson, withNodeData } from "../../test-support/example-flows";
import { type ChatCase, telegramCase, telegramMethodPath, telegramPost, whatsappCase, whatsappPayload, whatsappPost } from "./chat-cases";
import { ChatCustomer, ChatFixture } from "./chat-fixture";
import { TELEGRAM_UNEXPECTED, telegramContentUpdate, telegramTap, TWILIO_UNEXPECTED, type UnexpectedMessage, UNEXPECTED_MESSAGES, WHATSAPP_UNEXPECTED, whatsappTap } from "./unexpected-input-cases";

/**
 * No customer is left in silence: what real customers send that flows do not expect (voice notes,
 * images, stickers, locations, contact cards; taps on buttons of an earlier menu), provider-shaped,
 * through every chat driver reached by webhooks. What the customer receives is read back from the
 * provider stand-in (and Twilio's TwiML answers); every such message is in the inbound log.
 */

const fx = new ChatFixture();
const NOTICE = "Sorry, I can only read text messages here.";
const MENU = "Will you be able to make it? Tap a button below or reply with Confirm, Reschedule or Cancel.";
const INVALID = "Sorry, I didn't understand. Please tap Confirm, Reschedule or Cancel.";
const GREETING = "Hi there, this is Acme Family Dental. You have an appointment with your dentist on your scheduled date.";
const CONFIRMED = "Thank you! You're confirmed for your scheduled date. Please arrive 10 minutes early. See you soon!";
const FRONT_DESK = "No problem. Someone from our front desk will be with you shortly to find a new time.";

/** One channel per (provider case, flow), made on first use. */
const channels = new Map<string, string>();
async function channelFor(chat: ChatCase, flowId: string): Promise<string> {
  const key = `${chat.label}\n${flowId}`;
  const known = channels.get(key);
  if (known !== undefined) return known;
  const id = await fx.channel(chat, flowId);
  channels.set(key, id);
  return id;
}

const appointments = (): FlowJson => {
  const flow = withNodeData(exampleFlow("appointment-confirmation"), "record_choice", { url: `${fx.standIn.url}/appointments/{{vars.appointment_id}}/status` });
  return { ...flow, variables: { ...z.record(z.string(), z.unknown()).parse(flow.variables), appointment_id: "A-1" } };
};

beforeAll(async () => {
  await fx.start();
  fx.standIn.reply("/appointments/A-1/status", { status: 200, body: { ok: true } });
  fx.standIn.reply("/tickets", { status: 201, body: { ticket_id: "T-7" } });
  await fx.publish({ ...appointments(), id: "appointments" });
  // Four options: WhatsApp draws them as a list (at most 3 reply buttons).
  const choice = exampleFlow("appointment-confirmation").nodes.find((node) => node.id === "choice");
  const options = z.object({ data: z.object({ options: z.array(z.record(z.string(), z.unknown())) }) }).parse(choice).data.options;
  await fx.publish({ ...withNodeData(appointments(), "choice", { options: [...options, { key: "4", label: "Call me back" }] }), id: "appointments-list" });
  await fx.publish({ ...withNodeData(exampleFlow("chat-escalation"), "open_ticket", { url: `${fx.standIn.url}/tickets` }), id: "escalation" });
  const base = appointments();
  const settings = z.record(z.string(), z.unknown()).parse(base.settings);
  await fx.publish({ ...base, id: "appointments-pt", settings: { ...settings, language: "pt-BR" } });
  await fx.publish({ ...base, id: "appointments-own", settings: { ...settings, unsupportedInputMessage: "Sorry {{caller.name}}, I can't open that here: please type your answer." } });
  await fx.agentOnline();
});
afterAll(() => fx.stop());

/** The customer at the appointment menu: greeted, the menu drawn (buttons, a list, an inline keyboard or numbered text). */
async function atMenu(chat: ChatCase, flowId = "appointments") {
  const customer = new ChatCustomer(fx, chat, await channelFor(chat, flowId));
  await customer.say("hi");
  const [greeting, menu] = await customer.inbox(2);
  expect(greeting?.text).toBe(GREETING);
  const session = await fx.sessionOf(chat, customer.channelId, customer.contact);
  expect(session.steps.at(-1)).toMatchObject({ nodeId: "choice", outcome: "waiting" });
  return { customer, menu, session };
}

const stepsOf = async (sessionId: string) => (await fx.session(sessionId)).steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

describe.each(UNEXPECTED_MESSAGES.map((message) => [message.label, message] as const))("%s", (_label, unexpected) => {
  it("at a menu: answered with the unsupported-input message and the menu again; stored, no step, no try used; a retry sends nothing again", async () => {
    const { customer, menu, session } = await atMenu(unexpected.chat);
    const steps = await stepsOf(session.id);
    const { post, eventId } = unexpected.build(customer.channelId, customer.contact);
    const answer = await customer.send(post);
    const received = await customer.inbox(4);
    // The same menu, drawn from the same wait: its buttons are the live ones.
    expect(received.slice(2)).toEqual([{ text: NOTICE, form: "text" }, menu]);
    expect(await stepsOf(session.id)).toEqual(steps);
    expect(await fx.session(session.id)).toMatchObject({ status: "waiting" });
    const stored = await fx.inboundEvent(customer.channelId, eventId);
    expect(stored).toMatchObject({ sessionId: session.id, processedAt: expect.any(Number) });
    expect(stored?.payload).not.toBe("");

    const inbound = (await fx.inboundCount());
    const sent = unexpected.chat.sends(customer.contact, fx.standIn).length;
    expect(await fx.post(post)).toEqual(answer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fx.inboundCount())).toBe(inbound);
    expect(unexpected.chat.sends(customer.contact, fx.standIn).length).toBe(sent);
    expect(await stepsOf(session.id)).toEqual(steps);

    // Nothing was used up: the menu drawn again takes the answer.
    await customer.choose("Confirm", "1");
    expect((await customer.inbox(5))[4]).toEqual({ text: CONFIRMED, form: "text" });
    expect((await stepsOf(session.id)).slice(steps.length)).toEqual(["choice:option:1", "mark_confirmed:next", "record_choice:waiting", "record_choice:success", "which_choice:match:confirmed", "confirmed:ended"]);
  });

  it("while agents have the conversation: the room gets a note naming it, the customer the unsupported-input message", async () => {
    const customer = new ChatCustomer(fx, unexpected.chat, await channelFor(unexpected.chat, "escalation"));
    await customer.say("My app keeps crashing");
    await customer.inbox(2);
    const session = await fx.sessionOf(unexpected.chat, customer.channelId, customer.contact);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(session.id), 2_000, () => "the conversation");
    const steps = (await fx.session(session.id)).stepCount;
    const { post, eventId } = unexpected.build(customer.channelId, customer.contact);
    await customer.send(post);
    // Their place in the queue is told too, whenever it moves: not what this is about.
    const told = () => customer.received().filter((message) => !message.text.endsWith("in the queue."));
    const answered = await pollUntil(async () => (told().length >= 3 ? told() : undefined), 5_000, () => `the notice: ${JSON.stringify(customer.received())}`, 25);
    expect(answered[2]).toEqual({ text: NOTICE, form: "text" });
    const messages = await fx.server.store.rooms.messages.list(conversation.id);
    const note = messages.at(-1);
    expect(note?.kind).toBe("system");
    expect(note?.body).toMatch(unexpected.note);
    // Written as the customer's: the fan-out never sends a customer's own message back to them.
    const author = (await fx.server.store.rooms.messages.participants(conversation.id)).find((participant) => participant.id === note?.participantId);
    expect(author).toMatchObject({ role: "customer", address: customer.contact });
    expect((await fx.session(session.id)).stepCount).toBe(steps);
    expect(await fx.inboundEvent(customer.channelId, eventId)).toMatchObject({ sessionId: session.id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(told()).toHaveLength(3);
  });
});

/** The case at `index` (a typo in a test is an error, not a skipped test). */
function must(cases: readonly UnexpectedMessage[], index: number): UnexpectedMessage {
  const found = cases[index];
  if (found === undefined) throw new Error(`no case ${index}`);
  return found;
}

describe.each([must(WHATSAPP_UNEXPECTED, 0), must(TELEGRAM_UNEXPECTED, 1), must(TWILIO_UNEXPECTED, 0)].map((message) => [message.label, message] as const))("%s as the first message", (_label, unexpected) => {
  it("starts the flow, told first that it could not be read; {{vars.last_message}} is empty", async () => {
    const customer = new ChatCustomer(fx, unexpected.chat, await channelFor(unexpected.chat, "appointments"));
    const { post, eventId } = unexpected.build(customer.channelId, customer.contact);
    await customer.send(post);
    const received = await customer.inbox(3);
    expect(received.map((message) => message.text)).toEqual([NOTICE, GREETING, expect.stringContaining(MENU)]);
    const session = await fx.sessionOf(unexpected.chat, customer.channelId, customer.contact);
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["greeting:next", "choice:waiting"]);
    expect(await fx.inboundEvent(customer.channelId, eventId)).toMatchObject({ sessionId: session.id });
    const head = await fx.server.store.sessions.getSessionHead(session.id);
    expect(z.object({ vars: z.record(z.string(), z.unknown()) }).parse(head?.state).vars.last_message).toBe("");
  });
});

describe("the flow's own words", () => {
  it("settings.unsupportedInputMessage is said (templates rendered); without it, the default is in the flow's language", async () => {
    const image = must(WHATSAPP_UNEXPECTED, 1);
    const own = await atMenu(image.chat, "appointments-own");
    await own.customer.send(image.build(own.customer.channelId, own.customer.contact).post);
    expect((await own.customer.inbox(4))[2]?.text).toBe("Sorry John, I can't open that here: please type your answer.");

    const pt = await atMenu(image.chat, "appointments-pt");
    await pt.customer.send(image.build(pt.customer.channelId, pt.customer.contact).post);
    expect((await pt.customer.inbox(4))[2]?.text).toBe("Desculpe, aqui só consigo ler mensagens de texto.");
  });
});

describe("a tap on a button the server did not draw for the current question", () => {
  const whatsapp = whatsappCase();

  it.each([
    ["reply button", "appointments", "button_reply"],
    ["list row", "appointments-list", "list_reply"],
  ] as const)("WhatsApp %s of an earlier menu whose title is an option of the current one: taken", async (_what, flowId, form) => {
    const { customer, menu, session } = await atMenu(whatsapp, flowId);
    expect(menu?.form).toBe(form === "list_reply" ? "list" : "buttons");
    await customer.say("perhaps");
    const again = await customer.inbox(4);
    expect(again.slice(2).map((message) => message.text)).toEqual([INVALID, MENU]);
    const stale = menu?.choices?.find((choice) => choice.label === "Reschedule");
    if (stale === undefined) throw new Error("no Reschedule choice");
    expect(again[3]?.choices?.find((choice) => choice.label === "Reschedule")?.id).not.toBe(stale.id);
    await customer.send(whatsappTap(customer.channelId, customer.contact, { id: stale.id, title: stale.label }, form));
    expect((await customer.inbox(5))[4]?.text).toBe(FRONT_DESK);
    expect((await stepsOf(session.id)).slice(2)).toEqual(["choice:invalid", "choice:option:2", "mark_reschedule:next", "record_choice:waiting", "record_choice:success", "which_choice:match:reschedule", "to_front_desk:waiting"]);
  });

  it.each([
    ["reply button", "appointments", "button_reply"],
    ["list row", "appointments-list", "list_reply"],
  ] as const)("WhatsApp %s matching no option of the current menu: invalid, and the menu again", async (_what, flowId, form) => {
    const { customer, session } = await atMenu(whatsapp, flowId);
    await customer.send(whatsappTap(customer.channelId, customer.contact, { id: "m:w0:7", title: "Talk to sales" }, form));
    const received = await customer.inbox(4);
    expect(received.slice(2).map((message) => message.text)).toEqual([INVALID, MENU]);
    expect(received[3]?.form).toBe(form === "list_reply" ? "list" : "buttons");
    const after = await fx.session(session.id);
    expect(after.steps.at(-1)).toMatchObject({ nodeId: "choice", outcome: "invalid", input: "Talk to sales" });
  });

  const telegram = telegramCase();
  const answers = () => fx.standIn.to(telegramMethodPath("answerCallbackQuery")).map((request) => z.record(z.string(), z.unknown()).parse(JSON.parse(request.body)));

  it("Telegram callback_data unknown to the server, on a keyboard the update carries: matched by the button's text; the query is answered", async () => {
    const { customer, session } = await atMenu(telegram);
    const tap = telegramTap(Number(customer.contact), "m:w0:2", [
      { text: "Confirm", callback_data: "m:w0:0" },
      { text: "Cancel", callback_data: "m:w0:2" },
    ]);
    await customer.send(telegramPost(customer.channelId, tap));
    expect(answers().at(-1)).toEqual({ callback_query_id: tap.callback_query.id });
    expect((await stepsOf(session.id)).slice(2, 3)).toEqual(["choice:option:3"]);
    expect(await fx.inboundEvent(customer.channelId, String(tap.update_id))).toMatchObject({ sessionId: session.id });
  });

  it("Telegram callback_data unknown to the server, without the keyboard: invalid, and the menu again; the query is answered", async () => {
    const { customer, session, menu } = await atMenu(telegram);
    const tap = telegramTap(Number(customer.contact), "m:w0:2");
    await customer.send(telegramPost(customer.channelId, tap));
    expect(answers().at(-1)).toEqual({ callback_query_id: tap.callback_query.id });
    const received = await customer.inbox(4);
    expect(received.slice(2).map((message) => message.text)).toEqual([INVALID, MENU]);
    expect(received[3]?.choices?.map((choice) => choice.label)).toEqual(menu?.choices?.map((choice) => choice.label));
    expect((await fx.session(session.id)).steps.at(-1)).toMatchObject({ nodeId: "choice", outcome: "invalid" });
  });
});

describe("what else arrives", () => {
  const whatsapp = whatsappCase();
  const message = (from: string, type: string, body: Record<string, unknown>) => ({ from, id: `wamid.${type}-${Math.random().toString(16).slice(2)}`, timestamp: "1717000200", type, ...body });

  it("WhatsApp: a photo's caption is read as text; a type Meta cannot pass on is answered like media", async () => {
    const { customer, session } = await atMenu(whatsapp);
    const unknown = message(customer.contact, "unsupported", { errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown", error_data: { details: "Message type is currently not supported." } }] });
    await customer.send(whatsappPost(customer.channelId, whatsappPayload([unknown], { from: customer.contact })));
    expect((await customer.inbox(4))[2]?.text).toBe(NOTICE);
    const photo = message(customer.contact, "image", { image: { caption: "cancel, sorry", mime_type: "image/jpeg", sha256: "x", id: "1234" } });
    await customer.send(whatsappPost(customer.channelId, whatsappPayload([photo], { from: customer.contact })));
    expect((await stepsOf(session.id)).slice(2, 3)).toEqual(["choice:option:3"]);
  });

  it("WhatsApp: a reaction is not answered by the flow; with agents, the room is told", async () => {
    const { customer, session } = await atMenu(whatsapp);
    const steps = await stepsOf(session.id);
    const reaction = message(customer.contact, "reaction", { reaction: { message_id: "wamid.earlier", emoji: "👍" } });
    const post = whatsappPost(customer.channelId, whatsappPayload([reaction], { from: customer.contact }));
    await customer.send(post);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(customer.received()).toHaveLength(2);
    expect(await stepsOf(session.id)).toEqual(steps);
    expect(await fx.inboundEvent(customer.channelId, reaction.id)).toMatchObject({ processedAt: expect.any(Number) });

    const agents = new ChatCustomer(fx, whatsapp, await channelFor(whatsapp, "escalation"));
    await agents.say("My app keeps crashing");
    await agents.inbox(2);
    const handedOff = await fx.sessionOf(whatsapp, agents.channelId, agents.contact);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(handedOff.id), 2_000, () => "the conversation");
    const thumbs = message(agents.contact, "reaction", { reaction: { message_id: "wamid.earlier", emoji: "👍" } });
    await agents.send(whatsappPost(agents.channelId, whatsappPayload([thumbs], { from: agents.contact })));
    expect((await fx.server.store.rooms.messages.list(conversation.id)).at(-1)).toMatchObject({ kind: "system", body: "The customer reacted with 👍." });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(agents.received().filter((received) => !received.text.endsWith("in the queue."))).toHaveLength(2);
  });

  it("Telegram: a document with a caption is read as text; a tap on a stale button while agents have the chat is posted as its text", async () => {
    const telegram = telegramCase();
    const { customer, session } = await atMenu(telegram);
    const update = telegramContentUpdate(Number(customer.contact), { document: { file_id: "BQACAgQ", file_name: "referral.pdf", mime_type: "application/pdf" }, caption: "Reschedule please" });
    await customer.send(telegramPost(customer.channelId, update));
    expect((await stepsOf(session.id)).slice(2, 3)).toEqual(["choice:option:2"]);

    const agents = new ChatCustomer(fx, telegram, await channelFor(telegram, "escalation"));
    await agents.say("My app keeps crashing");
    await agents.inbox(2);
    const handedOff = await fx.sessionOf(telegram, agents.channelId, agents.contact);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(handedOff.id), 2_000, () => "the conversation");
    await agents.send(telegramPost(agents.channelId, telegramTap(Number(agents.contact), "m:w1:0", [{ text: "Confirm", callback_data: "m:w1:0" }])));
    expect((await fx.server.store.rooms.messages.list(conversation.id)).at(-1)).toMatchObject({ kind: "text", body: "Confirm" });
  });
});
