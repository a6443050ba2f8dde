import { afterEach, describe, expect, it } from "vitest";
import { describeSipp, killAllSipp, scenario, sippMessages, startSipp, type SippMessage } from "../test-support/sipp";
import { startTestUserAgent, waitUntil, type TestUserAgent } from "../test-support/test-user-agent";
import type { SipRegistration, SipRegistrationStatus } from "./sip-registration";

let agent: TestUserAgent | undefined;
let registration: SipRegistration | undefined;

afterEach(async () => {
  await registration?.stop();
  registration = undefined;
  await killAllSipp();
  await agent?.close();
  agent = undefined;
});

const credentials = { username: "trunk-user", password: "s3cret" };

async function registrar(name: string, keys: Record<string, string>) {
  agent = await startTestUserAgent();
  const sipp = await startSipp({ scenario: { file: scenario(name) }, keys: { realm: "carrier.test", nonce: "n0nce1", user: credentials.username, password: credentials.password, ...keys } });
  await sipp.ready();
  return { ua: agent.ua, sipp };
}

function follow(target: SipRegistration): SipRegistrationStatus[] {
  const seen: SipRegistrationStatus[] = [target.status];
  target.on("status", (status) => seen.push(status));
  return seen;
}

const header = (message: SippMessage | undefined, name: string) => new RegExp(`^${name}: *(.*)$`, "mi").exec(message?.text ?? "")?.[1]?.trim();

describe("SipRegistration against sipp as the registrar", () => {
  it("registers with digest (401, then verified), shows registered until expiry, refreshes before it, un-REGISTERs on stop", async () => {
    const { ua, sipp } = await registrar("uas-registrar", { expires: "2" });
    const before = Date.now();
    registration = ua.register({ registrar: `sip:${sipp.address}`, aor: "sip:trunk-user@carrier.test", credentials, expires: 60 });
    const statuses = follow(registration);
    await waitUntil(() => statuses.filter((status) => status.state === "registered").length >= 2, "a registration and its refresh", 8000);
    const [first, second] = statuses.filter((status) => status.state === "registered");
    expect(statuses[0]?.state).toBe("registering");
    expect(first?.expiresAt).toBeGreaterThanOrEqual(before + 2000);
    expect(first?.expiresAt).toBeLessThan(before + 3000);
    // The refresh came before the binding expired, and moved its expiry on.
    expect(second?.expiresAt).toBeGreaterThan(first?.expiresAt ?? 0);
    expect((second?.expiresAt ?? 0) - 2000).toBeLessThan(first?.expiresAt ?? 0);
    expect(statuses.some((status) => status.state === "failed")).toBe(false);
    const removal = await registration.stop();
    expect(removal?.status).toBe(200);
    expect(registration.status.state).toBe("stopped");
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    const registers = sippMessages(done.messages).filter((message) => message.kind === "REGISTER");
    expect(sippMessages(done.messages).map((message) => message.kind)).toEqual(["REGISTER", "401", "REGISTER", "200", "REGISTER", "200", "REGISTER", "200"]);
    // One Call-ID, CSeq counted up; the first REGISTER without credentials, the refresh with them up front.
    expect(new Set(registers.map((message) => header(message, "Call-ID"))).size).toBe(1);
    expect(registers.map((message) => Number(header(message, "CSeq")?.split(" ")[0]))).toEqual([1, 2, 3, 4]);
    expect(header(registers[0], "Authorization")).toBeUndefined();
    expect(header(registers[2], "Authorization")).toMatch(/nc=00000002/);
    expect(registers.map((message) => header(message, "Expires"))).toEqual(["60", "60", "60", "0"]);
    expect(registers[0]?.startLine).toBe(`REGISTER sip:${sipp.address} SIP/2.0`);
    expect(header(registers[0], "To")).toBe("<sip:trunk-user@carrier.test>");
    expect(header(registers[0], "Contact")).toBe(`<sip:trunk-user@127.0.0.1:${agent?.port}>`);
  });

  it("honours 423 Min-Expires and answers a stale nonce with the new one", async () => {
    const { ua, sipp } = await registrar("uas-registrar-stale", { nonce2: "n0nce2", min_expires: "2", expires: "2" });
    registration = ua.register({ registrar: `sip:${sipp.address}`, aor: "sip:trunk-user@carrier.test", credentials, expires: 1 });
    const statuses = follow(registration);
    await waitUntil(() => statuses.filter((status) => status.state === "registered").length >= 2, "a registration and its refresh", 8000);
    expect(statuses.some((status) => status.state === "failed")).toBe(false);
    await registration.stop();
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    const flow = sippMessages(done.messages).map((message) => message.kind);
    expect(flow).toEqual(["REGISTER", "423", "REGISTER", "401", "REGISTER", "200", "REGISTER", "401", "REGISTER", "200", "REGISTER", "200"]);
    const registers = sippMessages(done.messages).filter((message) => message.kind === "REGISTER");
    expect(registers.map((message) => header(message, "Expires"))).toEqual(["1", "2", "2", "2", "2", "0"]);
    expect(header(registers[3], "Authorization")).toContain('nonce="n0nce1"');
    expect(header(registers[4], "Authorization")).toContain('nonce="n0nce2"');
  });

  it("shows failed with the reason while the registrar is down, retries with backoff, then registered", async () => {
    const { ua, sipp } = await registrar("uas-registrar-unavailable", { expires: "30" });
    registration = ua.register({ registrar: `sip:${sipp.address}`, aor: "sip:trunk-user@carrier.test", credentials, retry: { firstMs: 300, maxMs: 1000 } });
    const statuses = follow(registration);
    await waitUntil(() => registration?.status.state === "registered", "registered after the retry", 8000);
    expect(statuses.map((status) => status.state)).toEqual(["registering", "failed", "registered"]);
    const failed = statuses.find((status) => status.state === "failed");
    expect(failed).toMatchObject({ status: 503, reason: "503 Service Unavailable" });
    expect(failed?.retryAt).toBeGreaterThan(Date.now() - 2000);
    expect(registration.status.expiresAt).toBeGreaterThan(Date.now() + 25_000);
    await registration.stop();
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(sippMessages(done.messages).map((message) => message.kind)).toEqual(["REGISTER", "503", "REGISTER", "401", "REGISTER", "200", "REGISTER", "200"]);
  });

  it("wrong credentials: failed with the registrar's 403, never registered, nothing to un-REGISTER on stop", async () => {
    const { ua, sipp } = await registrar("uas-registrar", { expires: "2" });
    registration = ua.register({ registrar: `sip:${sipp.address}`, aor: "sip:trunk-user@carrier.test", credentials: { ...credentials, password: "wrong" }, retry: { firstMs: 60_000, maxMs: 60_000 } });
    const statuses = follow(registration);
    await waitUntil(() => registration?.status.state === "failed", "the refusal", 5000);
    expect(registration.status).toMatchObject({ state: "failed", status: 403, reason: "403 Forbidden" });
    expect(statuses.some((status) => status.state === "registered")).toBe(false);
    expect(await registration.stop()).toBeUndefined();
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(1);
    expect(sippMessages(done.messages).map((message) => message.kind)).toEqual(["REGISTER", "401", "REGISTER", "403"]);
  });
});
