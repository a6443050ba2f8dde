import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { CHAT_CLOSED } from "../chat/chat-texts";
import { WebchatClient } from "./test-support/webchat-client";
import { appointmentFlow, demoAgentOnline, SHOP_ORIGIN, WebchatFixture } from "./test-support/webchat-fixture";
import { ENDED_TEXT } from "./webchat-outbox";

const Conversations = z.array(z.object({ id: z.string(), channelId: z.string().nullable(), status: z.string() }));
const Messages = z.array(z.object({ body: z.string() }));

describe("web chat with agent rooms", () => {
  const fixture = new WebchatFixture();
  let channelId = "";
  let agent: Awaited<ReturnType<typeof demoAgentOnline>>;

  beforeAll(async () => {
    await fixture.start();
    await fixture.publish(appointmentFlow("appt-desk", fixture.provider));
    channelId = await fixture.channel("appt-desk");
    agent = await demoAgentOnline(fixture.server);
  });
  afterAll(async () => {
    agent.offline();
    await fixture.stop();
  });

  const asAgent = (method: string, path: string, body?: unknown) => fixture.server.api(method, path, body, { key: null, headers: { cookie: agent.cookie } });

  it("hands the visitor to the front desk: agent and visitor talk through the room, what the agent says while the visitor is away waits in the history", async () => {
    const { client, welcome } = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN);
    const menu = await client.message("Will you be able to make it?");
    client.send({ type: "button", id: "move-it", choice: menu.options?.[1]?.choice });
    await client.message("Someone from our front desk will be with you shortly");

    const conversation = await pollUntil(
      async () => Conversations.parse((await fixture.server.api("GET", "/api/conversations?view=all")).body).find((candidate) => candidate.channelId === channelId),
      5_000,
      () => "no conversation for the visitor",
    );
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/accept`)).status).toBe(200);
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/messages`, { body: "Hi, Dana here. Which day suits you?" })).status).toBe(201);
    const fromAgent = await client.message("Which day suits you?");
    expect(fromAgent).toMatchObject({ from: "agent", author: expect.any(String) });

    client.send({ type: "text", id: "tuesday", text: "Tuesday morning, please" });
    await pollUntil(
      async () => {
        const messages = Messages.parse((await asAgent("GET", `/api/conversations/${conversation.id}/messages`)).body);
        return messages.some((message) => message.body === "Tuesday morning, please") ? true : undefined;
      },
      5_000,
      () => "the visitor's text never reached the room",
    );
    await client.close();

    // Away: the agent answers, then closes; the flow goes on at `completed` and says goodbye.
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/messages`, { body: "Booked: Tuesday 9:30." })).status).toBe(201);
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/close`, {})).status).toBe(200);
    await pollUntil(
      async () => ((await fixture.count("sessions", "channel_type = 'webchat' AND status = 'ended'")) === 1 ? true : undefined),
      5_000,
      () => "the session did not end",
    );
    const back = await WebchatClient.join(fixture.socketUrl(channelId), SHOP_ORIGIN, welcome.token);
    const texts = back.welcome.history.map((message) => `${message.from}: ${message.text}`);
    expect(texts).toContain("visitor: Reschedule");
    expect(texts).toContain("visitor: Tuesday morning, please");
    expect(texts).toContain("agent: Booked: Tuesday 9:30.");
    expect(texts.at(-2)).toBe("bot: Thanks for chatting with Acme Family Dental. Have a great day!");
    expect(texts.at(-1)).toBe(`system: ${ENDED_TEXT}`);
    expect(texts.filter((text) => text.includes(CHAT_CLOSED))).toEqual([]);
    await back.client.close();
  });
});
