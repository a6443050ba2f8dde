import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { CHAT_APOLOGY } from "../chat/chat-texts";
import { STALE_CHOICE_TEXT } from "./webchat-conversations";
import { ENDED_TEXT } from "./webchat-outbox";
import { WEBCHAT_CLOSE } from "./webchat-frames";
import { WebchatClient } from "./test-support/webchat-client";
import { appointmentFlow, SHOP_ORIGIN, WebchatFixture } from "./test-support/webchat-fixture";

const GREETING = "this is Acme Family Dental";
const MENU = "Will you be able to make it?";

describe("the web chat socket /ws/webchat/:channelId", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start();
    await fixture.publish(appointmentFlow("appt-web", fixture.provider));
    channelId = await fixture.channel("appt-web");
  });
  afterAll(() => fixture.stop());

  it("refuses an Origin that is not allowed, and a missing one, with 403 before the upgrade (nothing stored)", async () => {
    const before = (await fixture.count("webchat_visitors"));
    const foreign = await WebchatClient.open(fixture.socketUrl(channelId), "http://evil.example.test");
    expect(foreign).toMatchObject({ ok: false, status: 403 });
    const sameHostOtherPort = await WebchatClient.open(fixture.socketUrl(channelId), "http://shop.example.test:9090");
    expect(sameHostOtherPort).toMatchObject({ ok: false, status: 403 });
    const none = await WebchatClient.open(fixture.socketUrl(channelId), undefined);
    expect(none).toMatchObject({ ok: false, status: 403 });
    expect((await fixture.count("webchat_visitors"))).toBe(before);
  });

  it("answers 404 for an unknown channel and for a channel of another type", async () => {
    expect(await WebchatClient.open(fixture.socketUrl("no-such-channel"), SHOP_ORIGIN)).toMatchObject({ ok: false, status: 404 });
    const voice = await fixture.server.api("POST", "/api/channels", {
      type: "twilio_voice",
      name: "A phone line",
      flowId: "appt-web",
      credentials: { accountSid: `AC${"0".repeat(32)}`, authToken: "0123456789abcdef0123" },
    });
    expect(voice.status, voice.text).toBe(201);
    const voiceId = (voice.body as { id: string }).id;
    expect(await WebchatClient.open(fixture.socketUrl(voiceId), SHOP_ORIGIN)).toMatchObject({ ok: false, status: 404 });
  });

  it("closes the socket of a disabled channel with 4403 and a reason", async () => {
    const disabled = await fixture.channel("appt-web", [SHOP_ORIGIN], { enabled: false });
    const opened = await WebchatClient.open(fixture.socketUrl(disabled), SHOP_ORIGIN);
    if (!opened.ok) throw new Error(`refused: ${opened.status}`);
    expect(await opened.client.closed).toEqual({ code: WEBCHAT_CLOSE.channelDisabled, reason: "this chat is disabled" });
  });

  it("greets a new visitor with the flow's menu as buttons; a tap walks the flow to its end", async () => {
    const { client, welcome } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    expect(welcome.token).toMatch(/^wc_[A-Za-z0-9_-]{43}$/);
    expect(welcome.history).toEqual([]);
    expect((await client.message(GREETING)).from).toBe("bot");
    const menu = await client.message(MENU);
    expect(menu.options?.map((option) => option.label)).toEqual(["Confirm", "Reschedule", "Cancel"]);
    expect(menu.options?.[0]?.choice).toMatch(/^m:[A-Za-z0-9_-]+:0$/);

    client.send({ type: "button", id: "tap-1", choice: menu.options?.[0]?.choice });
    expect(await client.next("ack", (frame) => frame.id === "tap-1")).toMatchObject({ duplicate: false });
    const echoed = await client.next("message", (frame) => frame.message.from === "visitor");
    expect(echoed.message).toMatchObject({ text: "Confirm", clientId: "tap-1" });
    expect((await client.message("You're confirmed")).from).toBe("bot");
    expect(await client.next("ended")).toMatchObject({ reason: "hangup_node" });
    expect((await client.message(ENDED_TEXT)).from).toBe("system");
    expect(fixture.provider.requests.some((request) => request.url === "/appointments//status" && request.body.includes('"status": "confirmed"'))).toBe(true);
    const channel = await fixture.server.api("GET", `/api/channels/${channelId}`);
    expect(channel.body).toMatchObject({ status: "active" });
    await client.close();
  });

  it("resumes a visitor by token: same conversation, the history replayed, no second greeting", async () => {
    const first = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    await first.client.message(MENU);
    await first.client.close();
    const sessionsBefore = (await fixture.count("sessions", "channel_type = 'webchat'"));

    const again = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, first.welcome.token);
    expect(again.welcome.token).toBe(first.welcome.token);
    expect(again.welcome.open).toBe(true);
    expect(again.welcome.history.map((message) => message.text)).toEqual([expect.stringContaining(GREETING), expect.stringContaining(MENU)]);
    expect(again.welcome.history[1]?.options).toHaveLength(3);
    again.client.send({ type: "text", id: "typed-1", text: "reschedule" });
    expect((await again.client.message("Someone from our front desk")).from).toBe("bot");
    // Nobody is online: rooms answer no_answer at once (a system dispatch), and its line comes after the transfer's.
    await again.client.message("Our front desk is busy right now");
    const order = again.client.texts().map((text) => (text.includes("Someone from our front desk") ? "queued" : text.includes("front desk is busy") ? "busy" : "other"));
    expect(order.filter((entry) => entry !== "other")).toEqual(["queued", "busy"]);
    expect((await fixture.count("sessions", "channel_type = 'webchat'"))).toBe(sessionsBefore);
    await again.client.close();

    const stranger = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, `wc_${"x".repeat(43)}`);
    expect(stranger.welcome.token).not.toBe(first.welcome.token);
    expect(stranger.welcome.history).toEqual([]);
    await stranger.client.message(GREETING);
    await stranger.client.close();
  });

  it("recognises a frame resent after a reconnect (same id): acknowledged as a duplicate, processed once", async () => {
    const first = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    const menu = await first.client.message(MENU);
    const frame = { type: "button", id: "resend-me", choice: menu.options?.[2]?.choice };
    first.client.send(frame);
    await first.client.next("ack", (ack) => ack.id === "resend-me");
    await first.client.message("has been cancelled");
    await first.client.close();
    const inbound = (await fixture.count("inbound_events", "channel_type = 'webchat'"));
    const lines = (await fixture.count("webchat_messages"));

    const again = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, first.welcome.token);
    again.client.send(frame);
    expect(await again.client.next("ack", (ack) => ack.id === "resend-me")).toMatchObject({ duplicate: true });
    again.client.send({ type: "ping" });
    await again.client.next("pong");
    expect((await fixture.count("inbound_events", "channel_type = 'webchat'"))).toBe(inbound);
    expect((await fixture.count("webchat_messages"))).toBe(lines);
    expect(again.client.of("message")).toEqual([]);
    await again.client.close();
  });

  it("shows every tab of a visitor the same conversation: one tab's message and the bot's answer reach both", async () => {
    const first = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    await first.client.message(MENU);
    const second = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, first.welcome.token);
    expect(second.welcome.history.map((message) => message.id)).toEqual(first.client.of("message").map((frame) => frame.message.id));
    second.client.send({ type: "text", id: "from-tab-2", text: "cancel" });
    for (const tab of [first.client, second.client]) {
      expect(await tab.message("cancel")).toMatchObject({ from: "visitor", clientId: "from-tab-2" });
      await tab.message("has been cancelled");
      await tab.next("ended");
    }
    await first.client.close();
    await second.client.close();
  });

  it("says the bot is typing while a slow HTTP callback runs, and not for a quick answer", async () => {
    const { client } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    const menu = await client.message(MENU);
    client.send({ type: "text", id: "quick", text: "what?" });
    await client.message("Sorry, I didn't understand");
    expect(client.of("typing")).toEqual([]);
    fixture.provider.reply("/appointments//status", (_request, response) => {
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), 800);
    });
    try {
      const again = client.of("message").findLast((frame) => frame.message.options !== undefined)?.message ?? menu;
      client.send({ type: "button", id: "slow", choice: again.options?.[0]?.choice });
      expect(await client.next("typing")).toEqual({ type: "typing", from: "bot" });
      expect(client.texts().some((text) => text.includes("You're confirmed"))).toBe(false);
      await client.message("You're confirmed");
    } finally {
      fixture.provider.reply("/appointments//status", { status: 200, body: '{"ok":true}' });
    }
    await client.close();
  });

  it("reads a tap on a button of an earlier menu as its label; a choice never drawn is an invalid answer", async () => {
    const first = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    const menu = await first.client.message(MENU);
    first.client.send({ type: "text", id: "not-an-option", text: "perhaps" });
    const sorry = await first.client.message("Sorry, I didn't understand");
    // Not a choice of any menu drawn to this visitor: no label to read, an invalid answer (the menu again).
    first.client.send({ type: "button", id: "forged", choice: "m:forged:0" });
    await first.client.next("message", (frame) => frame.message.text.startsWith("Sorry, I didn't understand") && frame.message.id > sorry.id);
    // The first menu's Confirm (another tab, or the page before the retry): its label is one of the current menu's options.
    first.client.send({ type: "button", id: "old-menu", choice: menu.options?.[0]?.choice });
    expect((await first.client.message("You're confirmed")).from).toBe("bot");
    expect(first.client.texts()).not.toContain(STALE_CHOICE_TEXT);
    const visitorLines = first.client.of("message").filter((frame) => frame.message.from === "visitor").map((frame) => frame.message.text);
    expect(visitorLines).toEqual(["perhaps", "m:forged:0", "Confirm"]);
    await first.client.close();
  });

  it("apologises when the channel's flow has no published version, and puts the channel in error", async () => {
    const draftOnly = await fixture.server.api("POST", "/api/flows", { ...appointmentFlow("appt-draft", fixture.provider), name: "Draft only" });
    expect(draftOnly.status, draftOnly.text).toBe(201);
    const unpublished = await fixture.channel("appt-draft");
    const { client } = await WebchatClient.join(fixture.socketUrl(unpublished), SHOP_ORIGIN);
    expect(await client.message(CHAT_APOLOGY)).toMatchObject({ from: "system" });
    const channel = await fixture.server.api("GET", `/api/channels/${unpublished}`);
    expect(channel.body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("no published version") });
    await client.close();
  });

  it("closes a socket that sends a frame over 64 KiB (1009)", async () => {
    const { client } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    client.send({ type: "text", id: "huge", text: "x".repeat(70_000) });
    expect((await client.closed).code).toBe(1009);
  });

  it("refuses frames before hello and malformed frames with an error frame, keeping the socket open", async () => {
    const opened = await WebchatClient.open(fixture.socketUrl(channelId), SHOP_ORIGIN);
    if (!opened.ok) throw new Error("refused");
    const { client } = opened;
    client.send({ type: "text", id: "early", text: "hi" });
    expect(await client.next("error")).toMatchObject({ code: "hello_first", id: "early" });
    client.sendRaw("not json");
    await client.next("error", (frame) => frame.code === "invalid_frame");
    client.send({ type: "text", id: "bad id!", text: "hi" });
    expect(await client.next("error", (frame) => frame.message.startsWith("id:"))).toMatchObject({ code: "invalid_frame" });
    client.send({ type: "hello" });
    await client.next("welcome");
    await client.close();
  });
});

describe("web chat timers", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start();
    await fixture.publish(appointmentFlow("appt-quick", fixture.provider, { menuTimeoutSeconds: 1 }));
    channelId = await fixture.channel("appt-quick");
  });
  afterAll(() => fixture.stop());

  it("pushes a menu timeout to the open socket, and keeps what fires while the visitor is away for their return", async () => {
    const { client, welcome } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    await client.message(MENU);
    const nudge = await client.message("Just checking in", 4_000);
    expect(nudge.from).toBe("bot");
    await client.close();

    // Away: the second timeout re-prompts, the third leaves the menu and ends the chat.
    await pollUntil(
      async () => ((await fixture.count("sessions", "channel_type = 'webchat' AND status = 'ended'")) === 1 ? true : undefined),
      8_000,
      () => "the session never ended",
    );
    const back = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, welcome.token);
    const texts = back.welcome.history.map((message) => message.text);
    expect(texts.filter((text) => text.includes("Just checking in"))).toHaveLength(2);
    expect(texts.at(-2)).toContain("We haven't heard back");
    expect(texts.at(-1)).toBe(ENDED_TEXT);
    expect(back.welcome.open).toBe(false);
    await back.client.close();
  }, 20_000);
});
