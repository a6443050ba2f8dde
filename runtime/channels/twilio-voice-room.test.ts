import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { AgentClient } from "../rooms/test-support/agent-client";
import type { SeenRequest } from "../sessions/test-support/callback-server";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { callParams, newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, readTwiml, verbs } from "./test-support/twiml-reader";
import { PUBLIC_URL, type TestCall, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
const LINE_NUMBER = "+15550001000";
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
let channelId = "";
let handoffChannelId = "";
let alice: { id: string; token: string };
let socket: AgentClient;

const Conversation = z.object({ id: z.string(), status: z.string(), sessionId: z.string().nullable() });
const Message = z.object({ id: z.number(), kind: z.string(), body: z.string(), author: z.object({ id: z.string(), channel: z.string(), address: z.string() }).nullable() });
const Detail = z.object({
  conversation: Conversation,
  participants: z.array(z.object({ id: z.string(), channel: z.string(), address: z.string(), leftAt: z.string().nullable() })),
  messages: z.array(Message),
});

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("room-line"));
  channelId = await fx.channel("room-line", { settings: { phoneNumber: LINE_NUMBER } });
  await fx.publish(HANDOFF_FLOW);
  handoffChannelId = await fx.channel("room-handoff");
  const store = fx.server.store;
  const created = await store.users.createUser({ email: "alice@acme.test", name: "Alice", role: "agent", password: "alice password" });
  if (!created.ok) throw new Error(created.error.message);
  await store.teams.addMember("support", created.value.id);
  alice = { id: created.value.id, token: (await store.authSessions.createAuthSession(created.value.id, 3_600_000)).token };
  socket = await AgentClient.connect(`${fx.server.url.replace(/^http/, "ws")}/ws/agent`, alice.token);
  socket.startHeartbeats(5_000);
});
afterAll(async () => {
  await socket.close();
  await fx.stop();
});

/** Calls the conversations API as Alice (her login cookie). */
function asAlice(method: string, path: string, body?: unknown) {
  return fx.server.api(method, path, body, { key: null, headers: { cookie: `${SESSION_COOKIE}=${alice.token}` } });
}

const polled = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8_000): Promise<T> => pollUntil(probe, timeoutMs, () => what, 25);

/** The Calls updates of one call (in order), as their TwiML documents. */
function updatesOf(callSid: string): string[] {
  return fx.provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");
}

/** Waits for the call's update number `n` (1-based). */
const update = (callSid: string, n: number) => polled(`Calls update #${n} of ${callSid}`, async () => updatesOf(callSid)[n - 1]);

const says = (twiml: string) => readTwiml(twiml).flatMap((verb) => (verb.name === "Say" ? [verb.text] : []));

/** A flow that hands the caller to team support and ends there (the transfer has no edges). */
const HANDOFF_FLOW = {
  schemaVersion: 1,
  id: "room-handoff",
  name: "Hand-off line",
  entry: "hello",
  nodes: [
    { id: "hello", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Connecting you to support." } } },
    { id: "to_team", type: "transfer", position: { x: 0, y: 120 }, data: { teamId: "support", priority: "normal" } },
  ],
  edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "to_team" }],
};

let callers = 0;

/**
 * A new caller (a new number: each gets their own conversation) waiting in the support queue —
 * on the support line after pressing 2, or handed off — and Alice accepts the offer.
 */
async function acceptedCall(line: "support" | "handoff" = "support"): Promise<{ call: TestCall; conversationId: string }> {
  callers += 1;
  const call = fx.call(line === "support" ? channelId : handoffChannelId, `+1555765432${callers}`);
  fx.provider.reply(`${CALLS}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
  const first = await call.incoming();
  const queued = line === "support" ? await call.answer(first.text, { Digits: "2" }) : first;
  expect(element(queued.text, "Enqueue").text).toBe("support");
  const offer = await socket.next("offer", (frame) => frame.offer.conversation.sessionId === call.sessionId);
  const conversationId = offer.offer.conversation.id;
  const accepted = await asAlice("POST", `/api/conversations/${conversationId}/accept`);
  expect(accepted.status, accepted.text).toBe(200);
  return { call, conversationId };
}

/** The caller answers the `<Gather>` of `twiml` (Twilio posts its action with the call's parameters). */
const speak = (call: TestCall, twiml: string, words: string) => fx.twilio.post(element(twiml, "Gather").attributes.action ?? "", call.params({ SpeechResult: words, Confidence: "0.91" }));

async function transcripts(conversationId: string): Promise<Array<z.infer<typeof Message>>> {
  const res = await asAlice("GET", `/api/conversations/${conversationId}`);
  expect(res.status, res.text).toBe(200);
  return Detail.parse(res.body).messages.filter((message) => message.kind === "speech_transcript");
}

describe("a voice caller in an agent room", () => {
  it("accept → speech loop; the agent's text is said; the caller's speech becomes a transcript; hold, resume; close → the flow goes on", async () => {
    const { call, conversationId } = await acceptedCall();
    const room = `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}/room`;

    // Accepting takes the caller out of the queue into the speech loop.
    const connected = await update(call.callSid, 1);
    expect(verbs(connected)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(connected)).toEqual(["You are now connected with Alice."]);
    const gather = element(connected, "Gather");
    expect(gather.attributes).toMatchObject({ input: "speech", speechTimeout: "auto", method: "POST" });
    const action = new URL(gather.attributes.action ?? "");
    expect(`${action.origin}${action.pathname}`).toBe(room);
    expect(action.searchParams.get("conversation")).toBe(conversationId);
    expect(element(connected, "Redirect").text).toBe(`${gather.attributes.action ?? ""}&timeout=1`);

    // The agent writes: a Calls update says it, then listens again.
    const sent = await asAlice("POST", `/api/conversations/${conversationId}/messages`, { body: "Hi, this is Alice. How can I help?" });
    expect(sent.status, sent.text).toBe(201);
    const spoken = await update(call.callSid, 2);
    expect(verbs(spoken)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(spoken)).toEqual(["Hi, this is Alice. How can I help?"]);

    // The caller speaks: a speech_transcript reaches the agent's socket; Twilio gets the next turn.
    const turn = await speak(call, spoken, "My router keeps dropping the connection");
    expect(turn.status, turn.text).toBe(200);
    expect(verbs(turn.text)).toEqual(["Gather", "Redirect"]);
    expect(element(turn.text, "Gather").attributes.action).not.toBe(element(spoken, "Gather").attributes.action);
    const frame = await socket.next("message", (candidate) => candidate.conversationId === conversationId && candidate.message.kind === "speech_transcript");
    expect(frame.message).toMatchObject({ body: "My router keeps dropping the connection", author: { channel: "twilio_voice", address: call.params().From } });

    // Twilio retries that webhook: the same answer, no second transcript.
    const replay = await speak(call, spoken, "My router keeps dropping the connection");
    expect(replay.text).toBe(turn.text);
    expect((await transcripts(conversationId)).map((message) => message.body)).toEqual(["My router keeps dropping the connection"]);

    // Nothing said: the loop goes round again, nothing is posted.
    const quiet = await fx.twilio.post(element(turn.text, "Redirect").text, call.params());
    expect(verbs(quiet.text)).toEqual(["Gather", "Redirect"]);
    expect(await transcripts(conversationId)).toHaveLength(1);

    // Hold: hold music; resume: back to the speech loop.
    expect((await asAlice("POST", `/api/conversations/${conversationId}/hold`)).status).toBe(200);
    const held = await update(call.callSid, 3);
    expect(readTwiml(held)).toEqual([
      { name: "Say", attributes: {}, text: "You are on hold. Please stay on the line.", inside: [] },
      { name: "Play", attributes: { loop: "0" }, text: `${PUBLIC_URL}/audio/hold.wav`, inside: [] },
    ]);
    expect((await asAlice("POST", `/api/conversations/${conversationId}/resume`)).status).toBe(200);
    const resumed = await update(call.callSid, 4);
    expect(verbs(resumed)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(resumed)).toEqual(["Thanks for holding. You are back with Alice."]);

    // Close: the flow goes on at `completed` (goodbye), pushed by the observer — one update, no room goodbye.
    expect((await asAlice("POST", `/api/conversations/${conversationId}/close`)).status).toBe(200);
    const after = await update(call.callSid, 5);
    expect(readTwiml(after).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "Thank you for calling Acme. Have a great day."],
      ["Hangup", ""],
    ]);
    const session = await polled("the session's end", async () => {
      const read = await fx.session(call.sessionId);
      return read.status === "ended" ? read : undefined;
    });
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`).slice(-3)).toEqual(["to_support:waiting", "to_support:completed", "goodbye:ended"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updatesOf(call.callSid)).toHaveLength(5);

    // A turn of the old loop arriving late gets no transcript in the closed room.
    const late = await speak(call, resumed, "hello?");
    expect(late.status).toBe(200);
    expect(await transcripts(conversationId)).toHaveLength(1);
  }, 30_000);

  it("a caller who hangs up during the speech loop closes the room and gets no more updates", async () => {
    const { call, conversationId } = await acceptedCall();
    await update(call.callSid, 1);
    expect((await call.status("completed")).status).toBe(200);
    const closed = await polled("the conversation closed", async () => {
      const res = await asAlice("GET", `/api/conversations/${conversationId}`);
      const detail = Detail.parse(res.body);
      return detail.conversation.status === "closed" ? detail : undefined;
    });
    expect(closed.conversation.status).toBe("closed");
    expect((await fx.session(call.sessionId)).endReason).toBe("abandoned"); // the flow still waited on the transfer
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updatesOf(call.callSid)).toHaveLength(1);
  });
});

describe("the room webhooks' guards", () => {
  it("unsigned → 403, a room URL without its participant → 400 naming it, an unknown leg → goodbye; nothing posted", async () => {
    const base = `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}`;
    const params = callParams(newCallSid());
    const unsigned = await fx.twilio.post(`${base}/room?conversation=c1&participant=p1&token=t1`, params, { signature: null });
    expect(unsigned.status).toBe(403);
    const incomplete = await fx.twilio.post(`${base}/room?conversation=c1&token=t1`, params);
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain("query.participant");
    const unknown = await fx.twilio.post(`${base}/room?conversation=c1&participant=p1&token=t1`, { ...params, SpeechResult: "hello" });
    expect(unknown.status).toBe(200);
    expect(readTwiml(unknown.text).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "This conversation has ended. Goodbye."],
      ["Hangup", ""],
    ]);
  });
});

describe("a voice caller moved around by the agent", () => {
  it("a transfer back to the team: hold music while the room waits, and the next accept connects again", async () => {
    const { call, conversationId } = await acceptedCall();
    await update(call.callSid, 1);
    const moved = await asAlice("POST", `/api/conversations/${conversationId}/transfer`, { teamId: "support" });
    expect(moved.status, moved.text).toBe(200);
    const waiting = await update(call.callSid, 2);
    expect(readTwiml(waiting).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "Please hold while we transfer you."],
      ["Play", `${PUBLIC_URL}/audio/hold.wav`],
    ]);
    await polled("the new offer", async () => socket.of("offer").filter((frame) => frame.offer.conversation.id === conversationId)[1]);
    expect((await asAlice("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
    expect(says(await update(call.callSid, 3))).toEqual(["You are now connected with Alice."]);
    await call.status("completed");
  }, 20_000);

  it("a handed-off caller (the flow ended at the transfer) hears goodbye when the room closes", async () => {
    const { call, conversationId } = await acceptedCall("handoff");
    expect(says(await update(call.callSid, 1))).toEqual(["You are now connected with Alice."]);
    expect((await asAlice("POST", `/api/conversations/${conversationId}/close`)).status).toBe(200);
    const goodbye = await update(call.callSid, 2);
    expect(readTwiml(goodbye).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "This conversation has ended. Goodbye."],
      ["Hangup", ""],
    ]);
  }, 20_000);

  it("a handed-off caller who hangs up closes the room (nothing waits on it any more)", async () => {
    const { call, conversationId } = await acceptedCall("handoff");
    await update(call.callSid, 1);
    await call.status("completed");
    const closed = await polled("the conversation closed", async () => {
      const detail = Detail.parse((await asAlice("GET", `/api/conversations/${conversationId}`)).body);
      return detail.conversation.status === "closed" ? detail.conversation : undefined;
    });
    expect(closed).toMatchObject({ status: "closed" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updatesOf(call.callSid)).toHaveLength(1);
  });
});

describe("inviting a participant with a call", () => {
  it("refuses call: true on a channel that cannot call, naming the field", async () => {
    const { call, conversationId } = await acceptedCall();
    const refused = await asAlice("POST", `/api/conversations/${conversationId}/participants`, { channel: "webchat", address: "visitor-1", call: true });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.call") } });
    const badNumber = await asAlice("POST", `/api/conversations/${conversationId}/participants`, { channel: "twilio_voice", address: "call me", call: true });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body).toMatchObject({ error: { message: expect.stringContaining("body.address") } });
    await call.status("completed");
  });

  it("a line without a phone number setting calls from the number the caller dialed", async () => {
    const { call, conversationId } = await acceptedCall("handoff");
    const sid = newCallSid();
    fx.provider.reply(`${CALLS}.json`, { status: 201, body: JSON.stringify({ sid, status: "queued" }) });
    const invited = await asAlice("POST", `/api/conversations/${conversationId}/participants`, { channel: "twilio_voice", address: "+15550002222", call: true });
    expect(invited.status, invited.text).toBe(201);
    const placed = await polled("the Calls.json request", async () => fx.provider.requests.find((seen) => seen.url === `${CALLS}.json` && seen.body.includes("To=%2B15550002222")));
    const form = new URLSearchParams(placed.body);
    expect(form.get("From")).toBe(call.params().To);
    expect(form.get("Url")).toContain(`/webhooks/twilio/voice/${handoffChannelId}/join?`);
    await call.status("completed");
  });

  it("a call Twilio refuses to place: the invitee leaves the room with a note saying why", async () => {
    const { call, conversationId } = await acceptedCall();
    fx.provider.reply(`${CALLS}.json`, { status: 400, body: JSON.stringify({ code: 21211, message: "Invalid 'To' Phone Number", status: 400 }) });
    const invited = await asAlice("POST", `/api/conversations/${conversationId}/participants`, { channel: "twilio_voice", address: "+15550000000", call: true });
    expect(invited.status, invited.text).toBe(201);
    const participantId = z.object({ id: z.string() }).parse(invited.body).id;
    await socket.next("message", (frame) => frame.conversationId === conversationId && frame.message.body === "Could not call +15550000000: Twilio answered HTTP 400");
    const detail = Detail.parse((await asAlice("GET", `/api/conversations/${conversationId}`)).body);
    expect(detail.participants.find((participant) => participant.id === participantId)?.leftAt).not.toBeNull();
    await call.status("completed");
  });

  it("places an outbound call that joins the room: its speech is the invitee's, the agent's text reaches both calls, hanging up leaves", async () => {
    const { call, conversationId } = await acceptedCall();
    await update(call.callSid, 1);
    const invitedSid = newCallSid();
    fx.provider.reply(`${CALLS}.json`, { status: 201, body: JSON.stringify({ sid: invitedSid, status: "queued", direction: "outbound-api" }) });
    fx.provider.reply(`${CALLS}/${invitedSid}.json`, { status: 200, body: JSON.stringify({ sid: invitedSid, status: "in-progress" }) });

    const invited = await asAlice("POST", `/api/conversations/${conversationId}/participants`, { channel: "twilio_voice", address: "+15559876543", displayName: "Bob (field tech)", call: true });
    expect(invited.status, invited.text).toBe(201);
    const participantId = z.object({ id: z.string() }).parse(invited.body).id;

    const placed: SeenRequest = await polled("the Calls.json request", async () => fx.provider.requests.find((seen) => seen.url === `${CALLS}.json` && seen.body.includes("To=%2B15559876543")));
    expect(placed.method).toBe("POST");
    expect(placed.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_ACCOUNT.accountSid}:${TEST_ACCOUNT.authToken}`).toString("base64")}`);
    expect(placed.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const base = `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}`;
    const leg = new URLSearchParams({ conversation: conversationId, participant: participantId });
    expect(Object.fromEntries(new URLSearchParams(placed.body))).toEqual({
      To: "+15559876543",
      From: LINE_NUMBER,
      Url: `${base}/join?${leg}`,
      Method: "POST",
      StatusCallback: `${base}/leg-status?${leg}`,
      StatusCallbackMethod: "POST",
    });
    await socket.next("message", (frame) => frame.conversationId === conversationId && frame.message.body === `Calling Bob (field tech) from ${LINE_NUMBER}`);
    // The call is stored with Bob (the caller's with the caller): a restarted runtime finds them again.
    const storedCall = async (id: string) => (await fx.server.store.rooms.messages.participants(conversationId)).find((participant) => participant.id === id)?.callSid;
    expect(await storedCall(participantId)).toBe(invitedSid);
    const callerId = Detail.parse((await asAlice("GET", `/api/conversations/${conversationId}`)).body).participants.find((participant) => participant.address === call.params().From)?.id ?? "";
    expect(await storedCall(callerId)).toBe(call.callSid);

    // Bob answers: Twilio fetches the Url; he joins the speech loop of the same room.
    const bob = { ...callParams(invitedSid), From: LINE_NUMBER, To: "+15559876543", Direction: "outbound-api", CallStatus: "in-progress" };
    const joined = await fx.twilio.post(`${base}/join?${leg}`, bob);
    expect(joined.status, joined.text).toBe(200);
    expect(verbs(joined.text)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(joined.text)).toEqual(["You have joined the conversation with Alice."]);
    await socket.next("message", (frame) => frame.conversationId === conversationId && frame.message.body === "Bob (field tech) answered the call");

    // What Bob says is his, in the same room.
    const turn = await fx.twilio.post(element(joined.text, "Gather").attributes.action ?? "", { ...bob, SpeechResult: "I can be there at three", Confidence: "0.88" });
    expect(verbs(turn.text)).toEqual(["Gather", "Redirect"]);
    const frame = await socket.next("message", (candidate) => candidate.conversationId === conversationId && candidate.message.kind === "speech_transcript");
    expect(frame.message).toMatchObject({ body: "I can be there at three", author: { id: participantId, address: "+15559876543" } });

    // The agent's text is said into both calls.
    expect((await asAlice("POST", `/api/conversations/${conversationId}/messages`, { body: "Great, see you then." })).status).toBe(201);
    expect(says(await update(call.callSid, 2))).toEqual(["Great, see you then."]);
    expect(says(await update(invitedSid, 1))).toEqual(["Great, see you then."]);

    // Bob hangs up: he leaves the room.
    const ended = await fx.twilio.post(`${base}/leg-status?${leg}`, { ...bob, CallStatus: "completed", CallDuration: "31" });
    expect(ended.status).toBe(200);
    await socket.next("message", (candidate) => candidate.conversationId === conversationId && candidate.message.body === "Bob (field tech) hung up");
    const detail = Detail.parse((await asAlice("GET", `/api/conversations/${conversationId}`)).body);
    expect(detail.participants.find((participant) => participant.id === participantId)?.leftAt).not.toBeNull();
    expect(await storedCall(participantId)).toBeNull();

    // Closing the room: the invitee is gone, the caller's flow takes the call back.
    expect((await asAlice("POST", `/api/conversations/${conversationId}/close`)).status).toBe(200);
    expect(says(await update(call.callSid, 3))).toEqual(["Thank you for calling Acme. Have a great day."]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updatesOf(invitedSid)).toHaveLength(1);
  }, 30_000);
});
