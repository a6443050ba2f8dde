import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { CallbackServer, type SeenRequest } from "../sessions/test-support/callback-server";
import { pollUntil, sleep } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { callSessionId } from "./test-support/call-session-id";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, readTwiml, verbs } from "./test-support/twiml-reader";

/**
 * An invited call lives on across a restart of the runtime: its Call SID is stored with its
 * participant (`call_sid`), so the new process says agents' words into it, holds it and hangs it
 * up when the room closes, without waiting for a callback of that call.
 */

const PUBLIC_URL = "https://rooms-restart.example.test";
const LINE_NUMBER = "+15550001000";
const BOB = "+15559876543";
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
const BASIC = `Basic ${Buffer.from(`${TEST_ACCOUNT.accountSid}:${TEST_ACCOUNT.authToken}`).toString("base64")}`;

const provider = new CallbackServer();
let dataDir = "";
const running: TestServer[] = [];

beforeAll(() => provider.listen());
afterAll(() => provider.close());
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: TestServer; twilio: FakeTwilio }> {
  const server = await startTestServer({ PUBLIC_URL, TWILIO_API_BASE_URL: provider.url }, dataDir);
  running.push(server);
  return { server, twilio: new FakeTwilio(server, PUBLIC_URL) };
}

/** Stops the server the way a process ends (its data directory stays). */
async function restart(server: TestServer): Promise<{ server: TestServer; twilio: FakeTwilio }> {
  await server.close();
  running.splice(running.indexOf(server), 1);
  return start();
}

const polled = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => pollUntil(probe, timeoutMs, () => what, 25);

/** The Calls updates of one call, in order. */
const updateRequests = (callSid: string): SeenRequest[] => provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`);
const twimlOf = (seen: SeenRequest): string => new URLSearchParams(seen.body).get("Twiml") ?? "";
const updatesOf = (callSid: string): string[] => updateRequests(callSid).map(twimlOf);
const update = (callSid: string, n: number) => polled(`Calls update #${n} of ${callSid}`, async () => updatesOf(callSid)[n - 1]);
const says = (twiml: string) => readTwiml(twiml).flatMap((verb) => (verb.name === "Say" ? [verb.text] : []));

interface Room {
  channelId: string;
  conversationId: string;
  /** The invited participant (Bob) and his call. */
  participantId: string;
  invitedSid: string;
  callerSid: string;
  /** Alice's login token (in the database: it outlives the process). */
  aliceToken: string;
}

function asAlice(server: TestServer, token: string, method: string, path: string, body?: unknown) {
  return server.api(method, path, body, { key: null, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
}

/**
 * On the first server: a caller on the support line (examples/support-line.json) is accepted by
 * Alice, who invites Bob with a call; Bob answers and is in the room's speech loop.
 */
async function roomWithInvitedCall(server: TestServer, twilio: FakeTwilio): Promise<Room> {
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("restart-line"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/restart-line/publish", { note: "v1" })).status).toBe(201);
  const created = await server.api("POST", "/api/channels", { type: "twilio_voice", name: "Restart line", flowId: "restart-line", credentials: TEST_ACCOUNT, settings: { phoneNumber: LINE_NUMBER } });
  expect(created.status, created.text).toBe(201);
  const channelId = z.object({ id: z.string() }).parse(created.body).id;
  const user = await server.store.users.createUser({ email: "alice@acme.test", name: "Alice", role: "agent", password: "alice password" });
  if (!user.ok) throw new Error(user.error.message);
  await server.store.teams.addMember("support", user.value.id);
  const aliceToken = (await server.store.authSessions.createAuthSession(user.value.id, 3_600_000)).token;
  server.rooms.presence.connect(user.value.id, "alice-socket");

  // The caller presses 2 (support) and waits in the queue; Alice accepts.
  const callerSid = newCallSid();
  provider.reply(`${CALLS}/${callerSid}.json`, { status: 200, body: JSON.stringify({ sid: callerSid, status: "in-progress" }) });
  const path = `/webhooks/twilio/voice/${channelId}`;
  const menu = await twilio.post(path, callParams(callerSid, { CallStatus: "ringing" }));
  const queued = await twilio.post(element(menu.text, "Gather").attributes.action ?? "", callParams(callerSid, { Digits: "2" }));
  expect(element(queued.text, "Enqueue").text).toBe("support");
  const sessionId = callSessionId(server, channelId, callerSid);
  const conversation = await polled("the caller's conversation", () => server.store.rooms.conversations.findBySession(sessionId));
  const accepted = await asAlice(server, aliceToken, "POST", `/api/conversations/${conversation.id}/accept`);
  expect(accepted.status, accepted.text).toBe(200);
  expect(says(await update(callerSid, 1))).toEqual(["You are now connected with Alice."]);

  // Alice invites Bob with a call; Twilio places it and Bob answers.
  const invitedSid = newCallSid();
  provider.reply(`${CALLS}.json`, { status: 201, body: JSON.stringify({ sid: invitedSid, status: "queued", direction: "outbound-api" }) });
  provider.reply(`${CALLS}/${invitedSid}.json`, { status: 200, body: JSON.stringify({ sid: invitedSid, status: "in-progress" }) });
  const invited = await asAlice(server, aliceToken, "POST", `/api/conversations/${conversation.id}/participants`, { channel: "twilio_voice", address: BOB, displayName: "Bob", call: true });
  expect(invited.status, invited.text).toBe(201);
  const participantId = z.object({ id: z.string() }).parse(invited.body).id;
  await polled("the note of the call placed", async () => (await server.store.rooms.messages.list(conversation.id)).find((message) => message.body === `Calling Bob from ${LINE_NUMBER}`));
  const leg = new URLSearchParams({ conversation: conversation.id, participant: participantId });
  const bob = { ...callParams(invitedSid), From: LINE_NUMBER, To: BOB, Direction: "outbound-api" };
  const joined = await twilio.post(`${path}/join?${leg}`, bob);
  expect(says(joined.text)).toEqual(["You have joined the conversation with Alice."]);

  // Both calls are stored with their participants.
  const participants = await server.store.rooms.messages.participants(conversation.id);
  expect(participants.find((participant) => participant.id === participantId)).toMatchObject({ address: BOB, callSid: invitedSid, leftAt: null });
  expect(participants.find((participant) => participant.role === "customer" && participant.address === "+15557654321")).toMatchObject({ callSid: callerSid });
  await sleep(100); // the room events of Bob's answer are handled before the process ends
  expect(updatesOf(invitedSid)).toEqual([]);
  return { channelId, conversationId: conversation.id, participantId, invitedSid, callerSid, aliceToken };
}

async function callSidOf(server: TestServer, room: Room): Promise<string | null | undefined> {
  return (await server.store.rooms.messages.participants(room.conversationId)).find((participant) => participant.id === room.participantId)?.callSid;
}

describe("an invited call after a restart", () => {
  it("hears the agent's next message, and goodbye and a hangup when the room closes", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-room-restart-"));
    const first = await start();
    const room = await roomWithInvitedCall(first.server, first.twilio);
    const { server } = await restart(first.server);

    const sent = await asAlice(server, room.aliceToken, "POST", `/api/conversations/${room.conversationId}/messages`, { body: "Bob, are you still on the line?" });
    expect(sent.status, sent.text).toBe(201);
    const spoken = await update(room.invitedSid, 1);
    expect(verbs(spoken)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(spoken)).toEqual(["Bob, are you still on the line?"]);
    const action = new URL(element(spoken, "Gather").attributes.action ?? "");
    expect(`${action.origin}${action.pathname}`).toBe(`${PUBLIC_URL}/webhooks/twilio/voice/${room.channelId}/room`);
    expect(action.searchParams.get("conversation")).toBe(room.conversationId);
    expect(action.searchParams.get("participant")).toBe(room.participantId);
    expect(updateRequests(room.invitedSid)[0]?.headers.authorization).toBe(BASIC);
    // The caller's own call was found again too, already in the speech loop with Alice: just the words.
    const toCaller = await update(room.callerSid, 2);
    expect(verbs(toCaller)).toEqual(["Say", "Gather", "Redirect"]);
    expect(says(toCaller)).toEqual(["Bob, are you still on the line?"]);

    expect((await asAlice(server, room.aliceToken, "POST", `/api/conversations/${room.conversationId}/close`)).status).toBe(200);
    const goodbye = await update(room.invitedSid, 2);
    expect(readTwiml(goodbye).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "This conversation has ended. Goodbye."],
      ["Hangup", ""],
    ]);
    await sleep(300);
    expect(updatesOf(room.invitedSid)).toHaveLength(2);
    expect(await callSidOf(server, room)).toBeNull();
  }, 40_000);

  it("follows hold (hold music) before anything was said to it", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-room-restart-"));
    const first = await start();
    const room = await roomWithInvitedCall(first.server, first.twilio);
    const { server } = await restart(first.server);

    expect((await asAlice(server, room.aliceToken, "POST", `/api/conversations/${room.conversationId}/hold`)).status).toBe(200);
    const held = await update(room.invitedSid, 1);
    expect(readTwiml(held).map((verb) => [verb.name, verb.attributes, verb.text])).toEqual([
      ["Say", {}, "You are on hold. Please stay on the line."],
      ["Play", { loop: "0" }, `${PUBLIC_URL}/audio/hold.wav`],
    ]);
    expect((await asAlice(server, room.aliceToken, "POST", `/api/conversations/${room.conversationId}/close`)).status).toBe(200);
    const goodbye = await update(room.invitedSid, 2);
    expect(readTwiml(goodbye).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "This conversation has ended. Goodbye."],
      ["Hangup", ""],
    ]);
    await sleep(300);
    expect(updatesOf(room.invitedSid)).toHaveLength(2);
  }, 40_000);

  it("is hung up when the room closes, known to the new process only from the store", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-room-restart-"));
    const first = await start();
    const room = await roomWithInvitedCall(first.server, first.twilio);
    const { server } = await restart(first.server);

    expect((await asAlice(server, room.aliceToken, "POST", `/api/conversations/${room.conversationId}/close`)).status).toBe(200);
    const goodbye = await update(room.invitedSid, 1);
    expect(readTwiml(goodbye).map((verb) => [verb.name, verb.text])).toEqual([
      ["Say", "This conversation has ended. Goodbye."],
      ["Hangup", ""],
    ]);
    expect(updateRequests(room.invitedSid)[0]?.headers.authorization).toBe(BASIC);
    // The caller's flow takes its call back (`completed`): the room sends it nothing of its own.
    expect(says(await update(room.callerSid, 2))).toEqual(["Thank you for calling Acme. Have a great day."]);
    await sleep(300);
    expect(updatesOf(room.invitedSid)).toHaveLength(1);
    expect(updatesOf(room.callerSid)).toHaveLength(2);
    expect(await callSidOf(server, room)).toBeNull();
  }, 40_000);
});
