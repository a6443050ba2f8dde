import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rms, toneLevel } from "../../media/analysis/goertzel";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, TEST_API_KEY, type TestServer } from "../../test-support/test-server";
import { voiceDeskFlow } from "../webvoice/test-support/voice-desk-flow";
import { disposeAllBaresip, startBaresip, writeCallerToneWav } from "./test-support/baresip";
import { writeTestCertificate } from "./test-support/test-certificate";
import { trunkDeskFlow } from "./test-support/trunk-desk-flow";

const CallRow = z.object({ id: z.string(), state: z.string(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable() });
const Recording = z.object({ recording: z.object({ status: z.string(), url: z.string().nullable(), durationMs: z.number().nullable(), mode: z.string() }) });
const CALLER_HZ = 440;

/** The loudest `frequency` in any 500 ms of `samples`. */
function loudest(samples: Int16Array, sampleRate: number, frequency: number): number {
  const window = sampleRate / 2;
  let best = 0;
  for (let at = 0; at + window <= samples.length; at += window) best = Math.max(best, toneLevel(samples.subarray(at, at + window), sampleRate, frequency));
  return best;
}

/**
 * Inbound calls on SIP trunks from baresip, a real user agent (Debian `baresip-core`): it plays a
 * 440 Hz WAV, keys RFC 4733 digits over its control socket, and dumps what it heard. One trunk
 * over UDP (the trunk desk flow), one over TLS with SDES-SRTP media (the voice desk flow, whose
 * support team records whole calls: the recording is what our side received from baresip).
 */
describe("SIP trunk: baresip calls in", () => {
  let server: TestServer;
  let dir = "";
  let sipPort = 0;
  let tlsPort = 0;
  let certificate = { certFile: "", keyFile: "" };
  const calls = () => z.array(CallRow).parse(server.store.database.sqlite.prepare("SELECT * FROM calls ORDER BY created_at").all());
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "switchboard-baresip-test-"));
    certificate = writeTestCertificate(dir);
    server = await startTestServer({ SIP_TLS_CERT: certificate.certFile, SIP_TLS_KEY: certificate.keyFile, SIP_TLS_PORT: "0" });
    for (const flow of [trunkDeskFlow(), voiceDeskFlow("voice-desk", { menuTimeoutSeconds: 15 })]) {
      expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
      expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
    }
    expect((await server.api("PATCH", "/api/teams/support", { recording: "call" })).status).toBe(200);
    const created = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "Acme carrier",
      flowId: "trunk-desk",
      settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100200"], transport: "udp", optionsKeepalive: false },
    });
    expect(created.status, created.text).toBe(201);
    const secure = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "Secure carrier",
      flowId: "voice-desk",
      settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100300"], transport: "tls", srtp: true, optionsKeepalive: false },
    });
    expect(secure.status, secure.text).toBe(201);
    sipPort = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
    tlsPort = server.sipTrunks?.ports?.tls ?? 0;
  }, 30_000);
  afterEach(async () => {
    await disposeAllBaresip();
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("keys 1 at the menu and a four-digit account number at the gather: the session stores it, our BYE ends the call, and baresip heard the prompts", async () => {
    const before = calls().length;
    const baresip = await startBaresip({ sourceWav: writeCallerToneWav(dir, 440) });
    await baresip.dial(`sip:+15550100200@127.0.0.1:${sipPort}`);
    await baresip.waitForEvent("CALL_ESTABLISHED");
    const call = await pollUntil(async () => calls()[before], 5_000, () => "no call row");
    const sessionId = call.session_id ?? "";
    await pollUntil(async () => ((await path(sessionId)).includes("main:waiting") ? true : undefined), 15_000, () => "the menu never waited");
    await baresip.sendDigits("1");
    await pollUntil(async () => ((await path(sessionId)).includes("account:waiting") ? true : undefined), 15_000, () => "the gather never waited");
    await baresip.sendDigits("2468");
    const closed = await baresip.waitForEvent("CALL_CLOSED", 20_000);
    expect(closed.param).toMatch(/reset by peer|BYE/i);
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:1", "account:waiting", "account:next", "thanks:ended"]);
    const session = z.object({ state: z.object({ vars: z.record(z.string(), z.unknown()) }) }).parse((await server.api("GET", `/api/sessions/${sessionId}`)).body);
    expect(session.state.vars.account).toBe("2468");
    expect(calls()[before]).toMatchObject({ state: "ended", hung_up_by: "system" });
    await baresip.stop();
    const { dec } = baresip.dumps();
    expect(dec, baresip.output()).toBeDefined();
    const heard = dec?.samples ?? new Int16Array();
    // Speech (espeak-ng prompts) arrived: s16 RMS well above silence over the call.
    expect(rms(heard)).toBeGreaterThan(300);
    expect(toneLevel(heard, dec?.sampleRate ?? 8000, 440)).toBeLessThan(0.01);
  }, 60_000);

  it("over TLS with SDES-SRTP: baresip offers RTP/SAVP with its keys, we answer RTP/SAVP with ours, the menu and gather take its encrypted digits, the recording holds its 440 Hz and its dump our prompts; our BYE goes back over TLS", async () => {
    expect(tlsPort, "server.sipTrunks.ports.tls").toBeGreaterThan(0);
    const before = calls().length;
    const baresip = await startBaresip({ sourceWav: writeCallerToneWav(dir, CALLER_HZ), mediaenc: "srtp-mand", tls: { caFile: certificate.certFile }, sipTrace: true });
    await baresip.dial(`sip:+15550100300@127.0.0.1:${tlsPort};transport=tls`);
    await baresip.waitForEvent("CALL_ESTABLISHED", 10_000);
    const call = await pollUntil(async () => calls()[before], 5_000, () => "no call row");
    const sessionId = call.session_id ?? "";
    await pollUntil(async () => ((await path(sessionId)).includes("main:waiting") ? true : undefined), 15_000, () => "the menu never waited");
    await baresip.sendDigits("2");
    await pollUntil(async () => ((await path(sessionId)).includes("account:waiting") ? true : undefined), 15_000, () => "the gather never waited");
    await baresip.sendDigits("1357#");
    const closed = await baresip.waitForEvent("CALL_CLOSED", 20_000);
    expect(closed.param).toMatch(/reset by peer/i);
    await baresip.stop();
    const output = baresip.output();

    // The SDP both ways (baresip's SIP trace): SAVP with a=crypto, over TLS.
    const invite = /INVITE sip:\+15550100300@[^\n]*transport=tls[\s\S]*?m=audio \d+ (RTP\/\S+)[\s\S]*?a=crypto:/i.exec(output);
    expect(invite?.[1], output.slice(0, 6000)).toBe("RTP/SAVP");
    const answer = /SIP\/2\.0 200 OK[\s\S]*?m=audio \d+ (RTP\/\S+)[^\n]*\n[\s\S]*?a=crypto:\d+ (AES_CM_128_HMAC_SHA1_(?:80|32)) inline:/.exec(output);
    expect(answer?.[1], output.slice(0, 6000)).toBe("RTP/SAVP");
    expect(output).not.toMatch(/srtp: .*(auth|replay|failed)/i);

    const session = z.object({ state: z.object({ vars: z.record(z.string(), z.unknown()) }) }).parse((await server.api("GET", `/api/sessions/${sessionId}`)).body);
    expect(session.state.vars.account).toBe("1357");
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:2", "account:waiting", "account:next", "thanks:ended"]);
    expect(calls()[before]).toMatchObject({ state: "ended", hung_up_by: "system" });

    // What baresip heard: our prompts, decrypted and decoded.
    const { dec } = baresip.dumps();
    expect(dec, output.slice(-3000)).toBeDefined();
    expect(rms(dec?.samples ?? new Int16Array())).toBeGreaterThan(300);

    // What we heard: the recording's caller side (left) holds baresip's tone.
    const row = await pollUntil(async () => {
      const current = Recording.parse((await server.api("GET", `/api/calls/${call.id}`)).body);
      return current.recording.status === "available" ? current : undefined;
    }, 15_000, () => "no recording");
    const file = await fetch(`${server.url}${row.recording.url ?? ""}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    const ogg = join(dir, "secure-call.ogg");
    writeFileSync(ogg, Buffer.from(await file.arrayBuffer()));
    const stereo = execFileSync("ffmpeg", ["-v", "error", "-i", ogg, "-ac", "2", "-ar", "16000", "-f", "s16le", "-"], { maxBuffer: 64 * 1024 * 1024 });
    const samples = new Int16Array(stereo.buffer, stereo.byteOffset, stereo.length >> 1);
    const side = (which: 0 | 1) => Int16Array.from({ length: samples.length >> 1 }, (_, i) => samples[2 * i + which] ?? 0);
    const [said, heard] = [side(0), side(1)];
    console.log(`TLS/SRTP call: the recording's caller side has 440 Hz at ${loudest(said, 16_000, CALLER_HZ).toFixed(3)} (baresip sent 0.125), the side the caller heard ${loudest(heard, 16_000, CALLER_HZ).toFixed(3)}, RMS ${Math.round(rms(said))} / ${Math.round(rms(heard))}`);
    expect(loudest(said, 16_000, CALLER_HZ)).toBeGreaterThan(0.08);
    expect(rms(heard)).toBeGreaterThan(300);
    expect(loudest(heard, 16_000, CALLER_HZ)).toBeLessThan(loudest(said, 16_000, CALLER_HZ) / 3);
  }, 60_000);

  it("POST /api/calls rings baresip, which answers by itself: the trunk's flow greets it, takes its 2 at the menu, says goodbye and hangs up with our BYE", async () => {
    const callee = "+15550100444";
    const baresip = await startBaresip({ sourceWav: writeCallerToneWav(dir, CALLER_HZ), user: callee, sipTrace: true });
    const created = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "baresip as the carrier",
      flowId: "trunk-desk",
      settings: { domain: `127.0.0.1:${baresip.sipPort}`, inboundAddresses: ["127.0.0.1"], numbers: ["+15550100500"], transport: "udp", optionsKeepalive: false },
    });
    expect(created.status, created.text).toBe(201);
    const trunkId = z.object({ id: z.string() }).parse(created.body).id;
    const placed = await server.api("POST", "/api/calls", { channelId: trunkId, to: callee });
    expect(placed.status, placed.text).toBe(201);
    const callId = z.object({ call: z.object({ id: z.string() }) }).parse(placed.body).call.id;
    await baresip.waitForEvent("CALL_ESTABLISHED", 10_000);
    const sessionId = await pollUntil(async () => z.object({ sessionId: z.string().nullable() }).parse((await server.api("GET", `/api/calls/${callId}`)).body).sessionId ?? undefined, 5_000, () => "no session");
    await pollUntil(async () => ((await path(sessionId)).includes("main:waiting") ? true : undefined), 15_000, () => "the menu never waited");
    await baresip.sendDigits("2");
    const closed = await baresip.waitForEvent("CALL_CLOSED", 20_000);
    expect(closed.param).toMatch(/reset by peer/i);
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:2", "leave:ended"]);
    const view = z.object({ state: z.string(), hungUpBy: z.string().nullable(), answeredAt: z.string().nullable() }).parse((await server.api("GET", `/api/calls/${callId}`)).body);
    expect(view).toMatchObject({ state: "ended", hungUpBy: "system" });
    expect(view.answeredAt).not.toBeNull();
    await baresip.stop();
    expect(baresip.output()).toMatch(new RegExp(`INVITE sip:\\${callee}@127\\.0\\.0\\.1:${baresip.sipPort} SIP/2\\.0`));
    expect(rms(baresip.dumps().dec?.samples ?? new Int16Array())).toBeGreaterThan(300);
  }, 40_000);
});
