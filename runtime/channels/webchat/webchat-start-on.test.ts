import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow } from "../../test-support/example-flows";
import { WebchatClient } from "./test-support/webchat-client";
import { SHOP_ORIGIN, WebchatFixture } from "./test-support/webchat-fixture";

/**
 * `settings.startOn: "first_message"`: the widget opens quietly and the visitor's first message
 * starts the flow, kept as {{vars.last_message}} — so chat-escalation routes on what they wrote,
 * as it does on SMS, WhatsApp and Telegram.
 */
const SessionList = z.object({ items: z.array(z.object({ id: z.string() })) });

describe("a web chat channel that starts on the first message", () => {
  const fixture = new WebchatFixture();
  let channelId = "";

  beforeAll(async () => {
    await fixture.start();
    await fixture.publish({ ...exampleFlow("chat-escalation"), id: "escalation-web" });
    channelId = await fixture.channel("escalation-web", [SHOP_ORIGIN], { settings: { allowedOrigins: [SHOP_ORIGIN], startOn: "first_message" } });
  });
  afterAll(() => fixture.stop());

  it("says nothing on open, then runs the flow with the visitor's first words as last_message", async () => {
    const sessionsBefore = (await fixture.count("sessions"));
    const { client, welcome } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    expect(welcome.history).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.texts()).toEqual([]);
    expect((await fixture.count("sessions"))).toBe(sessionsBefore);

    client.send({ type: "text", id: "first", text: "I want to cancel my subscription" });
    await client.next("ack", (frame) => frame.id === "first");
    const session = await pollUntil(
      async () => {
        const listed = await fixture.server.api("GET", `/api/sessions?channelId=${channelId}`);
        return SessionList.parse(listed.body).items[0];
      },
      3_000,
      () => "a session",
    );
    const detail = await fixture.server.api("GET", `/api/sessions/${session.id}`);
    expect(JSON.stringify(detail.body)).toContain("I want to cancel my subscription");
    await client.next("message", (frame) => frame.message.from === "bot");
    await client.close();
  });

  it("refuses an unknown startOn with the field named", async () => {
    const bad = await fixture.server.api("POST", "/api/channels", { type: "webchat", name: "Bad", flowId: "escalation-web", settings: { allowedOrigins: [SHOP_ORIGIN], startOn: "later" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("settings.startOn");
  });
});
