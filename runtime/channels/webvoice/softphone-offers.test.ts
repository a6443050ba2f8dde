import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { ConversationView } from "../../rooms/views";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { webchatSocketUrl } from "../webchat/webchat-driver";
import { WebchatClient } from "../webchat/test-support/webchat-client";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";
import { WebvoiceClient } from "./test-support/webvoice-client";

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

  const waiting = async (channelType: string, exclude: readonly string[] = []) => {
    let seen: ConversationView[] = [];
    return pollUntil(
      async () => {
        seen = z.array(ConversationView).parse((await server.api("GET", "/api/conversations?view=all")).body);
        return seen.find((conversation) => conversation.channelType === channelType && conversation.status === "waiting" && !exclude.includes(conversation.id));
      },
      20_000,
      () => `no waiting ${channelType} conversation: ${seen.map((conversation) => `${conversation.channelType} ${conversation.status}`).join(", ")}; steps ${JSON.stringify(server.store.database.sqlite.prepare("SELECT node_id, outcome FROM session_steps").all())}`,
    );
  };
  const offeredIds = () => agent.of("offer").map((frame) => frame.offer.conversation.id);

  /** A browser caller (werift) who presses 1 for an agent; resolves with the waiting conversation. */
  async function callAndAskForAgent(visitor: string, exclude: readonly string[] = []): Promise<string> {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, voiceChannel), SHOP);
    if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
    await opened.client.next("ready");
    const peer = await WeriftPeer.offer();
    open.push(opened.client, peer);
    opened.client.send({ type: "call", sdp: peer.offerSdp, visitor });
    const answer = await opened.client.next("answer");
    await peer.applyAnswer(answer.sdp);
    await opened.client.next("connected");
    // A key during the greeting only interrupts it: press 1 once the menu waits.
    await pollUntil(
      async () => {
        const row = z.object({ session_id: z.string().nullable() }).parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(answer.callId));
        if (row.session_id === null) return undefined;
        return (await server.store.sessions.listSteps(row.session_id)).some((step) => step.nodeId === "main" && step.outcome === "waiting") ? true : undefined;
      },
      15_000,
      () => "the menu never waited",
    );
    await peer.sendDigits("1", { toneMs: 120 });
    const conversation = await waiting("webvoice", exclude);
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
    const second = await callAndAskForAgent("visitor_second_012345678", [callId]);
    await lee.next("offer", (frame) => frame.offer.conversation.id === second, 5_000);
    expect(offeredIds()).not.toContain(second);
  }, 90_000);
});
