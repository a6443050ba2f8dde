/**
 * Child process of the copy tests (`node --import tsx write-sample-store.ts <dataDir>`, the default
 * SQLite build): writes a store through the real repositories, touching every table: users and an
 * API key and a login, teams with members and an agent's state, an audio asset, flows with
 * versions, channels with sealed credentials (one disabled), sessions with steps and timers,
 * inbound events, a conversation with participants, messages and offers, a call with an agent's
 * stay, and a web chat visitor's messages. Prints `{"channelSecret": …}` (what was sealed).
 */
import { SecretBox } from "../../../secrets/secret-box";
import { WebchatRepo } from "../../../channels/webchat/webchat-repo";
import { openSqliteStore } from "../../test-support/open-sqlite-store";
import { sampleFlow } from "../../test-support/sample-flow";
import { TEST_SCRYPT, TestClock } from "../../test-support/test-store";
import { backfillAnalytics } from "../../analytics/analytics-backfill";

const [dataDir, sessionsText = "40"] = process.argv.slice(2);
if (dataDir === undefined) throw new Error("usage: write-sample-store.ts <dataDir> [sessions]");
const clock = new TestClock(Date.UTC(2031, 2, 14, 9, 26, 53, 589));
const store = openSqliteStore({ dataDir, now: clock.now, scrypt: TEST_SCRYPT });
const must = <T, E extends { message: string }>(result: { ok: true; value: T } | { ok: false; error: E }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

// The analytics backfill, as the server runs it at start-up (analytics_jobs; the rollups fill as sessions and conversations are written).
await backfillAnalytics(store.db, clock.now);
const admin = must(await store.users.createUser({ email: "ada@example.com", name: "Ada Lovelace", role: "admin", password: "correct horse battery" }));
const agent = must(await store.users.createUser({ email: "zoë@example.com", name: "Zoë 🎧 Agent", role: "agent", password: "another staple" }));
await store.apiKeys.createApiKey({ name: "deploy", role: "admin", createdBy: admin.id });
await store.authSessions.createAuthSession(agent.id, 86_400_000);
clock.advance(1_000);
const audio = await store.audio.insert({ id: "hold-jazz", name: "Hold jazz", contentHash: "a".repeat(64), sourceFormat: "mp3", size: 123_456, durationMs: 61_000, wavSize: 488_000, oggSize: 90_000, createdBy: admin.id });
must(await store.teams.createTeam({ id: "support", name: "Support", routingStrategy: "round_robin", offerTimeoutSeconds: 30, holdAudio: audio.record.id, recording: "agent" }));
must(await store.teams.addMember("support", agent.id));
await store.rooms.agents.setState(agent.id, { availability: "away", capacity: 2 });

must(await store.flows.createFlow(sampleFlow("support-line", "Welcome to Acme. «Support» ☎"), admin.id));
must(await store.flows.publish("support-line", { author: admin.id, note: "first" }));
must(await store.flows.saveDraft("support-line", sampleFlow("support-line", "Welcome back."), 1, admin.id));
must(await store.flows.publish("support-line", { author: "deploy", note: null }));
must(await store.flows.createFlow(sampleFlow("sales"), admin.id));
must(await store.flows.deleteFlow("sales"));

const box = new SecretBox(Buffer.alloc(32, 7));
const channelSecret = JSON.stringify({ botToken: "123456:secret-telegram-token" });
const telegram = await store.channels.createChannel({ id: "tg-1", type: "telegram", name: "Bot", flowId: "support-line", credentials: box.seal(channelSecret, "tg-1"), settings: {}, enabled: true, status: "active" });
await store.channels.createChannel({ id: "web-1", type: "webchat", name: "Site", flowId: "support-line", credentials: box.seal("{}", "web-1"), settings: { allowedOrigins: ["https://acme.example"] }, enabled: false, status: "inactive", statusMessage: "turned off" });

const sessions = Number(sessionsText);
let lastSession = "";
let lastToken = "";
// Every other session ends; the last is left waiting and is the one transferred.
for (let i = 0; i < sessions; i++) {
  clock.advance(1_234);
  const id = `session-${String(i).padStart(4, "0")}`;
  const first = await store.sessions.createAndCommit(
    { id, flowId: "support-line", version: 2, channelType: "telegram", channelId: telegram.id, contact: `chat-${i}`, state: { vars: { i, name: `caller ${i}` } } },
    { state: { status: "waiting", waiting: { token: `tok-${i}` }, at: "welcome" }, status: "waiting", steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "next" }], timers: { arm: [{ kind: "input_timeout", dueAt: clock.time + 8_000, payload: { i } }] } },
  );
  lastSession = id;
  lastToken = `tok-${i}`;
  await store.inbound.recordInbound({ channelType: "telegram", channelId: telegram.id, providerEventId: `update-${i}`, payload: JSON.stringify({ text: `hi ${i}` }), sessionId: id });
  if (i % 2 === 0 && i < sessions - 1) {
    must(await store.sessions.commitStep({ sessionId: id, expectedRev: first.rev, state: { at: "bye" }, status: "ended", endReason: "hangup", steps: [{ nodeId: "bye", nodeType: "hangup", input: "1" }] }));
  }
}
const draft = await store.sessions.createSession({ flowId: "sales", version: null, channelType: "simulator", state: {}, document: sampleFlow("sales") });
// A voicemail of the last session (a record node's, kept with its session).
await store.sessionRecordings.add({ sessionId: lastSession, nodeId: "voicemail", callId: "CA-sample", source: "twilio", path: null, remoteUrl: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", contentType: "audio/x-wav", durationMs: 4_000, bytes: null, finishKey: "#" });

const opened = await store.rooms.conversations.openForTransfer({
  sessionId: lastSession,
  teamId: "support",
  channelType: "telegram",
  channelId: telegram.id,
  contact: "chat-last",
  subject: "Billing question",
  priority: "high",
  transferToken: lastToken,
  transferNodeId: "transfer",
  holdAudio: null,
  phase: "single",
  customer: { channel: "telegram", address: "chat-last", displayName: "Caller" },
  message: "Transferred to Support",
  reopenWindowMs: 0,
});
const conversationId = opened.conversation.id;
await store.rooms.offers.create({ conversationId, round: 1, userIds: [agent.id], expiresAt: clock.time + 30_000 });
must(await store.rooms.conversations.claim({ conversationId, userId: agent.id, displayName: agent.name, mode: "accept", message: "Zoë joined" }));
const participants = await store.rooms.messages.participants(conversationId);
await store.rooms.messages.append({ conversationId, participantId: participants[0]?.id ?? null, kind: "text", body: "Hello, I was charged twice." });
// What the conversation was about (a fraction: the copy's double precision column).
await store.rooms.insights.put({ conversationId, summary: "Customer: Hello, I was charged twice.", sentiment: -0.3612, sentimentLabel: "negative", fields: { emails: ["zoë@example.com"], phones: [], amounts: [{ text: "€12.50", value: 12.5, currency: "EUR" }], dates: [] }, engine: "offline", providerName: null, messageCount: 1 });

const call = await store.calls.create({ channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-1", to: null, sessionId: draft.id });
await store.calls.answered(call.id, clock.advance(2_000));
await store.calls.agentJoined(call.id, agent.id, clock.advance(1_000));
await store.calls.addHold(call.id, 4_500);
await store.calls.recording(call.id, { mode: "agent", path: "2031/03/call.ogg", ms: 20_000 });
await store.calls.ended(call.id, { at: clock.advance(20_000), reason: "hangup", hungUpBy: "caller" });

const webchat = new WebchatRepo(store.db, clock.now);
const { visitor } = await webchat.createVisitor("web-1");
await webchat.append(visitor.id, [
  { from: "visitor", text: "hi", clientId: "c-1" },
  { from: "bot", text: "How can we help?", options: [{ key: "1", label: "Billing", choice: "billing" }], sessionId: draft.id },
]);

// The OpenAI-compatible transcription provider (runtime/speech), its key sealed as the speech settings seal it.
await store.transcriptionProviders.put({ baseUrl: "http://stt.example:8000/v1", apiKey: box.seal("sk-test-ü", "transcription-provider:default"), model: "whisper-1", language: "en", timeoutSeconds: 8 });

// An AI model provider (runtime/ai), its key sealed as runtime/ai seals it (the row id as context).
await store.aiProviders.create({ name: "Local Ollama", kind: "openai", baseUrl: "http://ollama.example:11434/v1", apiKey: box.seal("sk-ai-ü", "ai-provider:ai-1"), defaultModel: "llama3.1", fallbackModel: "qwen2.5", apiVersion: null, timeoutSeconds: 30, assist: true }, "ai-1");

await store.close();
console.log(JSON.stringify({ channelSecret }));
