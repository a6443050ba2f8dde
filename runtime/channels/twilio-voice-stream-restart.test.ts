import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SESSION_COOKIE } from "../http/auth/session-cookie";
import { STREAM_DROPPED } from "../media/streams/stream-agents";
import { TwilioStreamClient } from "../media/test-support/twilio-stream-client";
import { AgentClient } from "../rooms/test-support/agent-client";
import { CallbackServer } from "../sessions/test-support/callback-server";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { ChildRuntime, killAllChildRuntimes } from "../test-support/child-runtime";
import { freePort } from "../test-support/free-port";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { callSessionId } from "./test-support/call-session-id";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { element, verbs } from "./test-support/twiml-reader";
import { connectSoftphone } from "../rooms/test-support/softphone";

/**
 * Issue 15: the runtime stops while a Twilio caller is bridged to an agent over a Media Stream.
 * The stream's socket goes with the process (no `stop`); Twilio then fetches `<Connect action>`,
 * which a fresh process on the same database answers: the caller goes on in the speech loop, the
 * room says the audio dropped, the streamed call's row is ended, nothing crashes.
 */
const PUBLIC_URL = "https://stream-restart.example.test";
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
const CallJson = z.object({ channelType: z.string(), state: z.string(), endReason: z.string().nullable(), hungUpBy: z.string().nullable(), agents: z.array(z.object({ leftAt: z.string().nullable() })) });

const provider = new CallbackServer();
let dataDir = "";
const running: TestServer[] = [];
const closeLater: { close(): Promise<void> | void }[] = [];

beforeAll(() => provider.listen());
afterAll(() => provider.close());
afterEach(async () => {
  for (const item of closeLater.splice(0)) await item.close();
  for (const server of running.splice(0)) await server.close();
  await killAllChildRuntimes();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: TestServer; twilio: FakeTwilio }> {
  const server = await startTestServer({ PUBLIC_URL, TWILIO_API_BASE_URL: provider.url }, dataDir);
  running.push(server);
  return { server, twilio: new FakeTwilio(server, PUBLIC_URL) };
}

const polled = <T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> => pollUntil(probe, ms, () => what, 25);
const updatesOf = (callSid: string): string[] =>
  provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");

describe("a streamed Twilio call across a restart of the runtime", () => {
  it("the socket drops with the process; the next process answers <Connect action> with the speech loop and the room says the audio dropped", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-stream-restart-"));
    const first = await start();
    const { server, twilio } = first;
    expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("stream-restart"))).status).toBe(201);
    expect((await server.api("POST", "/api/flows/stream-restart/publish", { note: "v1" })).status).toBe(201);
    const channel = await server.api("POST", "/api/channels", { type: "twilio_voice", name: "Streamed line", flowId: "stream-restart", credentials: TEST_ACCOUNT });
    expect(channel.status, channel.text).toBe(201);
    const channelId = z.object({ id: z.string() }).parse(channel.body).id;
    const user = await server.store.users.createUser({ email: "ada@acme.test", name: "Ada", role: "agent", password: "ada password 12" });
    if (!user.ok) throw new Error(user.error.message);
    await server.store.teams.addMember("support", user.value.id);
    const token = (await server.store.authSessions.createAuthSession(user.value.id, 3_600_000)).token;
    const asAda = (on: TestServer, method: string, path: string) => on.api(method, path, undefined, { key: null, headers: { cookie: `${SESSION_COOKIE}=${token}` } });

    // Ada's softphone (1,000 Hz) on the first process.
    const agent = await AgentClient.connect(`${server.url.replace(/^http/, "ws")}/ws/agent`, token);
    closeLater.push({ close: async () => void (await agent.close()) });
    agent.startHeartbeats(5_000);
    const softphone = await connectSoftphone(agent);
    closeLater.push(softphone);

    // A caller presses 2, Ada accepts: the call moves to <Connect><Stream>, Twilio opens the stream, each hears the other.
    const callSid = newCallSid();
    provider.reply(`${CALLS}/${callSid}.json`, { status: 200, body: JSON.stringify({ sid: callSid, status: "in-progress" }) });
    const path = `/webhooks/twilio/voice/${channelId}`;
    const menu = await twilio.post(path, callParams(callSid, { CallStatus: "ringing" }));
    await twilio.post(element(menu.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "2" }));
    const offer = await agent.next("offer", (frame) => frame.offer.conversation.sessionId === callSessionId(server, channelId, callSid), 10_000);
    const conversationId = offer.offer.conversation.id;
    expect((await asAda(server, "POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
    const connected = await polled("the Calls update to the stream", async () => updatesOf(callSid)[0]);
    const connect = element(connected, "Connect");
    const streamVerb = connect.inside.find((inner) => inner.name === "Stream");
    const url = streamVerb?.attributes.url ?? "";
    const parameters = Object.fromEntries((streamVerb?.inside ?? []).filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""]));
    const opened = await TwilioStreamClient.open(`${server.url.replace(/^http/, "ws")}${new URL(url).pathname}`, url, TEST_ACCOUNT.authToken);
    if (!opened.ok) throw new Error(`stream refused: ${opened.status}`);
    const stream = opened.client;
    closeLater.push(stream);
    stream.start(callSid, parameters);
    stream.playTone(440);
    await polled("the softphone hears the caller", async () => (softphone.toneLevel(440) > 0.1 ? true : undefined));

    // The process stops: the stream's socket goes with it, without a stop.
    await server.close();
    running.splice(running.indexOf(server), 1);
    await polled("the stream's socket closed", async () => stream.closedWith);

    // A fresh process on the same database gets Twilio's <Connect action>: the speech loop, with nothing said again.
    const second = await start();
    const action = await second.twilio.post(connect.attributes.action ?? "", callParams(callSid));
    expect(action.status, action.text).toBe(200);
    expect(verbs(action.text)).toEqual(["Gather", "Redirect"]);

    // The room says the audio dropped (once); the conversation is still Ada's; the streamed call's row is ended with its agent's stay.
    const messages = await second.server.store.rooms.messages.list(conversationId);
    expect(messages.filter((message) => message.body === STREAM_DROPPED)).toHaveLength(1);
    expect((await second.server.store.rooms.conversations.get(conversationId))?.status).toBe("active");
    const calls = z.object({ items: z.array(CallJson) }).parse((await asAda(second.server, "GET", `/api/calls?conversationId=${conversationId}`)).body).items;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ channelType: "twilio_voice", state: "ended", endReason: "shutdown", hungUpBy: "system" });
    expect(calls[0]?.agents.every((stay) => stay.leftAt !== null)).toBe(true);
    expect(second.server.logs.filter((line) => /stream agents:|call agents:|Error/.test(line))).toEqual([]);

    // The caller talks on in the speech loop; their hang-up ends the session.
    const said = await second.twilio.post(element(action.text, "Gather").attributes.action ?? "", callParams(callSid, { SpeechResult: "are you still there", Confidence: "0.9" }));
    expect(said.status, said.text).toBe(200);
    await polled("the caller's words in the room", async () => (await second.server.store.rooms.messages.list(conversationId)).find((message) => message.body === "are you still there"));
    expect((await second.twilio.post(`${path}/status`, callParams(callSid, { CallStatus: "completed", CallDuration: "30" }))).status).toBe(200);
  }, 60_000);
});

describe("a streamed Twilio call across a kill -9 of the runtime", () => {
  const API_KEY = "sb_stream_crash_key_0123456789ab";
  const MessageList = z.array(z.object({ body: z.string() }));
  const Conversation = z.object({ conversation: z.object({ id: z.string(), status: z.string(), sessionId: z.string().nullable() }) });
  const Session = z.object({ status: z.string() });

  it("the row the dead process left live is ended at the next start (the session is not: Twilio's call lives on), the room is told, and <Connect action> gets the speech loop", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-stream-crash-"));
    const port = await freePort();
    const env = { PUBLIC_URL, TWILIO_API_BASE_URL: provider.url, HTTP_CALLBACK_ALLOWLIST: "127.0.0.1", SIP_PORT: "0" };
    const first = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY, env });
    const twilio = new FakeTwilio(first, PUBLIC_URL);
    expect((await first.api("POST", "/api/flows", alwaysOpenSupportLine("stream-crash"))).status).toBe(201);
    expect((await first.api("POST", "/api/flows/stream-crash/publish", { note: "v1" })).status).toBe(201);
    const channel = await first.api("POST", "/api/channels", { type: "twilio_voice", name: "Streamed line", flowId: "stream-crash", credentials: TEST_ACCOUNT });
    expect(channel.status, channel.text).toBe(201);
    const channelId = z.object({ id: z.string() }).parse(channel.body).id;
    const user = await first.api("POST", "/api/users", { email: "ada@acme.test", name: "Ada", role: "agent", password: "ada password 12" });
    expect(user.status, user.text).toBe(201);
    const adaId = z.object({ id: z.string() }).parse(user.body).id;
    expect((await first.api("POST", "/api/teams/support/members", { userId: adaId })).status).toBeLessThan(300);
    const login = await fetch(`${first.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "ada@acme.test", password: "ada password 12" }) });
    expect(login.status).toBe(200);
    const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";

    const agent = await AgentClient.connect(`${first.url.replace(/^http/, "ws")}/ws/agent`, token);
    closeLater.push({ close: async () => void (await agent.close()) });
    agent.startHeartbeats(5_000);
    const softphone = await connectSoftphone(agent);
    closeLater.push(softphone);

    const callSid = newCallSid();
    provider.reply(`${CALLS}/${callSid}.json`, { status: 200, body: JSON.stringify({ sid: callSid, status: "in-progress" }) });
    const path = `/webhooks/twilio/voice/${channelId}`;
    const menu = await twilio.post(path, callParams(callSid, { CallStatus: "ringing" }));
    await twilio.post(element(menu.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "2" }));
    const offer = await agent.next("offer", () => true, 10_000);
    const conversationId = offer.offer.conversation.id;
    const accepted = await fetch(`${first.url}/api/conversations/${conversationId}/accept`, { method: "POST", headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: first.url } });
    expect(accepted.status).toBe(200);
    const connected = await polled("the Calls update to the stream", async () => updatesOf(callSid)[0]);
    const connect = element(connected, "Connect");
    const streamVerb = connect.inside.find((inner) => inner.name === "Stream");
    const url = streamVerb?.attributes.url ?? "";
    const parameters = Object.fromEntries((streamVerb?.inside ?? []).filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""]));
    const opened = await TwilioStreamClient.open(`${first.url.replace(/^http/, "ws")}${new URL(url).pathname}`, url, TEST_ACCOUNT.authToken);
    if (!opened.ok) throw new Error(`stream refused: ${opened.status}`);
    const stream = opened.client;
    closeLater.push(stream);
    stream.start(callSid, parameters);
    stream.playTone(440);
    await polled("the softphone hears the caller", async () => (softphone.toneLevel(440) > 0.1 ? true : undefined));

    // kill -9: nothing of the process runs after it; the stream's socket just goes.
    await first.kill("SIGKILL");
    await polled("the stream's socket closed", async () => stream.closedWith);

    const second = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY, env });
    const action = await new FakeTwilio(second, PUBLIC_URL).post(connect.attributes.action ?? "", callParams(callSid));
    expect(action.status, action.text).toBe(200);
    expect(verbs(action.text)).toEqual(["Gather", "Redirect"]);
    const messages = MessageList.parse((await second.api("GET", `/api/conversations/${conversationId}/messages`)).body);
    expect(messages.filter((message) => message.body === STREAM_DROPPED)).toHaveLength(1);
    const room = Conversation.parse((await second.api("GET", `/api/conversations/${conversationId}`)).body).conversation;
    expect(room.status).toBe("active");
    const calls = z.object({ items: z.array(CallJson) }).parse((await second.api("GET", `/api/calls?conversationId=${conversationId}`)).body).items;
    expect(calls[0]).toMatchObject({ channelType: "twilio_voice", state: "ended", endReason: "media_lost_on_restart", hungUpBy: "system" });
    // The flow still waits on the room: the Twilio call was not ended as a failed call.
    expect(Session.parse((await second.api("GET", `/api/sessions/${room.sessionId ?? ""}`)).body).status).not.toBe("ended");
    expect(second.output.filter((line) => /stream agents:|call agents:|TypeError|unhandled/i.test(line))).toEqual([]);
  }, 90_000);
});
