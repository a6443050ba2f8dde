import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow } from "../../test-support/example-flows";
import { telegramCallbackUpdate, telegramCase, telegramMethodPath, telegramPost } from "../conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "../conformance/chat-fixture";

const fx = new ChatFixture();
const chat = telegramCase();
let channelId = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  channelId = await fx.channel(chat, "appointments");
});
afterAll(() => fx.stop());

const answers = () => fx.standIn.to(telegramMethodPath("answerCallbackQuery")).map((request) => JSON.parse(request.body));

describe("callback queries", () => {
  it("map callback_data to the current menu's option, and are always answered", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    const update = telegramCallbackUpdate(Number(customer.contact), "m:w1:0");
    await customer.send(telegramPost(channelId, update));
    expect(answers().at(-1)).toEqual({ callback_query_id: update.callback_query.id });
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session.steps.find((step) => step.outcome === "option:1")).toMatchObject({ nodeId: "choice", input: "1" });
  });

  it("a stale or forged callback_data is answered, and taken as an invalid answer when the update does not carry its button", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    await customer.inbox(2);
    for (const data of ["m:w0:0", "m:w1:9"]) {
      const update = telegramCallbackUpdate(Number(customer.contact), data);
      await customer.send(telegramPost(channelId, update));
      expect(answers().at(-1), data).toEqual({ callback_query_id: update.callback_query.id });
    }
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["greeting:next", "choice:waiting", "choice:invalid", "choice:invalid"]);
    // A tap from a chat with no conversation starts the flow (the tap is not taken as an answer).
    const stranger = telegramCallbackUpdate(424242, "m:w1:0");
    await customer.send(telegramPost(channelId, stranger));
    expect(answers().at(-1)).toEqual({ callback_query_id: stranger.callback_query.id });
    const started = await fx.sessionOf(chat, channelId, "424242");
    expect(started.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["greeting:next", "choice:waiting"]);
  });

  it("a replayed update (same update_id) is answered 200 and not applied again", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    const tap = telegramPost(channelId, telegramCallbackUpdate(Number(customer.contact), "m:w1:2"));
    await customer.send(tap);
    const steps = await fx.stepCount();
    const callbacks = answers().length;
    expect(await fx.post(tap)).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(await fx.stepCount()).toBe(steps);
    expect(answers().length).toBe(callbacks);
  });
});

describe("other updates", () => {
  it("a service message (a pin) and an edited message are stored and take no step", async () => {
    const steps = await fx.stepCount();
    const inbound = await fx.inboundCount();
    const chatOf = { from: { id: 5, is_bot: false, first_name: "S" }, chat: { id: 5, type: "private" }, date: 1700000000 };
    const pinned = { update_id: 990001, message: { message_id: 2, ...chatOf, pinned_message: { message_id: 1, ...chatOf, text: "hi" } } };
    const edited = { update_id: 990002, edited_message: { message_id: 1, ...chatOf, edit_date: 1700000100, text: "hi!" } };
    for (const update of [pinned, edited]) expect((await fx.post(telegramPost(channelId, update))).status).toBe(200);
    expect(await fx.inboundCount()).toBe(inbound + 2);
    expect(await fx.stepCount()).toBe(steps);
    expect(chat.sends("5", fx.standIn)).toEqual([]);
  });
});
