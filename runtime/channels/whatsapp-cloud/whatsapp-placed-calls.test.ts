import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import type { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow } from "../../test-support/example-flows";
import { GRAPH_VERSION, graphMessagesPath, WHATSAPP, whatsappCase, whatsappPayload, whatsappPost } from "../conformance/chat-cases";
import { ChatFixture } from "../conformance/chat-fixture";
import type { CapturedRequest } from "../conformance/provider-stand-in";
import { voiceDeskFlow } from "../webvoice/test-support/voice-desk-flow";
import { type SoftphoneAgent, softphoneAgent } from "../../rooms/test-support/softphone";

/**
 * Business-initiated WhatsApp calls (MEDIA.md 5.6) against real parts: the server on 127.0.0.1
 * with its media process and SQLite, the Graph API stand-in, werift as Meta answering our real
 * SDP offer (ICE-lite, setup active) in a signed BUSINESS_INITIATED connect webhook, and the
 * agent's softphone a werift peer on the agent socket.
 */

const fx = new ChatFixture();
const callsPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/calls`;
const permissionsPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/call_permissions`;
let channelId = "";
let agentId = "";
let agent: AgentClient;
let softphone: WeriftPeer;
let wanda: SoftphoneAgent | undefined;

const Connect = z.object({ messaging_product: z.literal("whatsapp"), to: z.string(), action: z.literal("connect"), session: z.object({ sdp_type: z.literal("offer"), sdp: z.string() }) });
const Action = z.looseObject({ action: z.string(), call_id: z.string().optional(), to: z.string().optional() });
const actions = () => fx.standIn.to(callsPath).map((request: CapturedRequest) => Action.parse(JSON.parse(request.body)));
const connectsTo = (to: string) => actions().filter((action) => action.action === "connect" && action.to === to);
const actionsFor = (wacid: string) => actions().filter((action) => action.call_id === wacid).map((action) => action.action);
const CallRow = z.object({ id: z.string(), state: z.string(), direction: z.string(), end_reason: z.string().nullable(), hung_up_by: z.string().nullable(), answered_at: z.number().nullable(), conversation_id: z.string().nullable() });
const callRows = (to: string) => z.array(CallRow).parse(fx.server.store.database.sqlite.prepare("SELECT * FROM calls WHERE channel_id = ? AND to_address = ?").all(channelId, to));
const newUser = () => `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const lines = async (conversationId: string) => (await fx.server.store.rooms.messages.list(conversationId)).map((message) => message.body);
const hasLine = (conversationId: string, pattern: RegExp, ms = 10_000) =>
  pollUntil(async () => ((await lines(conversationId)).some((line) => pattern.test(line)) ? true : undefined), ms, () => `no line ${pattern} in conversation ${conversationId}`);

/** Meta's call_permissions answer (MEDIA.md 5.6). */
function permissions(status: "no_permission" | "temporary" | "permanent", startCall: boolean, request = true) {
  return {
    status: 200,
    body: {
      messaging_product: "whatsapp",
      permission: { status, ...(status === "temporary" ? { expiration_time: Math.floor(Date.now() / 1000) + 7 * 86400 } : {}) },
      actions: [
        { action_name: "send_call_permission_request", can_perform_action: request, limits: [{ time_period: "PT24H", max_allowed: 1, current_usage: request ? 0 : 1, limit_expiration_time: Math.floor(Date.now() / 1000) + 3600 }] },
        { action_name: "start_call", can_perform_action: startCall, limits: [{ time_period: "PT24H", max_allowed: 100, current_usage: startCall ? 3 : 100 }] },
      ],
    },
  };
}
/** The users who let us call, and Meta's permission for everyone else. */
const allowed = new Set<string>();
let othersPermission = permissions("no_permission", false);

function callsChange(value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field: "calls", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550001234", phone_number_id: WHATSAPP.phoneNumberId }, ...value } }] }],
  };
}
const metaAnswer = (wacid: string, to: string, sdp: string, timestamp = nowSeconds()) =>
  callsChange({ calls: [{ id: wacid, to, from: "15550001234", event: "connect", timestamp, direction: "BUSINESS_INITIATED", session: { sdp_type: "answer", sdp } }] });
const metaStatus = (wacid: string, to: string, status: string) => callsChange({ statuses: [{ id: wacid, type: "call", status, timestamp: nowSeconds(), recipient_id: to }] });
const metaTerminate = (wacid: string, to: string, extra: Record<string, unknown> = {}) =>
  callsChange({ calls: [{ id: wacid, to, from: "15550001234", event: "terminate", timestamp: nowSeconds(), direction: "BUSINESS_INITIATED", status: "COMPLETED", ...extra }] });

/** A WhatsApp conversation the agent has with `contact` (as after taking the user's chat). */
async function conversationWith(contact: string): Promise<string> {
  const { conversation } = await fx.server.store.rooms.conversations.openOutbound({ agentId, agentName: "Wanda", teamId: "support", channelType: "whatsapp_cloud", channelId, contact, subject: `Chat with ${contact}`, message: "chat" });
  return conversation.id;
}

/** The agent places a call from the conversation; answers the call id and Meta's call id (the stand-in's connect reply). */
async function place(to: string, conversationId: string, extra: Record<string, unknown> = {}) {
  const res = await fx.server.api("POST", "/api/calls", { channelId, to: `+${to}`, agentId, conversationId, ...extra });
  expect(res.status, res.text).toBe(201);
  const body = z.object({ call: z.object({ id: z.string(), state: z.string() }), conversationId: z.string() }).parse(res.body);
  expect(body.conversationId).toBe(conversationId);
  const [connect] = connectsTo(to);
  if (connect === undefined) throw new Error("no connect");
  const wacid = wacids.get(to) ?? "";
  return { callId: body.call.id, wacid, offerSdp: Connect.parse(connect).session.sdp };
}
const wacids = new Map<string, string>();

beforeAll(async () => {
  await fx.start();
  fx.standIn.reply(permissionsPath, (request) => (allowed.has(request.query.get("user_wa_id") ?? "") ? permissions("temporary", true) : othersPermission));
  fx.standIn.reply(callsPath, (request) => {
    const action = Action.parse(JSON.parse(request.body));
    if (action.action !== "connect" || action.to === undefined) return undefined;
    const wacid = wacids.get(action.to) ?? `wacid.${randomBytes(18).toString("base64url")}`;
    wacids.set(action.to, wacid);
    return { status: 200, body: { messaging_product: "whatsapp", calls: [{ id: wacid }] } };
  });
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  await fx.publish(voiceDeskFlow());
  channelId = await fx.channel({ ...whatsappCase(), settings: { calling: { enabled: true, flowId: "voice-desk" } } }, "appointments");
  wanda = await softphoneAgent(fx.server, { email: "wanda@acme.test", name: "Wanda" });
  ({ userId: agentId, socket: agent, softphone } = wanda);
}, 60_000);
afterAll(async () => {
  await wanda?.close();
  await fx.stop();
});

describe("reading and asking for call permission", () => {
  it("GET /api/conversations/:id/call-permission reads Meta's call_permissions for the conversation's user (status, expiry, what can be done, limits)", async () => {
    const user = newUser();
    const conversationId = await conversationWith(user);
    const missing = await fx.server.api("GET", `/api/conversations/${conversationId}/call-permission`);
    expect(missing.status, missing.text).toBe(200);
    expect(missing.body).toMatchObject({ contact: user, callingEnabled: true, status: "no_permission", expiresAt: null, startCall: { allowed: false }, requestPermission: { allowed: true, limits: [{ period: "PT24H", maxAllowed: 1, used: 0 }] } });
    const asked = fx.standIn.to(permissionsPath).at(-1);
    expect(asked?.query.get("user_wa_id")).toBe(user);
    expect(asked?.headers.authorization).toBe(`Bearer ${WHATSAPP.accessToken}`);
    allowed.add(user);
    const granted = await fx.server.api("GET", `/api/conversations/${conversationId}/call-permission`);
    expect(granted.body).toMatchObject({ status: "temporary", startCall: { allowed: true, limits: [{ maxAllowed: 100, used: 3 }] } });
    expect(Date.parse(z.object({ expiresAt: z.string() }).parse(granted.body).expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it("asking sends the interactive call_permission_request; the user's reply is a line in the conversation (once, though Meta retries), never a message to the user", async () => {
    const user = newUser();
    const conversationId = await conversationWith(user);
    const res = await fx.server.api("POST", `/api/conversations/${conversationId}/call-permission-request`, { text: "May we call you about your appointment?" });
    expect(res.status, res.text).toBe(200);
    const sent = fx.standIn.to(graphMessagesPath).map((request) => JSON.parse(request.body)).filter((body) => body.to === user);
    expect(sent).toEqual([
      { messaging_product: "whatsapp", recipient_type: "individual", to: user, type: "interactive", interactive: { type: "call_permission_request", action: { name: "call_permission_request" }, body: { text: "May we call you about your appointment?" } } },
    ]);
    await hasLine(conversationId, /asked the customer to allow WhatsApp calls/);

    const expires = Math.floor(Date.now() / 1000) + 7 * 86400;
    const reply = { from: user, id: `wamid.${randomBytes(12).toString("hex")}`, timestamp: nowSeconds(), type: "interactive", interactive: { type: "call_permission_reply", call_permission_reply: { response: "accept", is_permanent: false, expiration_timestamp: expires, response_source: "user_action" } } };
    const payload = whatsappPayload([reply], { from: user });
    expect((await fx.post(whatsappPost(channelId, payload))).status).toBe(200);
    await hasLine(conversationId, /^The customer allowed calls for 7 days/);
    // Meta's retry (batched anew): not applied twice.
    expect((await fx.post(whatsappPost(channelId, payload))).status).toBe(200);
    expect((await fx.post(whatsappPost(channelId, whatsappPayload([{ ...reply, timestamp: String(Number(reply.timestamp) + 1) }], { from: user })))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await lines(conversationId)).filter((line) => line.startsWith("The customer allowed calls"))).toHaveLength(1);
    // No call note reached the user as a WhatsApp message (only the request did).
    expect(fx.standIn.to(graphMessagesPath).filter((request) => JSON.parse(request.body).to === user)).toHaveLength(1);

    const declined = { ...reply, id: `wamid.${randomBytes(12).toString("hex")}`, interactive: { type: "call_permission_reply", call_permission_reply: { response: "reject", response_source: "user_action" } } };
    expect((await fx.post(whatsappPost(channelId, whatsappPayload([declined], { from: user })))).status).toBe(200);
    await hasLine(conversationId, /^The customer declined calls/);
  });

  it("a request Meta's limits do not allow now is refused (409 permission_request_limit, naming the limit); nothing is sent", async () => {
    const user = newUser();
    const conversationId = await conversationWith(user);
    othersPermission = permissions("no_permission", false, false);
    try {
      const before = fx.standIn.to(graphMessagesPath).length;
      const res = await fx.server.api("POST", `/api/conversations/${conversationId}/call-permission-request`, {});
      expect(res.status, res.text).toBe(409);
      expect(res.body).toMatchObject({ error: { code: "permission_request_limit" } });
      expect(res.text).toContain("1 of 1 per 24h used");
      expect(fx.standIn.to(graphMessagesPath).length).toBe(before);
    } finally {
      othersPermission = permissions("no_permission", false);
    }
  });
});

describe("placing a WhatsApp call", () => {
  it("without the user's permission it is refused (409 no_call_permission, read at call time): no connect, no call, no leg", async () => {
    const user = newUser();
    const conversationId = await conversationWith(user);
    const res = await fx.server.api("POST", "/api/calls", { channelId, to: `+${user}`, agentId, conversationId });
    expect(res.status, res.text).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "no_call_permission", details: { issues: [{ field: "body.to" }] } } });
    expect(res.text).toContain("has not allowed calls");
    expect(connectsTo(user)).toEqual([]);
    expect(callRows(user)).toEqual([]);
    // Permission granted but Meta's call limit used up: refused, naming the limit.
    othersPermission = permissions("temporary", false);
    try {
      const limited = await fx.server.api("POST", "/api/calls", { channelId, to: `+${user}`, agentId, conversationId });
      expect(limited.status, limited.text).toBe(409);
      expect(limited.body).toMatchObject({ error: { code: "call_limit_reached" } });
      expect(limited.text).toContain("100 of 100");
    } finally {
      othersPermission = permissions("no_permission", false);
    }
    expect(connectsTo(user)).toEqual([]);
  });

  it("Meta answers our offer (a signed BUSINESS_INITIATED connect): ICE/DTLS connect, the agent and the user hear each other, RINGING/ACCEPTED and Meta's terminate are lines in the chat, which goes on", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    const placed = await place(user, conversationId);
    const offer = placed.offerSdp.split("\r\n");
    expect(offer).toContain("a=setup:actpass");
    expect(offer.filter((line) => line.startsWith("a=rtpmap:"))).toEqual(["a=rtpmap:111 opus/48000/2", "a=rtpmap:126 telephone-event/8000"]);
    expect(callRows(user)).toMatchObject([{ direction: "outbound", state: "ringing", conversation_id: conversationId }]);
    await hasLine(conversationId, /Wanda is calling \+\d+ on WhatsApp/);

    expect((await fx.post(whatsappPost(channelId, metaStatus(placed.wacid, user, "RINGING")))).status).toBe(200);
    await hasLine(conversationId, /^Ringing \+\d+ on WhatsApp/);
    // The agent hears ringback (the shipped 440 + 480 Hz) while it rings.
    await pollUntil(async () => (softphone.toneLevel(480) > 0.05 ? true : undefined), 10_000, () => `no ringback at the agent: 480 Hz ${softphone.toneLevel(480)}`);

    const meta = await WeriftPeer.answer(placed.offerSdp, { shape: "meta" });
    try {
      meta.play(440);
      const answered = await fx.post(whatsappPost(channelId, metaAnswer(placed.wacid, user, meta.answerSdp)));
      expect(answered.status).toBe(200);
      await meta.waitForConnected(15_000);
      await pollUntil(async () => (meta.toneLevel(1000) > 0.1 && softphone.toneLevel(440) > 0.1 ? true : undefined), 10_000, () => `Meta hears 1000 Hz at ${meta.toneLevel(1000)}, the agent hears 440 Hz at ${softphone.toneLevel(440)}`);
      await hasLine(conversationId, /answered the WhatsApp call/);
      expect(callRows(user)[0]?.answered_at).not.toBeNull();
      // Meta's retry of the connect (another delivery) is not applied again; ACCEPTED (audit) changes nothing.
      expect((await fx.post(whatsappPost(channelId, metaAnswer(placed.wacid, user, meta.answerSdp, String(Number(nowSeconds()) + 1))))).status).toBe(200);
      expect((await fx.post(whatsappPost(channelId, metaStatus(placed.wacid, user, "ACCEPTED")))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await pollUntil(async () => (meta.toneLevel(1000) > 0.1 ? true : undefined), 10_000, () => `Meta no longer hears the agent: ${meta.toneLevel(1000)}`);
      expect((await lines(conversationId)).filter((line) => /answered the WhatsApp call/.test(line))).toHaveLength(1);

      // The user hangs up in WhatsApp: Meta's terminate ends the call; no terminate of ours; the chat stays open.
      expect((await fx.post(whatsappPost(channelId, metaTerminate(placed.wacid, user, { duration: 7 })))).status).toBe(200);
      await pollUntil(async () => (callRows(user)[0]?.state === "ended" ? true : undefined), 10_000, () => `call ${JSON.stringify(callRows(user))}`);
      expect(callRows(user)[0]).toMatchObject({ hung_up_by: "caller", end_reason: "hangup" });
      await hasLine(conversationId, /hung up the WhatsApp call after/);
      expect(actionsFor(placed.wacid)).toEqual([]);
      const conversation = await fx.server.store.rooms.conversations.get(conversationId);
      expect(conversation?.status).toBe("active");
      // None of the call's lines went to the user as WhatsApp messages.
      expect(fx.standIn.to(graphMessagesPath).filter((request) => JSON.parse(request.body).to === user)).toEqual([]);
    } finally {
      await meta.close();
    }
  }, 90_000);

  it("the agent hangs up (POST /api/calls/:id/hangup): our terminate, the call ends, the chat stays open", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    const placed = await place(user, conversationId);
    const meta = await WeriftPeer.answer(placed.offerSdp, { shape: "meta" });
    try {
      expect((await fx.post(whatsappPost(channelId, metaAnswer(placed.wacid, user, meta.answerSdp)))).status).toBe(200);
      await meta.waitForConnected(15_000);
      await hasLine(conversationId, /answered the WhatsApp call/);
      const hung = await fx.server.api("POST", `/api/calls/${placed.callId}/hangup`);
      expect(hung.status, hung.text).toBe(200);
      expect(hung.body).toMatchObject({ state: "ended" });
      await pollUntil(async () => (actionsFor(placed.wacid).includes("terminate") ? true : undefined), 5_000, () => `actions ${JSON.stringify(actionsFor(placed.wacid))}`);
      expect(actionsFor(placed.wacid)).toEqual(["terminate"]);
      expect(callRows(user)[0]).toMatchObject({ state: "ended", hung_up_by: "agent" });
      await hasLine(conversationId, /The WhatsApp call with \+\d+ ended after/);
      expect((await fx.server.store.rooms.conversations.get(conversationId))?.status).toBe("active");
      const again = await fx.server.api("POST", `/api/calls/${placed.callId}/hangup`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: "call_not_live" } });
    } finally {
      await meta.close();
    }
  }, 60_000);

  it("REJECTED: the call ends as declined, the chat says so; no terminate of ours", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    const placed = await place(user, conversationId);
    expect((await fx.post(whatsappPost(channelId, metaStatus(placed.wacid, user, "RINGING")))).status).toBe(200);
    expect((await fx.post(whatsappPost(channelId, metaStatus(placed.wacid, user, "REJECTED")))).status).toBe(200);
    await pollUntil(async () => (callRows(user)[0]?.state === "ended" ? true : undefined), 10_000, () => `call ${JSON.stringify(callRows(user))}`);
    expect(callRows(user)[0]).toMatchObject({ end_reason: "declined", answered_at: null });
    await hasLine(conversationId, /declined the WhatsApp call/);
    // Meta's terminate that follows finds no live call; nothing is sent to Meta.
    expect((await fx.post(whatsappPost(channelId, metaTerminate(placed.wacid, user)))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(actionsFor(placed.wacid)).toEqual([]);
    expect((await fx.server.store.rooms.conversations.get(conversationId))?.status).toBe("active");
  }, 30_000);

  it("Meta's status and answer that arrive before its reply to connect are applied once the call is known", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    // Meta's id for the call is known to the stand-in ahead: its RINGING reaches us first.
    const wacid = `wacid.${randomBytes(18).toString("base64url")}`;
    wacids.set(user, wacid);
    expect((await fx.post(whatsappPost(channelId, metaStatus(wacid, user, "RINGING")))).status).toBe(200);
    const placed = await place(user, conversationId);
    expect(placed.wacid).toBe(wacid);
    await hasLine(conversationId, /^Ringing \+\d+ on WhatsApp/);
    expect((await fx.post(whatsappPost(channelId, metaStatus(wacid, user, "REJECTED")))).status).toBe(200);
    await pollUntil(async () => (callRows(user)[0]?.state === "ended" ? true : undefined), 10_000, () => `call ${JSON.stringify(callRows(user))}`);
    expect(callRows(user)[0]).toMatchObject({ end_reason: "declined" });
  }, 30_000);

  it("no answer within timeoutSeconds: our terminate, the call ends as no_answer", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    const placed = await place(user, conversationId, { timeoutSeconds: 5 });
    await pollUntil(async () => (actionsFor(placed.wacid).includes("terminate") ? true : undefined), 15_000, () => `actions ${JSON.stringify(actionsFor(placed.wacid))}`);
    expect(actionsFor(placed.wacid)).toEqual(["terminate"]);
    expect(callRows(user)[0]).toMatchObject({ state: "ended", end_reason: "no_answer" });
    await hasLine(conversationId, /did not answer the WhatsApp call/);
  }, 30_000);

  it("a status or an answer for a call id we never placed is stored and changes nothing", async () => {
    const stranger = `wacid.${randomBytes(18).toString("base64url")}`;
    const inbound = (await fx.inboundCount());
    expect((await fx.post(whatsappPost(channelId, metaStatus(stranger, newUser(), "RINGING")))).status).toBe(200);
    expect((await fx.inboundCount())).toBe(inbound + 2);
    expect((await fx.post(whatsappPost(channelId, metaAnswer(stranger, newUser(), "v=0\r\n")))).status).toBe(200);
    expect((await fx.inboundCount())).toBe(inbound + 4);
    expect(fx.server.logs.some((line) => line.includes(stranger) && line.includes("no live call we placed"))).toBe(true);
    expect(actionsFor(stranger)).toEqual([]);
  });

  it("calling off on the channel: refused (409 calling_disabled) before Meta is asked anything", async () => {
    const user = newUser();
    allowed.add(user);
    const conversationId = await conversationWith(user);
    const res = await fx.server.api("PUT", `/api/channels/${channelId}`, { settings: { calling: { enabled: false, flowId: "voice-desk" } } });
    expect(res.status, res.text).toBe(200);
    try {
      const asked = fx.standIn.to(permissionsPath).length;
      const refused = await fx.server.api("POST", "/api/calls", { channelId, to: `+${user}`, agentId, conversationId });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: "calling_disabled" } });
      expect(fx.standIn.to(permissionsPath).length).toBe(asked);
      expect(connectsTo(user)).toEqual([]);
      const view = await fx.server.api("GET", `/api/conversations/${conversationId}/call-permission`);
      expect(view.body).toMatchObject({ callingEnabled: false });
    } finally {
      await fx.server.api("PUT", `/api/channels/${channelId}`, { settings: { calling: { enabled: true, flowId: "voice-desk" } } });
    }
  });
});
