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

  it("a stale or forged callback_data is answered and ignored: no step", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    await customer.inbox(2);
    const steps = fx.stepCount();
    for (const data of ["m:w0:0", "m:w1:9", "1", "menu:1", "m:w1:-1", "x".repeat(64)]) {
      const update = telegramCallbackUpdate(Number(customer.contact), data);
      await customer.send(telegramPost(channelId, update));
      expect(answers().at(-1), data).toEqual({ callback_query_id: update.callback_query.id, text: "This menu is no longer active." });
    }
    expect(fx.stepCount()).toBe(steps);
    // A tap from a chat with no conversation starts nothing.
    const stranger = telegramCallbackUpdate(424242, "m:w1:0");
    await customer.send(telegramPost(channelId, stranger));
    expect(answers().at(-1)).toMatchObject({ callback_query_id: stranger.callback_query.id });
    expect(fx.stepCount()).toBe(steps);
  });

  it("a replayed update (same update_id) is answered 200 and not applied again", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    const tap = telegramPost(channelId, telegramCallbackUpdate(Number(customer.contact), "m:w1:2"));
    await customer.send(tap);
    const steps = fx.stepCount();
    const callbacks = answers().length;
    expect(await fx.post(tap)).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(fx.stepCount()).toBe(steps);
    expect(answers().length).toBe(callbacks);
  });
});

describe("other updates", () => {
  it("a message without text (a sticker) is stored and takes no step", async () => {
    const steps = fx.stepCount();
    const inbound = fx.inboundCount();
    const update = { update_id: 990001, message: { message_id: 1, from: { id: 5, is_bot: false, first_name: "S" }, chat: { id: 5, type: "private" }, date: 1700000000, sticker: { file_id: "x" } } };
    expect((await fx.post(telegramPost(channelId, update))).status).toBe(200);
    expect(fx.inboundCount()).toBe(inbound + 1);
    expect(fx.stepCount()).toBe(steps);
  });
});
