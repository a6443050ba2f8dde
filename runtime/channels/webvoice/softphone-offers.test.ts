import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { exampleFlow } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { webchatSocketUrl } from "../webchat/webchat-driver";
import { WebchatClient } from "../webchat/test-support/webchat-client";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";
import { WebvoiceCaller } from "./test-support/webvoice-caller";

const SHOP = "http://shop.example.test:8080";
const Created = z.object({ id: z.string() });

/**
 * Routing on the media plane: a call on a webvoice channel is offered only to agents whose
 * softphone is connected (an agent whose microphone is blocked has none); chats are offered to
 * them as always; connecting the softphone brings the waiting call; hanging it up stops new calls.
 */
describe("voice offers follow the agent's softphone, chat offers do not", () => {
  let server: TestServer;
  let voiceChannel = "";
  let chatChannel = "";
  /** Mo: no softphone (his microphone is blocked), then one. */
  let agent: AgentClient;
  let lee: AgentClient;
  const open: Array<{ close(): Promise<unknown> }> = [];

  const offeredIds = () => agent.of("offer").map((frame) => frame.offer.conversation.id);

  /** A browser caller (werift) who presses 1 for an agent; resolves with the waiting conversation's id. */
  async function callAndAskForAgent(visitor: string): Promise<string> {
    const caller = await WebvoiceCaller.dial(server, voiceChannel, SHOP, visitor);
    open.push({ close: () => caller.hangUp() });
    const conversation = await caller.askForAgent();
    await server.rooms.settled();
    return conversation.id;
  }

  beforeAll(async () => {
    server = await startTestServer();
    for (const flow of [voiceDeskFlow(), { ...exampleFlow("chat-escalation"), id: "chat-desk", name: "Chat desk" }]) {
      expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
      expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
    }
    const voice = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "voice-desk", settings: { allowedOrigins: [SHOP] } });
    expect(voice.status, voice.text).toBe(201);
    voiceChannel = Created.parse(voice.body).id;
    const chat = await server.api("POST", "/api/channels", { type: "webchat", name: "Site chat", flowId: "chat-desk", settings: { allowedOrigins: [SHOP] } });
    expect(chat.status, chat.text).toBe(201);
    chatChannel = Created.parse(chat.body).id;

    if ((await server.store.teams.getTeam("support")) === undefined) await server.store.teams.createTeam({ id: "support", name: "Support" });
    agent = await supportAgent("Mo");
    // Lee's softphone is up: calls wait for an agent instead of ending as "nobody is free".
    lee = await supportAgent("Lee");
    const leesPhone = await WeriftPeer.offer();
    open.push(leesPhone);
    lee.send({ type: "softphone_offer", sdp: leesPhone.offerSdp });
    await leesPhone.applyAnswer((await lee.next("softphone_answer")).sdp);
    await lee.next("softphone", (frame) => frame.state === "connected", 10_000);
  });

  async function supportAgent(name: string): Promise<AgentClient> {
    const created = await server.store.users.createUser({ email: `${name.toLowerCase()}@acme.test`, name, role: "agent", password: "agent password 1" });
    if (!created.ok) throw new Error(created.error.message);
    await server.store.teams.addMember("support", created.value.id);
    const { token } = await server.store.authSessions.createAuthSession(created.value.id, 3_600_000);
    const client = await AgentClient.connect(`${server.url.replace("http", "ws")}/ws/agent`, token);
    client.startHeartbeats(5_000);
    expect((await client.next("snapshot")).agent).toMatchObject({ availability: "available", online: true });
    return client;
  }
  afterAll(async () => {
    for (const closing of open) await closing.close().catch(() => undefined);
    await agent?.close();
    await lee?.close();
    await server?.stop();
  });

  it("without a softphone the agent is not offered the call, but is offered a chat; connecting the softphone brings the call", async () => {
    const callId = await callAndAskForAgent("visitor_first_0123456789");
    await lee.next("offer", (frame) => frame.offer.conversation.id === callId, 5_000);
    const chat = await WebchatClient.join(webchatSocketUrl(server.url, chatChannel), SHOP);
    open.push(chat.client);
    const chatOffer = await agent.next("offer", (frame) => frame.offer.conversation.channelType === "webchat", 20_000);
    expect(chatOffer.offer.conversation.teamId).toBe("support");
    await server.rooms.settled();
    expect(offeredIds()).not.toContain(callId);

    const softphone = await WeriftPeer.offer();
    open.push(softphone);
    agent.send({ type: "softphone_offer", sdp: softphone.offerSdp });
    await softphone.applyAnswer((await agent.next("softphone_answer")).sdp);
    await agent.next("softphone", (frame) => frame.state === "connected", 10_000);
    const voiceOffer = await agent.next("offer", (frame) => frame.offer.conversation.id === callId, 5_000);
    expect(voiceOffer.offer.conversation.channelType).toBe("webvoice");

    // The microphone is lost: the console hangs the softphone up, and the next call is not offered.
    agent.send({ type: "softphone_hangup" });
    await agent.next("softphone", (frame) => frame.state === "ended", 10_000);
    const second = await callAndAskForAgent("visitor_second_012345678");
    await lee.next("offer", (frame) => frame.offer.conversation.id === second, 5_000);
    expect(offeredIds()).not.toContain(second);
  }, 90_000);
});
