import { afterEach, describe, expect, it } from "vitest";
import { RawSipPeer } from "../test-support/raw-sip-peer";
import { describeSipp, killAllSipp, scenario, sippFlow, sippMessages, startSipp, type SippRun } from "../test-support/sipp";
import { startTestUserAgent, TEST_OFFER_SDP, waitUntil, type TestUserAgent } from "../test-support/test-user-agent";
import { verifyDigest } from "./sip-digest";

let agent: TestUserAgent | undefined;

afterEach(async () => {
  await killAllSipp();
  await agent?.close();
  agent = undefined;
});

async function callee(name: string, keys?: Record<string, string>, transport: "u1" | "t1" = "u1"): Promise<{ ua: TestUserAgent["ua"]; sipp: SippRun }> {
  agent = await startTestUserAgent();
  const sipp = await startSipp({ scenario: { file: scenario(name) }, transport, ...(keys ? { keys } : {}) });
  await sipp.ready();
  return { ua: agent.ua, sipp };
}

function expectIdle(ua: TestUserAgent["ua"]) {
  return waitUntil(() => {
    const stats = ua.stats;
    return stats.calls === 0 && stats.dialogs === 0 && stats.transactions.server === 0 && stats.transactions.client === 0;
  }, `the user agent to be idle (${JSON.stringify(ua.stats)})`, 15_000);
}

describe("OutgoingCall against sipp as the callee", () => {
  for (const transport of ["u1", "t1"] as const) {
    it(`answered over ${transport === "u1" ? "UDP" : "TCP"}: 180 seen, 200 with SDP, ACK, then our BYE`, async () => {
      const { ua, sipp } = await callee("uas-answer", undefined, transport);
      const target = `sip:+15550002222@${sipp.address}${transport === "t1" ? ";transport=tcp" : ""}`;
      const outgoing = ua.invite(target, TEST_OFFER_SDP, { from: { uri: "sip:+15550001111@127.0.0.1", displayName: "Switchboard" } });
      const provisional: number[] = [];
      outgoing.on("provisional", ({ status }) => provisional.push(status));
      const result = await outgoing.result;
      expect(result.answered).toBe(true);
      if (!result.answered) return;
      expect(provisional).toEqual([180]);
      expect(result.sdp).toContain("m=audio");
      expect(result.call.direction).toBe("outbound");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const bye = await result.call.bye();
      expect(bye?.status).toBe(200);
      expect(result.call.endReason).toBe("local_bye");
      const done = await sipp.result;
      expect(done.code, describeSipp(done)).toBe(0);
      expect(sippFlow(done.messages)).toEqual(["INVITE", "100", "180", "200", "ACK", "BYE", "200"]);
      const invite = sippMessages(done.messages).find((message) => message.kind === "INVITE");
      expect(invite?.startLine).toBe(`INVITE ${target} SIP/2.0`);
      expect(invite?.text).toContain(TEST_OFFER_SDP.trim());
      expect(invite?.text).toMatch(/^From: "Switchboard" <sip:\+15550001111@127\.0\.0\.1>;tag=/m);
      await expectIdle(ua);
    });
  }

  it("early media: 183 with the callee's SDP comes as a provisional event before the answer", async () => {
    const { ua, sipp } = await callee("uas-early-media");
    const outgoing = ua.invite(`sip:+15550002222@${sipp.address}`, TEST_OFFER_SDP);
    const early: Array<{ status: number; sdp: string | undefined }> = [];
    outgoing.on("provisional", ({ status, sdp }) => early.push({ status, sdp }));
    const result = await outgoing.result;
    expect(early).toHaveLength(1);
    expect(early[0]?.status).toBe(183);
    expect(early[0]?.sdp).toMatch(/^m=audio \d+ RTP\/AVP 0\r?$/m);
    expect(result.answered).toBe(true);
    if (result.answered) {
      expect(result.sdp).toBe(early[0]?.sdp);
      await result.call.bye();
    }
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippFlow(done.messages)).toEqual(["INVITE", "100", "183", "200", "ACK", "BYE", "200"]);
  });

  it("busy: 486 is ACKed and the outcome is busy", async () => {
    const { ua, sipp } = await callee("uas-busy");
    const outgoing = ua.invite(`sip:+15550002222@${sipp.address}`, TEST_OFFER_SDP);
    const failed: string[] = [];
    outgoing.on("failed", ({ outcome }) => failed.push(outcome));
    const result = await outgoing.result;
    expect(result).toMatchObject({ answered: false, outcome: "busy", status: 486 });
    expect(failed).toEqual(["busy"]);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippFlow(done.messages)).toEqual(["INVITE", "100", "486", "ACK"]);
    await expectIdle(ua);
  });

  it("no answer: after the ring timeout our CANCEL gets 200 and the INVITE 487; the outcome is no_answer", async () => {
    const { ua, sipp } = await callee("uas-no-answer");
    const started = Date.now();
    const outgoing = ua.invite(`sip:+15550002222@${sipp.address}`, TEST_OFFER_SDP, { ringTimeoutMs: 800 });
    const result = await outgoing.result;
    expect(result).toMatchObject({ answered: false, outcome: "no_answer", status: 487 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippFlow(done.messages)).toEqual(["INVITE", "100", "180", "CANCEL", "200", "487", "ACK"]);
    const [invite, cancel] = sippMessages(done.messages).filter((message) => message.kind === "INVITE" || message.kind === "CANCEL");
    const branch = (text: string | undefined) => /^Via: [^\n]*branch=([^;\s]+)/m.exec(text ?? "")?.[1];
    expect(branch(cancel?.text)).toBe(branch(invite?.text));
    await expectIdle(ua);
  });

  it("no answer from a callee that only sent 100 Trying: the ring timeout still CANCELs (100 is a provisional response)", async () => {
    const { ua, sipp } = await callee("uas-trying-only");
    const outgoing = ua.invite(`sip:+15550002222@${sipp.address}`, TEST_OFFER_SDP, { ringTimeoutMs: 500 });
    const provisional: number[] = [];
    outgoing.on("provisional", ({ status }) => provisional.push(status));
    const result = await outgoing.result;
    expect(result).toMatchObject({ answered: false, outcome: "no_answer", status: 487 });
    expect(provisional).toEqual([]);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippFlow(done.messages)).toEqual(["INVITE", "100", "CANCEL", "200", "487", "ACK"]);
    await expectIdle(ua);
  });

  it("a callee that says nothing: the outcome is no_answer at the ring timeout (not at Timer B); a late 180 is then CANCELled", async () => {
    agent = await startTestUserAgent();
    const { ua } = agent;
    const silent = await RawSipPeer.udp({ address: "127.0.0.1", port: agent.port });
    try {
      const started = Date.now();
      const outgoing = ua.invite(`sip:+15550002222@127.0.0.1:${silent.localPort}`, TEST_OFFER_SDP, { ringTimeoutMs: 300 });
      const result = await outgoing.result;
      const elapsed = Date.now() - started;
      expect(result).toMatchObject({ answered: false, outcome: "no_answer" });
      expect(elapsed).toBeLessThan(64 * 50);
      // The INVITE was retransmitted meanwhile; a 180 now (the callee woke up) must be CANCELled.
      await waitUntil(() => silent.received.length > 0, "the INVITE");
      const text = silent.received[0]?.text ?? "";
      const pick = (name: string) => new RegExp(`^${name}: .*$`, "m").exec(text)?.[0] ?? "";
      const ringing = ["SIP/2.0 180 Ringing", pick("Via"), pick("From"), `${pick("To")};tag=late`, pick("Call-ID"), pick("CSeq"), "Content-Length: 0", "", ""].join("\r\n");
      await silent.send(ringing);
      await waitUntil(() => silent.received.some((item) => item.text.startsWith("CANCEL ")), "the CANCEL");
    } finally {
      await silent.close();
    }
  });

  it("challenged with 407: the INVITE is sent again with a Proxy-Authorization that answers the challenge, then answered", async () => {
    const realm = "carrier.test";
    const nonce = "5f1c0e7a9b";
    const { ua, sipp } = await callee("uas-proxy-auth", { realm, nonce });
    const credentials = { username: "trunk-user", password: "s3cret" };
    const target = `sip:+15550002222@${sipp.address}`;
    const outgoing = ua.invite(target, TEST_OFFER_SDP, { auth: credentials });
    const result = await outgoing.result;
    expect(result.answered).toBe(true);
    if (result.answered) await result.call.bye();
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippFlow(done.messages)).toEqual(["INVITE", "407", "ACK", "INVITE", "100", "200", "ACK", "BYE", "200"]);
    const invites = sippMessages(done.messages).filter((message) => message.kind === "INVITE");
    const cseq = (text: string | undefined) => /^CSeq: (\d+)/m.exec(text ?? "")?.[1];
    const callId = (text: string | undefined) => /^Call-ID: (\S+)/m.exec(text ?? "")?.[1];
    expect(cseq(invites[1]?.text)).toBe(String(Number(cseq(invites[0]?.text)) + 1));
    expect(callId(invites[1]?.text)).toBe(callId(invites[0]?.text));
    const authorization = /^Proxy-Authorization: (.*)$/m.exec(invites[1]?.text ?? "")?.[1];
    expect(authorization).toBeDefined();
    expect(verifyDigest({ authorization: authorization ?? "", method: "INVITE", realm, nonce, credentials })).toBe(true);
    expect(verifyDigest({ authorization: authorization ?? "", method: "INVITE", realm, nonce, credentials: { ...credentials, password: "wrong" } })).toBe(false);
    await expectIdle(ua);
  });
});

describe("SipUserAgent.options (trunk keepalive)", () => {
  it("a peer that answers: its status and the round trip; a silent one: 408 after the timeout", async () => {
    agent = await startTestUserAgent();
    const { ua } = agent;
    const sipp = await startSipp({ scenario: { builtin: "uas" }, extraArgs: ["-aa"] });
    await sipp.ready();
    const answered = await ua.options(`sip:${sipp.address}`);
    expect(answered.status).toBe(200);
    expect(answered.rttMs).toBeLessThan(1000);
    const silent = await RawSipPeer.udp({ address: "127.0.0.1", port: agent.port });
    try {
      const started = Date.now();
      const unanswered = await ua.options(`sip:127.0.0.1:${silent.localPort}`, { timeoutMs: 300 });
      expect(unanswered.status).toBe(408);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(silent.received[0]?.text).toMatch(/^OPTIONS sip:127\.0\.0\.1:\d+ SIP\/2\.0/);
      const unroutable = await ua.options("sip:nowhere.invalid");
      expect(unroutable.status).toBe(503);
      expect(unroutable.reason).toMatch(/nowhere\.invalid/);
    } finally {
      await silent.close();
    }
  });
});
