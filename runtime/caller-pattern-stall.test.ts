import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { callParams, newCallSid, TEST_ACCOUNT } from "./channels/test-support/fake-twilio";
import { element, verbs } from "./channels/test-support/twiml-reader";
import { sleep } from "./test-support/api-client";
import { ChildRuntime, killAllChildRuntimes } from "./test-support/child-runtime";
import { freePort } from "./test-support/free-port";

/**
 * A caller cannot stall the server with what they send to a flow pattern. The runtime runs as
 * `npm start` runs it, in a child process (so this test's own event loop stays free to measure):
 * a Twilio call sends 30 digits to a gather whose pattern is `(1+)+2`, or comes in with a long
 * caller name tested by a condition `^(a+)+$`. With a backtracking engine one such event held the
 * server's only thread for seconds (doubling with each character); meanwhile GET /health must
 * still answer within HEALTH_BOUND_MS.
 */

const API_KEY = "sb_pattern_stall_key_0123456789abcdef";
const PUBLIC_URL = "https://switchboard.example.test";
/** Generous: /health answers in milliseconds; the stall it guards against lasted 5 to 28 s. */
const HEALTH_BOUND_MS = 1000;

let runtime: ChildRuntime;
let dataDir: string;

const position = { x: 0, y: 0 };
const bye = { id: "bye", type: "hangup", position, data: { prompt: { text: "Goodbye." } } };

const pinLine = {
  schemaVersion: 1,
  id: "pin-line",
  name: "PIN line",
  entry: "pin",
  nodes: [
    { id: "pin", type: "gather", position, data: { prompt: { text: "Enter your PIN." }, maxDigits: 64, pattern: "(1+)+2", storeAs: "pin" } },
    { id: "thanks", type: "hangup", position, data: { prompt: { text: "Thank you." } } },
    bye,
  ],
  edges: [
    { id: "pin-next", source: "pin", sourceHandle: "next", target: "thanks" },
    { id: "pin-tries", source: "pin", sourceHandle: "max_retries", target: "bye" },
  ],
  settings: { channels: ["voice"] },
};

const nameLine = {
  schemaVersion: 1,
  id: "name-line",
  name: "Name line",
  entry: "by-name",
  nodes: [
    { id: "by-name", type: "condition", position, data: { rules: [{ id: "all-a", left: "{{caller.name}}", operator: "matches", right: "^(a+)+$" }] } },
    { id: "hello-a", type: "hangup", position, data: { prompt: { text: "Hello, A." } } },
    bye,
  ],
  edges: [
    { id: "name-a", source: "by-name", sourceHandle: "match:all-a", target: "hello-a" },
    { id: "name-other", source: "by-name", sourceHandle: "no_match", target: "bye" },
  ],
  settings: { channels: ["voice"] },
};

async function publish(flow: { id: string }): Promise<void> {
  const created = await runtime.api("POST", "/api/flows", flow);
  expect(created.status, created.text).toBe(201);
  const published = await runtime.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" });
  expect(published.status, published.text).toBe(201);
}

async function voiceChannel(flowId: string): Promise<string> {
  const created = await runtime.api("POST", "/api/channels", { type: "twilio_voice", name: `Line ${flowId}`, flowId, credentials: TEST_ACCOUNT });
  expect(created.status, created.text).toBe(201);
  return z.object({ id: z.string() }).parse(created.body).id;
}

/** Posts a signed Twilio webhook to `url` (absolute under PUBLIC_URL, or a path). */
async function twilioPost(url: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const absolute = url.startsWith("http") ? url : `${PUBLIC_URL}${url}`;
  const response = await fetch(`${runtime.url}${absolute.slice(PUBLIC_URL.length)}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(TEST_ACCOUNT.authToken, absolute, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** How long each GET /health took while `pending` ran (Infinity: no answer within the bound). */
async function healthWhile(pending: Promise<unknown>): Promise<number[]> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  const waits: number[] = [];
  do {
    const started = performance.now();
    const answered = await fetch(`${runtime.url}/health`, { signal: AbortSignal.timeout(HEALTH_BOUND_MS) }).then(
      (response) => response.status === 200,
      () => false,
    );
    waits.push(answered ? Math.round(performance.now() - started) : Number.POSITIVE_INFINITY);
    if (!answered) break; // stalled: the event may take many seconds more
    await sleep(20);
  } while (!settled);
  return waits;
}

// A runtime per test: a stall left behind by one (before the fix) must not fail the next.
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "switchboard-pattern-stall-"));
  runtime = await ChildRuntime.start({
    dataDir,
    port: await freePort(),
    apiKey: API_KEY,
    env: { SEED_EXAMPLES: "0", PUBLIC_URL, TWILIO_API_BASE_URL: "http://127.0.0.1:9" },
  });
  await publish(pinLine);
  await publish(nameLine);
}, 60_000);

afterEach(async () => {
  await killAllChildRuntimes();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a caller's input against a flow pattern", () => {
  it("30 digits into a gather with pattern (1+)+2: /health keeps answering, and the entry is refused", async () => {
    const channelId = await voiceChannel("pin-line");
    const callSid = newCallSid();
    const incoming = await twilioPost(`/webhooks/twilio/voice/${channelId}`, callParams(callSid, { CallStatus: "ringing" }));
    expect(incoming.status, incoming.text).toBe(200);
    const action = element(incoming.text, "Gather").attributes.action ?? "";

    const answer = twilioPost(action, callParams(callSid, { Digits: "1".repeat(30), FinishedOnKey: "" }));
    const waits = await healthWhile(answer);
    expect(waits.filter((ms) => ms >= HEALTH_BOUND_MS), `GET /health waited ${waits.join(", ")} ms`).toEqual([]);
    const reprompt = await answer;
    expect(reprompt.status, reprompt.text).toBe(200);
    // Not a match: the same gather asks again (a new try).
    expect(verbs(reprompt.text)).toEqual(["Gather", "Redirect"]);
    expect(element(reprompt.text, "Gather").attributes.action).toContain("token=w2");

    // The pattern still means what it says: ones then a two.
    const accepted = await twilioPost(element(reprompt.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "1112", FinishedOnKey: "" }));
    expect(accepted.text).toContain("Thank you.");
  }, 60_000);

  it("a 31-character caller name tested with ^(a+)+$: /health keeps answering, and the rule does not hold", async () => {
    const channelId = await voiceChannel("name-line");
    const call = twilioPost(`/webhooks/twilio/voice/${channelId}`, callParams(newCallSid(), { CallStatus: "ringing", CallerName: `${"a".repeat(30)}!` }));
    const waits = await healthWhile(call);
    expect(waits.filter((ms) => ms >= HEALTH_BOUND_MS), `GET /health waited ${waits.join(", ")} ms`).toEqual([]);
    const answered = await call;
    expect(answered.status, answered.text).toBe(200);
    expect(answered.text).toContain("Goodbye.");

    const matching = await twilioPost(`/webhooks/twilio/voice/${channelId}`, callParams(newCallSid(), { CallStatus: "ringing", CallerName: "a".repeat(30) }));
    expect(matching.text).toContain("Hello, A.");
  }, 60_000);
});
