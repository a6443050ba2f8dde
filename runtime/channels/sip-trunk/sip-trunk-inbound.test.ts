import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { trunkDeskFlow } from "./test-support/trunk-desk-flow";
import { callerScenario } from "./test-support/caller-scenario";
import { runSipp, scenario, sippFlow, sippMessages, describeSipp } from "./test-support/sipp";
import { sendRawSip } from "./test-support/raw-sip";
import { rms } from "../../media/analysis/goertzel";
import { muLawToPcm } from "../../media/codecs/g711";
import { RtpPeer } from "../../media/test-support/rtp-peer";

const CallRow = z.object({ id: z.string(), state: z.string(), channel_type: z.string(), from_address: z.string().nullable(), to_address: z.string().nullable(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable() });

/**
 * Inbound calls on a SIP trunk against Debian's sipp: the carrier is 127.0.0.1 (the trunk's
 * inboundAddresses); the trunk desk flow's menu sends 1 to an account number gather (where sipp's
 * caller hangs up) and 2 to goodbye.
 */
describe("SIP trunk: inbound calls from sipp", () => {
  let server: TestServer;
  let trunkId = "";
  let sipPort = 0;
  const calls = () => z.array(CallRow).parse(server.store.database.sqlite.prepare("SELECT * FROM calls ORDER BY created_at").all());
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

  beforeAll(async () => {
    server = await startTestServer();
    // No trunk, no SIP: nothing listens until an enabled sip_trunk channel exists.
    expect(server.sipTrunks?.ports).toBeUndefined();
    expect((await server.api("POST", "/api/flows", trunkDeskFlow())).status).toBe(201);
    expect((await server.api("POST", "/api/flows/trunk-desk/publish", { note: "v1" })).status).toBe(201);
    const created = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "Acme carrier",
      flowId: "trunk-desk",
      settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100200"], transport: "udp" },
    });
    expect(created.status, created.text).toBe(201);
    trunkId = z.object({ id: z.string() }).parse(created.body).id;
    sipPort = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("sipp's uac_pcap: answered with PCMA, the flow takes option 1 from its RFC 2833 digit, its BYE ends the session as completed", async () => {
    const result = await runSipp({ scenario: { builtin: "uac_pcap" }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 40_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    expect(sippFlow(result.messages, "received")).toEqual(expect.arrayContaining(["100", "180", "200"]));
    const [call] = calls();
    expect(call).toMatchObject({ channel_type: "sip_trunk", to_address: "+15550100200", state: "ended", hung_up_by: "caller", end_reason: "hangup" });
    const sessionId = call?.session_id ?? "";
    expect(await path(sessionId)).toEqual(expect.arrayContaining(["welcome:next", "main:waiting", "main:option:1", "account:waiting"]));
    const session = await pollUntil(async () => {
      const found = await server.api("GET", `/api/sessions/${sessionId}`);
      const body = z.object({ status: z.string(), endReason: z.string().nullable(), channelType: z.string() }).parse(found.body);
      return body.status === "ended" ? body : undefined;
    }, 5_000, () => "the session did not end");
    expect(session).toMatchObject({ endReason: "completed", channelType: "sip_trunk" });
    expect(trunkId).not.toBe("");
  }, 60_000);

  it("three callers at once, each keying their own account number: each session gathers its own digits and our BYE ends each call", async () => {
    const before = calls().length;
    const accounts = ["2468", "1357", "9045"];
    const results = await Promise.all(
      accounts.map((account) => runSipp({ scenario: { file: callerScenario({ keys: `1${account}`, hangup: { by: "callee" } }) }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 40_000 })),
    );
    for (const result of results) expect(result.code, describeSipp(result)).toBe(0);
    const placed = calls().slice(before);
    expect(placed).toHaveLength(3);
    const gathered: string[] = [];
    for (const call of placed) {
      expect(call).toMatchObject({ state: "ended", hung_up_by: "system" });
      const sessionId = call.session_id ?? "";
      expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:1", "account:waiting", "account:next", "thanks:ended"]);
      const session = z.object({ state: z.object({ vars: z.record(z.string(), z.unknown()) }) }).parse((await server.api("GET", `/api/sessions/${sessionId}`)).body);
      gathered.push(String(session.state.vars.account));
    }
    expect(gathered.sort()).toEqual([...accounts].sort());
  }, 60_000);

  it("hold and resume by re-INVITE: sendonly is answered recvonly, sendrecv again sendrecv, and the call goes on to the caller's BYE", async () => {
    const before = calls().length;
    const result = await runSipp({ scenario: { file: scenario("uac-hold") }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", pauseMs: 1000, timeoutMs: 30_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    const answers = sippMessages(result.messages).filter((message) => message.direction === "received" && message.startLine.startsWith("SIP/2.0 200") && /CSeq: *[23] INVITE/i.test(message.text));
    expect(answers.map((message) => /a=(sendrecv|recvonly|sendonly|inactive)/.exec(message.text)?.[1])).toEqual(["recvonly", "sendrecv"]);
    const [call] = calls().slice(before);
    expect(call).toMatchObject({ state: "ended", hung_up_by: "caller", end_reason: "hangup" });
  }, 40_000);

  it("a re-INVITE without SDP after hold gets a fresh sendrecv offer in the 200, and the ACK's answer moves our audio to its new port", async () => {
    const before = calls().length;
    // The party the call is moved to (a third-party call controller's new leg): only the ACK's answer names it.
    const moved = await RtpPeer.open();
    try {
      const result = await runSipp({ scenario: { file: scenario("uac-hold-offerless-resume") }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", keys: { new_port: String(moved.port) }, timeoutMs: 30_000 });
      expect(result.code, describeSipp(result)).toBe(0);
      const offer = sippMessages(result.messages).find((message) => message.direction === "received" && message.startLine.startsWith("SIP/2.0 200") && /CSeq: *3 INVITE/i.test(message.text));
      expect(offer?.text).toMatch(/a=sendrecv/);
      // The flow's greeting and menu reach the new port, as speech (not silence).
      const audio = moved.audioSince(0).filter((received) => received.packet.payloadType === 0);
      expect(audio.length).toBeGreaterThan(25);
      const samples = muLawToPcm(Buffer.concat(audio.map((received) => received.packet.payload)));
      expect(rms(samples)).toBeGreaterThan(300);
      const [call] = calls().slice(before);
      expect(call).toMatchObject({ state: "ended", hung_up_by: "caller", end_reason: "hangup" });
    } finally {
      await moved.close();
    }
  }, 40_000);

  it("refuses strangers with 403 and numbers no trunk owns with 404, storing nothing", async () => {
    const before = calls().length;
    const sessions = () => server.store.database.sqlite.prepare("SELECT count(*) AS n FROM sessions").get();
    const sessionsBefore = sessions();
    const stranger = await sendRawSip({ from: "127.0.0.2", to: { host: "127.0.0.1", port: sipPort }, user: "+15550100200" });
    expect(stranger.statusLine).toBe("SIP/2.0 403 Forbidden");
    const unknown = await sendRawSip({ from: "127.0.0.1", to: { host: "127.0.0.1", port: sipPort }, user: "+15559999999" });
    expect(unknown.statusLine).toBe("SIP/2.0 404 Not Found");
    expect(calls()).toHaveLength(before);
    expect(sessions()).toEqual(sessionsBefore);
    expect(server.sipTrunks?.transportCounters?.refusedByAdmission).toBeGreaterThanOrEqual(1);
    expect(server.sipTrunks?.inbound.counters.notFound).toBeGreaterThanOrEqual(1);
  });

  it("a late offer (INVITE without SDP): our 200 offers PCMU, PCMA and telephone-event, the caller's answer in the ACK connects the call and the flow runs", async () => {
    const before = calls().length;
    const result = await runSipp({ scenario: { file: scenario("uac-late-offer") }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", pauseMs: 1500, timeoutMs: 30_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    const ok = sippMessages(result.messages).find((message) => message.direction === "received" && message.startLine.startsWith("SIP/2.0 200") && /CSeq: *1 INVITE/i.test(message.text));
    expect(ok?.text).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    const [call] = calls().slice(before);
    expect(call).toMatchObject({ state: "ended", hung_up_by: "caller", end_reason: "hangup" });
    expect(await path(call?.session_id ?? "")).toEqual(expect.arrayContaining(["welcome:next", "main:waiting"]));
  }, 40_000);

  it("keys sent by SIP INFO (application/dtmf-relay) work like RFC 2833 ones", async () => {
    const before = calls().length;
    const result = await runSipp({ scenario: { file: callerScenario({ keys: "12580", keysBy: "info", hangup: { by: "callee" } }) }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 30_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    const [call] = calls().slice(before);
    const sessionId = call?.session_id ?? "";
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:1", "account:waiting", "account:next", "thanks:ended"]);
    const session = z.object({ state: z.object({ vars: z.record(z.string(), z.unknown()) }) }).parse((await server.api("GET", `/api/sessions/${sessionId}`)).body);
    expect(session.state.vars.account).toBe("2580");
  }, 40_000);
});
