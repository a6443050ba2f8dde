import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, sleep } from "../test-support/api-client";
import { countScryptCalls } from "../test-support/scrypt-calls";
import { type ApiResponse, startTestServer, type TestServer } from "../test-support/test-server";

const ADMIN_EMAIL = "admin@acme.example";
const ADMIN_PASSWORD = "correct horse battery";

/** Signs in from `address` (sent as X-Forwarded-For: only a server with TRUST_PROXY reads it). */
const login = (server: TestServer, email: string, password: string, address?: string) =>
  server.api("POST", "/api/auth/login", { email, password }, { key: null, headers: address === undefined ? {} : { "x-forwarded-for": address } });

/** The Retry-After header of a 429 or 503, in seconds (a positive integer), or a failed expectation. */
function retryAfter(res: ApiResponse): number {
  const header = res.headers.get("retry-after");
  expect(header, `no Retry-After on ${res.status} ${res.text}`).toMatch(/^[1-9]\d*$/);
  return Number(header);
}

const statuses = (responses: readonly ApiResponse[]) => responses.map((res) => res.status);

describe("sign-in throttle per account", () => {
  let server: TestServer;
  beforeAll(async () => {
    // The first delay is 2 s (default 1 s), so the quick attempts below all fall within it; these
    // tests all come from 127.0.0.1, so its address limit is set out of their way.
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD, SIGNIN_FAILURES_PER_ACCOUNT: "5", SIGNIN_FAILURES_PER_ADDRESS: "100", SIGNIN_DELAY_SECONDS: "2", SIGNIN_REFUSAL_HOLD_MS: "0", SEED_EXAMPLES: "0" });
  });
  afterAll(() => server.stop());

  it("30 wrong passwords, then the right one: 429 with Retry-After until the delay has passed, then signed in", async () => {
    const wrong: ApiResponse[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) wrong.push(await login(server, ADMIN_EMAIL, `wrong password ${attempt}`));
    expect(statuses(wrong)).toEqual([...Array<number>(5).fill(401), ...Array<number>(25).fill(429)]);
    const throttled = wrong[5];
    if (throttled === undefined) throw new Error("no sixth answer");
    expect(throttled.body).toMatchObject({ error: { code: "too_many_attempts", message: expect.stringContaining("try again in") } });
    expect(retryAfter(throttled)).toBeLessThanOrEqual(2);

    const early = await login(server, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(early.status, early.text).toBe(429);
    expect(early.headers.getSetCookie()).toEqual([]);
    await sleep(retryAfter(early) * 1000 + 100);
    const late = await login(server, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(late.status, late.text).toBe(200);

    // The success reset the account: five more wrong ones are each checked (401) before the next delay.
    const again: ApiResponse[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) again.push(await login(server, ADMIN_EMAIL, `wrong again ${attempt}`));
    expect(statuses(again)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("the delay doubles with each failure after it", async () => {
    const email = "nobody-1@acme.example";
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(server, email, "guess")).status).toBe(401);
    const first = await login(server, email, "guess");
    expect(first.status).toBe(429);
    expect(retryAfter(first)).toBe(2);
    await sleep(2_100);
    expect((await login(server, email, "guess")).status).toBe(401);
    const second = await login(server, email, "guess");
    expect(second.status).toBe(429);
    expect(retryAfter(second)).toBe(4);
  });

  it("a success resets the account's count", async () => {
    await server.api("POST", "/api/users", { email: "ana@acme.example", name: "Ana", role: "agent", password: "ana password 1" });
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await login(server, "ana@acme.example", "typo")).status).toBe(401);
    expect((await login(server, "ANA@acme.example", "ana password 1")).status).toBe(200);
    const after: ApiResponse[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) after.push(await login(server, "ana@acme.example", "typo"));
    expect(statuses(after)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("logs failed and throttled sign-ins with the address and the email, never the password", async () => {
    const email = "logged@acme.example";
    const password = "a very secret guess 4711";
    for (let attempt = 0; attempt < 6; attempt += 1) await login(server, email, password);
    const lines = server.logs.filter((line) => line.includes(email));
    expect(lines.filter((line) => line.startsWith("sign-in failed"))).toHaveLength(5);
    expect(lines.filter((line) => line.startsWith("sign-in throttled"))).toHaveLength(1);
    for (const line of lines) expect(line).toContain("address 127.0.0.1");
    expect(server.logs.filter((line) => line.includes(password))).toEqual([]);
  });
});

describe("100 parallel wrong sign-ins", () => {
  let server: TestServer;
  let calls: ReturnType<typeof countScryptCalls> | undefined;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD, SEED_EXAMPLES: "0", TRUST_PROXY: "1", PASSWORD_HASH_CONCURRENCY: "1", PASSWORD_HASH_QUEUE: "4" });
  });
  afterEach(() => calls?.stop());
  afterAll(() => server.stop());

  it("for one account: only the first few compute a hash, the rest are refused at once with 429", async () => {
    calls = countScryptCalls();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, n) => login(server, ADMIN_EMAIL, `parallel guess ${n}`, `198.51.100.${n + 1}`)));
    const checked = answers.filter((res) => res.status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(answers.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(95);
    for (const res of answers.filter((answer) => answer.status === 429)) retryAfter(res);
    // One scrypt per checked password: none for the refused ones.
    expect(calls.count).toBe(checked);
  });

  it("for 100 accounts from 100 addresses: at most a few hashes at a time, the rest 503 with Retry-After and no hash", async () => {
    await login(server, "warm@acme.example", "x", "192.0.2.250"); // the dummy hash for unknown emails is made once
    calls = countScryptCalls();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, n) => login(server, `user-${n}@acme.example`, "guess", `192.0.2.${n + 1}`)));
    const checked = answers.filter((res) => res.status === 401).length;
    const busy = answers.filter((res) => res.status === 503);
    expect(checked + busy.length).toBe(100);
    expect(busy.length).toBeGreaterThanOrEqual(50);
    for (const res of busy) {
      expect(res.body).toMatchObject({ error: { code: "busy" } });
      retryAfter(res);
    }
    expect(calls.count).toBe(checked);
  });

  it("an admin's password resets share the bound: beyond it 503, nothing changed, no hash", async () => {
    const created = await server.api("POST", "/api/users", { email: "reset@acme.example", name: "Reset", role: "agent", password: "first password" });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: string }).id;
    calls = countScryptCalls();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => server.api("PUT", `/api/users/${id}/password`, { password: `new password ${n}` })));
    const done = answers.filter((res) => res.status === 204).length;
    expect(answers.filter((res) => res.status === 503).length).toBe(30 - done);
    expect(done).toBeLessThan(30);
    expect(calls.count).toBe(done);
  });
});

describe("sign-in throttle per client address", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD, SEED_EXAMPLES: "0", TRUST_PROXY: "1", SIGNIN_FAILURES_PER_ADDRESS: "3", SIGNIN_DELAY_SECONDS: "5" });
  });
  afterAll(() => server.stop());

  it("wrong passwords for different accounts from one address are throttled together; other addresses are not", async () => {
    const from = "203.0.113.7";
    for (const email of ["a@acme.example", "b@acme.example", "c@acme.example"]) expect((await login(server, email, "guess", from)).status).toBe(401);
    const fourth = await login(server, "d@acme.example", "guess", from);
    expect(fourth.status).toBe(429);
    expect(retryAfter(fourth)).toBeGreaterThanOrEqual(4);
    // Even the right password, from that address, waits.
    expect((await login(server, ADMIN_EMAIL, ADMIN_PASSWORD, from)).status).toBe(429);
    expect((await login(server, "d@acme.example", "guess", "203.0.113.8")).status).toBe(401);
    expect((await login(server, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.9")).status).toBe(200);
  });

  it("counts an IPv6 /64 as one address", async () => {
    for (const n of [1, 2, 3]) expect((await login(server, `v6-${n}@acme.example`, "guess", `2001:db8:1:2::${n}`)).status).toBe(401);
    expect((await login(server, "v6-4@acme.example", "guess", "2001:db8:1:2::ffff")).status).toBe(429);
  });
});

describe("without TRUST_PROXY", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL, ADMIN_PASSWORD, SEED_EXAMPLES: "0", SIGNIN_FAILURES_PER_ADDRESS: "3", SIGNIN_DELAY_SECONDS: "5" });
  });
  afterAll(() => server.stop());

  it("a client cannot escape the address throttle by writing X-Forwarded-For", async () => {
    for (const n of [1, 2, 3]) expect((await login(server, `x-${n}@acme.example`, "guess", `203.0.113.${n}`)).status).toBe(401);
    const fourth = await login(server, "x-4@acme.example", "guess", "203.0.113.4");
    expect(fourth.status).toBe(429);
    expect(server.logs.some((line) => line.startsWith("sign-in throttled") && line.includes("address 127.0.0.1"))).toBe(true);
  });
});

describe("the first-start setup route", () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ SWITCHBOARD_API_KEY: "", SEED_EXAMPLES: "0", SIGNIN_FAILURES_PER_ADDRESS: "3", SIGNIN_DELAY_SECONDS: "1" });
    const match = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(server.logs.find((line) => line.includes("/setup?token=")) ?? "");
    if (match?.[1] === undefined) throw new Error(`no setup link logged:\n${server.logs.join("\n")}`);
    token = match[1];
  });
  afterAll(() => server.stop());

  it("throttles wrong setup tokens per address: 429 with Retry-After, even for the right token, until the delay passes", async () => {
    const setup = (guess: string) => callApi(server.url, "POST", "/api/auth/setup", { body: { email: "owner@acme.example", name: "Owner", password: "owner password 1", token: guess } });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await setup(`guess-${attempt}`)).status).toBe(403);
    const refused = await setup(token);
    expect(refused.status, refused.text).toBe(429);
    expect(await server.store.users.listUsers()).toEqual([]);
    expect(server.logs.some((line) => line.startsWith("setup token refused") && line.includes("address 127.0.0.1"))).toBe(true);
    await sleep(retryAfter(refused) * 1000 + 100);
    const done = await setup(token);
    expect(done.status, done.text).toBe(201);
    expect(server.logs.filter((line) => line.includes("owner password 1"))).toEqual([]);
  });
});

describe("refusals held before they are answered", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGNIN_FAILURES_PER_ACCOUNT: "2", SIGNIN_FAILURES_PER_ADDRESS: "100", SIGNIN_DELAY_SECONDS: "60", SEED_EXAMPLES: "0" });
  });
  afterAll(() => server.stop());

  it("a client looping on 429s gets a few answers a second (250 ms each), not as many as the server could send", async () => {
    const email = "looper@acme.example";
    for (let attempt = 0; attempt < 2; attempt += 1) expect((await login(server, email, "guess")).status).toBe(401);
    const started = performance.now();
    const answers: number[] = [];
    while (performance.now() - started < 1_500) answers.push((await login(server, email, "guess")).status);
    expect(new Set(answers)).toEqual(new Set([429]));
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(answers.length).toBeLessThanOrEqual(7);
    const logged = server.logs.filter((line) => line.includes(`throttled: "${email}"`));
    expect(logged.length).toBe(1);
  });
});
