import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebchatClient } from "./test-support/webchat-client";
import { appointmentFlow, SHOP_ORIGIN, WebchatFixture } from "./test-support/webchat-fixture";
import { WEBCHAT_CLOSE } from "./webchat-frames";

const MENU = "Will you be able to make it?";
const OTHER_CLIENT = { localAddress: "127.0.0.2" };

/** What a refused hello may have written: nothing, in any of these. */
const TABLES = ["webchat_visitors", "webchat_messages", "sessions", "inbound_events"] as const;

/** A `hello` that must be refused: the error frame, then the socket closed with 1008. */
async function refusedHello(url: string, token?: string, options: Parameters<typeof WebchatClient.open>[2] = {}) {
  const opened = await WebchatClient.open(url, SHOP_ORIGIN, options);
  if (!opened.ok) throw new Error(`upgrade refused: ${opened.status}`);
  opened.client.send(token === undefined ? { type: "hello" } : { type: "hello", token });
  const error = await opened.client.next("error");
  const closed = await opened.client.closed;
  expect(opened.client.of("welcome")).toEqual([]);
  return { error, closed };
}

describe("web chat: new visitors per client address", () => {
  const fixture = new WebchatFixture();
  let channelId = "";
  let otherChannelId = "";
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await fixture.count(table)])));

  beforeAll(async () => {
    await fixture.start({ WEBCHAT_NEW_VISITORS_PER_IP: "3", WEBCHAT_NEW_VISITORS_WINDOW_SECONDS: "600", WEBCHAT_LIMIT_LOOPBACK: "1" });
    await fixture.publish(appointmentFlow("appt-limits", fixture.provider));
    channelId = await fixture.channel("appt-limits");
    otherChannelId = await fixture.channel("appt-limits");
  });
  afterAll(() => fixture.stop());

  it("refuses the 4th new visitor from one address with too_many_visitors and 1008, storing nothing; others pass", async () => {
    const url = fixture.socketUrl(channelId);
    const tokens: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const { client, welcome } = await WebchatClient.join(url, SHOP_ORIGIN);
      await client.message(MENU);
      tokens.push(welcome.token);
      await client.close();
    }
    const before = await counts();
    const visitors = (await fixture.count("webchat_visitors"));

    const refused = await refusedHello(url);
    expect(refused.error).toMatchObject({ type: "error", code: "too_many_visitors", message: expect.stringContaining("Too many new chats") });
    expect(refused.error.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.error.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(refused.closed.code).toBe(WEBCHAT_CLOSE.tooManyVisitors);
    // A token that finds no visitor makes a new one: refused as well.
    expect((await refusedHello(url, `wc_${"x".repeat(43)}`)).error.code).toBe("too_many_visitors");
    // X-Forwarded-For is not believed without TRUST_PROXY: still the socket's address.
    expect((await refusedHello(url, undefined, { headers: { "x-forwarded-for": "198.51.100.23" } })).error.code).toBe("too_many_visitors");
    expect(await counts()).toEqual(before);

    // A returning visitor (valid token) is never a new one, however often they come back.
    for (let n = 0; n < 4; n += 1) {
      const back = await WebchatClient.join(url, SHOP_ORIGIN, tokens[0]);
      expect(back.welcome.token).toBe(tokens[0]);
      expect(back.welcome.history.map((message) => message.text)).toContainEqual(expect.stringContaining(MENU));
      await back.client.close();
    }
    expect((await fixture.count("webchat_visitors"))).toBe(visitors);

    // Another address, and the same address on another channel, have their own counts.
    const elsewhere = await WebchatClient.join(url, SHOP_ORIGIN, undefined, OTHER_CLIENT);
    await elsewhere.client.message(MENU);
    await elsewhere.client.close();
    const otherChannel = await WebchatClient.join(fixture.socketUrl(otherChannelId), SHOP_ORIGIN);
    await otherChannel.client.message(MENU);
    await otherChannel.client.close();
    expect((await fixture.count("webchat_visitors"))).toBe(visitors + 2);
  });

  it("drops frames the refused socket had already sent behind its hello", async () => {
    const before = await counts();
    const opened = await WebchatClient.open(fixture.socketUrl(channelId), SHOP_ORIGIN);
    if (!opened.ok) throw new Error("refused");
    opened.client.send({ type: "hello" });
    opened.client.send({ type: "text", id: "sneaky", text: "hello?" });
    opened.client.send({ type: "hello" });
    await opened.client.closed;
    expect(opened.client.frames).toEqual([expect.objectContaining({ type: "error", code: "too_many_visitors" })]);
    expect(await counts()).toEqual(before);
  });
});

describe("web chat: loopback peers by default (a proxy on this host without TRUST_PROXY)", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start({ WEBCHAT_NEW_VISITORS_PER_IP: "2", WEBCHAT_NEW_VISITORS_WINDOW_SECONDS: "600" });
    await fixture.publish(appointmentFlow("appt-loopback", fixture.provider));
    channelId = await fixture.channel("appt-loopback");
  });
  afterAll(() => fixture.stop());

  it("are not counted, so visitors behind a local proxy are not turned away together", async () => {
    const visitors = (await fixture.count("webchat_visitors"));
    for (let n = 0; n < 4; n += 1) {
      const { client } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
      await client.message(MENU);
      await client.close();
    }
    expect((await fixture.count("webchat_visitors"))).toBe(visitors + 4);
  });
});

describe("web chat behind a trusted proxy (TRUST_PROXY=1)", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start({ TRUST_PROXY: "1", WEBCHAT_NEW_VISITORS_PER_IP: "1", WEBCHAT_NEW_VISITORS_WINDOW_SECONDS: "1" });
    await fixture.publish(appointmentFlow("appt-proxied", fixture.provider));
    channelId = await fixture.channel("appt-proxied");
  });
  afterAll(() => fixture.stop());

  const from = (forwardedFor: string) => ({ headers: { "x-forwarded-for": forwardedFor } });

  it("counts by the address the proxy appended, not what the client wrote, and admits again after the window", async () => {
    const url = fixture.socketUrl(channelId);
    const first = await WebchatClient.join(url, SHOP_ORIGIN, undefined, from("203.0.113.7"));
    await first.client.close();
    // The client wrote its own X-Forwarded-For; the proxy appended the real address after it.
    const spoofed = await refusedHello(url, undefined, from("192.0.2.1, 203.0.113.7"));
    expect(spoofed.error).toMatchObject({ code: "too_many_visitors", retryAfterSeconds: 1 });
    const another = await WebchatClient.join(url, SHOP_ORIGIN, undefined, from("203.0.113.7, 203.0.113.8"));
    await another.client.close();
    // One subscriber's IPv6 /64 is one address.
    const v6 = await WebchatClient.join(url, SHOP_ORIGIN, undefined, from("2001:db8:1:2::1"));
    await v6.client.close();
    expect((await refusedHello(url, undefined, from("2001:db8:1:2:ffff::9"))).error.code).toBe("too_many_visitors");

    await new Promise((resolve) => setTimeout(resolve, (spoofed.error.retryAfterSeconds ?? 1) * 1000 + 50));
    const later = await WebchatClient.join(url, SHOP_ORIGIN, undefined, from("203.0.113.7"));
    expect(later.welcome.token).not.toBe(first.welcome.token);
    await later.client.close();
  });
});

describe("web chat: messages per socket", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start({ WEBCHAT_MESSAGES_PER_SOCKET: "3", WEBCHAT_MESSAGES_WINDOW_SECONDS: "1" });
    await fixture.publish(appointmentFlow("appt-chatty", fixture.provider));
    channelId = await fixture.channel("appt-chatty");
  });
  afterAll(() => fixture.stop());

  const stored = async (prefix: string) => ({
    inbound: (await fixture.count("inbound_events", `provider_event_id LIKE '%:${prefix}-%'`)),
    lines: (await fixture.count("webchat_messages", `client_id LIKE '${prefix}-%'`)),
  });

  it("refuses messages over the limit with rate_limited (not stored, socket open), then takes them after the window", async () => {
    const { client } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    await client.message(MENU);
    for (let n = 1; n <= 5; n += 1) client.send({ type: "text", id: `burst-${n}`, text: `message ${n}` });

    const limited = await client.next("error", (frame) => frame.id === "burst-5");
    expect(limited).toMatchObject({ code: "rate_limited", retryAfterSeconds: 1 });
    expect(await client.next("error", (frame) => frame.id === "burst-4")).toMatchObject({ code: "rate_limited" });
    for (const id of ["burst-1", "burst-2", "burst-3"]) await client.next("ack", (frame) => frame.id === id);
    await client.message("message 3");
    expect(client.of("ack").map((frame) => frame.id)).toEqual(["burst-1", "burst-2", "burst-3"]);
    expect(await stored("burst")).toEqual({ inbound: 3, lines: 3 });
    expect(client.texts().filter((text) => text.startsWith("message "))).toEqual(["message 1", "message 2", "message 3"]);

    // Still open: a ping is answered at once.
    client.send({ type: "ping" });
    await client.next("pong");

    await new Promise((resolve) => setTimeout(resolve, (limited.retryAfterSeconds ?? 1) * 1000 + 50));
    client.send({ type: "text", id: "burst-4", text: "message 4" });
    expect(await client.next("ack", (frame) => frame.id === "burst-4")).toMatchObject({ duplicate: false });
    expect((await client.message("message 4")).clientId).toBe("burst-4");
    expect(await stored("burst")).toEqual({ inbound: 4, lines: 4 });
    await client.close();
  });
});
