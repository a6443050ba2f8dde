import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rms, toneLevel } from "../runtime/media/analysis/goertzel";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import type { FlowJson } from "../runtime/test-support/example-flows";
import { pollUntil } from "../runtime/test-support/api-client";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { type Baresip, requireBaresip, startBaresip, writeCallerToneWav } from "../runtime/channels/sip-trunk/test-support/baresip";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import { flowSession } from "./support/console-customer";
import { callControls, FarEnd, offerCards, openSeat, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * A phone call from a real SIP user agent to an agent in a real browser (issue 14): baresip
 * (Debian `baresip-core`) calls a sip_trunk channel playing 440 Hz and keys 1 at the menu; the
 * flow hands the call to the support team; Ann accepts in the console, whose softphone's
 * microphone plays 1,000 Hz (pulsed, so Chromium's noise suppression keeps it). The agent's ear is
 * a WebAudio analyser on the softphone's far end; baresip's is its sndfile dump of what it
 * decoded, analysed after the call on the same timeline (the dump starts when the call does and
 * grows by one packet every 20 ms).
 */

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const PULSE = { onMs: 400, offMs: 200 };
const HEARD = 0.02;
const QUIET = 0.006;
const NUMBER = "+15550100200";
/** baresip's account user: the From of its INVITE, the caller's number the agent sees. */
const CALLER = "+15550100999";
const Created = z.object({ id: z.string() });
const CallRow = z.object({ id: z.string(), state: z.string(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable() });

const at = { x: 0, y: 0 };
/** The phone line: a greeting, a menu whose 1 hands the call to support; the hand-off ends the flow (the agent ends the call). */
const phoneLine: FlowJson = {
  schemaVersion: 1,
  id: "phone-line",
  name: "Phone line",
  entry: "welcome",
  nodes: [
    { id: "welcome", type: "greeting", position: at, data: { prompt: { text: "Thanks for calling Acme." }, interruptible: true } },
    {
      id: "main",
      type: "menu",
      position: at,
      data: { prompt: { text: "Press 1 for support." }, options: [{ key: "1", label: "Support" }], timeoutSeconds: 15, maxRetries: 1 },
    },
    { id: "to_support", type: "transfer", position: at, data: { teamId: "support", timeoutSeconds: 300 } },
    { id: "nothing", type: "hangup", position: at, data: { prompt: { text: "We did not hear a choice. Goodbye." } } },
  ],
  edges: [
    { id: "e1", source: "welcome", sourceHandle: "next", target: "main" },
    { id: "e2", source: "main", sourceHandle: "option:1", target: "to_support" },
    { id: "e3", source: "main", sourceHandle: "timeout", target: "nothing" },
    { id: "e4", source: "main", sourceHandle: "max_retries", target: "nothing" },
  ],
  variables: {},
  settings: { language: "en-US", channels: ["voice"] },
};

let dir = "";
let server: TestServer;
let browser: Browser | undefined;
let ann: SoftphoneSeat;
let baresip: Baresip | undefined;
let sipPort = 0;

const round = (value: number) => Math.round(value * 1000) / 1000;
const agentHears = async () => {
  const { tones, rms } = await new FarEnd(ann.page).levels([CALLER_HZ, AGENT_HZ]);
  return { caller: round(tones[CALLER_HZ] ?? 0), agent: round(tones[AGENT_HZ] ?? 0), rms: round(rms) };
};
const calls = () => z.array(CallRow).parse(server.store.database.sqlite.prepare("SELECT * FROM calls ORDER BY created_at").all());

beforeAll(async () => {
  requireBaresip();
  dir = mkdtempSync(join(tmpdir(), "switchboard-sip-baresip-"));
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  expect((await server.api("POST", "/api/flows", phoneLine)).status).toBe(201);
  expect((await server.api("POST", "/api/flows/phone-line/publish", { note: "v1" })).status).toBe(201);
  const channel = await server.api("POST", "/api/channels", {
    type: "sip_trunk",
    name: "Acme carrier",
    flowId: "phone-line",
    settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: [NUMBER], transport: "udp", optionsKeepalive: false },
  });
  expect(channel.status, channel.text).toBe(201);
  sipPort = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
  const agent = { name: "Ann Agent", email: "ann@acme.test", password: "Ann Agent password" };
  const created = await server.api("POST", "/api/users", { ...agent, role: "agent" });
  expect(created.status, created.text).toBe(201);
  const id = Created.parse(created.body).id;
  expect((await server.api("POST", "/api/teams/support/members", { userId: id })).status).toBe(200);
  browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, AGENT_HZ, { pulse: PULSE })));
  ann = await openSeat(browser, { id, ...agent });
  ann.page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await baresip?.dispose();
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("baresip calls a SIP trunk and talks to an agent in the console", () => {
  let established = 0;
  let acceptedAt = 0;
  let sessionId = "";
  /** What baresip heard in the last `ms` (its dec dump, read while the call runs). */
  const baresipHears = (ms: number) => {
    const heard = baresip?.heard(ms);
    if (heard === undefined || heard.samples.length < (heard.sampleRate * ms) / 2000) return { caller: 0, agent: 0, rms: 0 };
    const { samples, sampleRate } = heard;
    return { caller: round(toneLevel(samples, sampleRate, CALLER_HZ)), agent: round(toneLevel(samples, sampleRate, AGENT_HZ)), rms: Math.round(rms(samples)) };
  };

  it("baresip calls, hears the menu and keys 1 (RFC 4733); the flow hands the call to support and Ann is offered it", async () => {
    await signIn(ann, server.url);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    baresip = await startBaresip({ sourceWav: writeCallerToneWav(dir, CALLER_HZ, 90), user: CALLER, maxSeconds: 120 });
    await baresip.dial(`sip:${NUMBER}@127.0.0.1:${sipPort}`);
    established = (await baresip.waitForEvent("CALL_ESTABLISHED", 10_000)).at;
    sessionId = await pollUntil(async () => calls()[0]?.session_id ?? undefined, 5_000, () => "no call row with a session");
    await expect.poll(async () => (await flowSession(server, sessionId)).path, { timeout: 15_000 }).toContain("main:waiting");
    // A caller keys once the prompts play: baresip hears speech (G.711 from the frame cache).
    await expect.poll(() => baresipHears(300).rms, { timeout: 15_000 }).toBeGreaterThan(300);
    expect(baresipHears(2_000).agent).toBeLessThan(HEARD);
    await baresip.sendDigits("1");
    await expect.poll(async () => (await flowSession(server, sessionId)).path, { timeout: 10_000 }).toContain("main:option:1");
    await expect.poll(() => offerCards(ann.page).count(), { timeout: 10_000 }).toBe(1);
    expect(await offerCards(ann.page).textContent()).toContain(CALLER);
  });

  it("Accept: within a second or so the console plays baresip's 440 Hz and baresip hears Ann's 1,000 Hz, neither hearing itself", async () => {
    acceptedAt = performance.now();
    await offerCards(ann.page).getByRole("button", { name: "Accept" }).click();
    let agentAt = 0;
    let callerAt = 0;
    await pollUntil(
      async () => {
        if (callerAt === 0 && baresipHears(100).agent > HEARD) callerAt = performance.now() - acceptedAt;
        if (agentAt === 0 && (await agentHears()).caller > HEARD) agentAt = performance.now() - acceptedAt;
        if (callerAt === 0 && baresipHears(100).agent > HEARD) callerAt = performance.now() - acceptedAt;
        return agentAt > 0 && callerAt > 0 ? true : undefined;
      },
      10_000,
      () => `after Accept: Ann heard baresip after ${Math.round(agentAt)} ms, baresip heard Ann after ${Math.round(callerAt)} ms (0: not yet)`,
      10,
    );
    console.log(`SIP caller ↔ console, after Accept: the agent heard baresip after ${Math.round(agentAt)} ms, baresip heard the agent after ${Math.round(callerAt)} ms`);
    expect(Math.max(agentAt, callerAt)).toBeLessThan(2_000);
    expect((await agentHears()).agent).toBeLessThan(QUIET);
    await screenshot(ann.page, "sip-baresip-call");
    // They talk for a moment: both keep hearing each other.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await agentHears()).caller).toBeGreaterThan(HEARD);
    const atBaresip = baresipHears(600);
    expect(atBaresip.agent).toBeGreaterThan(HEARD);
    expect(atBaresip.caller).toBeLessThan(QUIET);
  });

  it("Ann hangs up: baresip gets our BYE after the goodbye, the call row says the agent hung up, and baresip's dump holds the flow's prompts before the Accept and Ann's tone after it", async () => {
    const current = baresip;
    if (current === undefined) throw new Error("baresip did not start");
    const hungUpAt = performance.now();
    await callControls(ann.page).getByRole("button", { name: "Hang up" }).click();
    await ann.page.getByRole("dialog", { name: "Hang up" }).getByRole("button", { name: "Hang up" }).click();
    const closed = await current.waitForEvent("CALL_CLOSED", 20_000);
    expect(closed.param).toMatch(/reset by peer/i);
    console.log(`baresip got our BYE ${Math.round(closed.at - hungUpAt)} ms after Ann's Hang up (the goodbye plays first)`);
    const row = await pollUntil(async () => (calls()[0]?.state === "ended" ? calls()[0] : undefined), 5_000, () => `the call did not end: ${JSON.stringify(calls()[0])}`);
    expect(row).toMatchObject({ state: "ended", hung_up_by: "agent", end_reason: "transfer_handoff" });
    expect((await flowSession(server, sessionId)).path).toEqual(["welcome:next", "main:waiting", "main:option:1", "to_support:ended"]);

    await current.stop();
    const { dec } = current.dumps();
    if (dec === undefined) throw new Error(`baresip wrote no dump of what it heard\n${current.output().slice(-3000)}`);
    // The dump grows by a packet every 20 ms from the answer to our BYE: sample n was heard about
    // n / rate after CALL_ESTABLISHED (it is as long as the call within 0.1 s; 0.3 s margins below).
    const rate = dec.sampleRate;
    expect(Math.abs(dec.samples.length / rate - (closed.at - established) / 1000)).toBeLessThan(0.3);
    const sampleAt = (time: number, margin: number) => Math.round(((time - established) / 1000 + margin) * rate);
    const [accepted, hungUp] = [sampleAt(acceptedAt, 0), sampleAt(hungUpAt, -0.3)];
    const window = rate / 10;
    const level = (from: number, to: number) => {
      let loudest = 0;
      for (let sample = Math.max(0, from); sample + window <= to; sample += window / 2) loudest = Math.max(loudest, toneLevel(dec.samples.subarray(sample, sample + window), rate, AGENT_HZ));
      return loudest;
    };
    const before = level(0, sampleAt(acceptedAt, -0.3));
    const after = level(sampleAt(acceptedAt, 0.3), hungUp);
    const flowAudio = rms(dec.samples.subarray(0, accepted));
    console.log(`baresip's dump: 1,000 Hz at most ${before.toFixed(4)} before Accept (prompts and hold music at RMS ${Math.round(flowAudio)}), ${after.toFixed(3)} while Ann was on (dump ${(dec.samples.length / rate).toFixed(2)} s, call ${((closed.at - established) / 1000).toFixed(2)} s)`);
    expect(before).toBeLessThan(HEARD);
    expect(flowAudio).toBeGreaterThan(300);
    expect(after).toBeGreaterThan(0.05);
  }, 40_000);
});
