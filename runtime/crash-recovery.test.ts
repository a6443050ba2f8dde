import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pathOf, pollUntil, type SessionJson, type SimulationJson, sleep } from "./test-support/api-client";
import { ChildRuntime, killAllChildRuntimes } from "./test-support/child-runtime";
import { freePort } from "./test-support/free-port";
import { alwaysOpenSupportLine } from "./test-support/example-flows";

/**
 * The runtime as `npm start` runs it, in a child process: a session waits (menu timeout, transfer),
 * the process is killed with SIGKILL, a new process starts on the same DATA_DIR, and the durable
 * timer still fires there: the session goes on where it was, no step lost or written twice.
 */

const API_KEY = "sb_crash_test_key_0123456789abcdef";
const MENU_TIMEOUT_S = 2;
const TRANSFER_TIMEOUT_S = 5;

let dataDir: string;
let port: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "switchboard-crash-"));
  port = await freePort();
});

afterEach(async () => {
  await killAllChildRuntimes();
  rmSync(dataDir, { recursive: true, force: true });
});

const startRuntime = () => ChildRuntime.start({ dataDir, port, apiKey: API_KEY });

/** crash-line: support-line open around the clock, a 2 s menu with one retry, 5 s transfers; published. */
async function publishCrashLine(runtime: ChildRuntime): Promise<void> {
  const created = await runtime.api(
    "POST",
    "/api/flows",
    alwaysOpenSupportLine("crash-line", { menuTimeoutSeconds: MENU_TIMEOUT_S, menuMaxRetries: 1, transferTimeoutSeconds: TRANSFER_TIMEOUT_S }),
  );
  expect(created.status, created.text).toBe(201);
  const published = await runtime.api("POST", "/api/flows/crash-line/publish", { note: "crash test" });
  expect(published.status, published.text).toBe(201);
}

async function getSession(runtime: ChildRuntime, id: string): Promise<SessionJson> {
  const res = await runtime.api("GET", `/api/sessions/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as SessionJson;
}

/** Polls the new process until the session has ended; the whole path is then known. */
async function untilEnded(runtime: ChildRuntime, id: string, timeoutMs: number): Promise<SessionJson> {
  let last: SessionJson | undefined;
  return pollUntil(
    async () => {
      last = await getSession(runtime, id);
      return last.status === "ended" ? last : undefined;
    },
    timeoutMs,
    () => `session ${id} did not end; path so far ${JSON.stringify(last ? pathOf(last.steps) : [])}\n${runtime.output.slice(-30).join("\n")}`,
  );
}

/** The seq numbers of the `step <sessionId> #<seq> …` lines a process logged for one session. */
const loggedSeqs = (runtime: ChildRuntime, id: string): number[] =>
  runtime.output.flatMap((line) => {
    const match = new RegExp(`^step ${id} #(\\d+) `).exec(line);
    return match?.[1] === undefined ? [] : [Number(match[1])];
  });

const oneToN = (n: number): number[] => Array.from({ length: n }, (_, index) => index + 1);

describe("kill -9 while a session waits, then a restart on the same data", () => {
  it("menu timeout: the timer armed before the crash fires once in the new process, and the session goes on", { timeout: 35_000 }, async () => {
    const first = await startRuntime();
    await publishCrashLine(first);

    const started = await first.api("POST", "/api/simulations", { flowId: "crash-line", source: "published", channel: "voice" });
    const armedAt = Date.now();
    expect(started.status, started.text).toBe(201);
    const sim = started.body as SimulationJson;
    expect(sim).toMatchObject({ status: "waiting", waitingFor: "input", currentNodeId: "main_menu" });
    const id = sim.sessionId;

    const before = await getSession(first, id);
    expect(before.status).toBe("waiting");
    expect(pathOf(before.steps)).toEqual(["welcome:next", "hours:in_hours", "main_menu:waiting"]);

    const killed = await first.kill("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    // The process died before the menu's timer was due: nothing past the menu happened in it.
    expect(Date.now() - armedAt).toBeLessThan(MENU_TIMEOUT_S * 1000);
    expect(loggedSeqs(first, id)).toEqual([1, 2, 3]);

    await sleep(armedAt + MENU_TIMEOUT_S * 1000 + 500 - Date.now());
    const restartedAt = Date.now();
    const second = await startRuntime();

    // First the overdue timer: the no-input re-prompt (attempt 1 of 2).
    const reprompted = await pollUntil(
      async () => {
        const session = await getSession(second, id);
        return session.steps.length > before.steps.length ? session : undefined;
      },
      10_000,
      () => `no step after the restart\n${second.output.slice(-30).join("\n")}`,
    );
    expect(reprompted.steps.slice(0, before.steps.length)).toEqual(before.steps);
    expect(reprompted.steps[before.steps.length]).toMatchObject({ seq: 4, nodeId: "main_menu", outcome: "no_input", input: null, version: 1 });
    const firedAt = Date.parse(reprompted.steps[before.steps.length]?.at ?? "");
    expect(firedAt).toBeGreaterThanOrEqual(restartedAt);
    expect(firedAt).toBeGreaterThanOrEqual(armedAt + MENU_TIMEOUT_S * 1000);

    // Then the new timers (re-prompt 2 s, transfer 5 s) run their course in the new process.
    const ended = await untilEnded(second, id, 20_000);
    expect(ended.steps.slice(0, before.steps.length)).toEqual(before.steps);
    expect(ended.steps.slice(0, reprompted.steps.length)).toEqual(reprompted.steps);
    expect(pathOf(ended.steps)).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:no_input",
      "main_menu:timeout",
      "to_support:waiting",
      "to_support:no_answer",
      "all_busy:ended",
    ]);
    expect(ended.steps.map((step) => step.seq)).toEqual(oneToN(ended.steps.length));
    expect(ended).toMatchObject({ status: "ended", endReason: "hangup_node", stepCount: ended.steps.length });
    // The wait that was pending at the crash timed out exactly once.
    expect(ended.steps.filter((step) => step.nodeId === "main_menu" && step.outcome === "no_input")).toHaveLength(1);
    // Each step was logged by exactly one of the two processes, in order.
    expect([...loggedSeqs(first, id), ...loggedSeqs(second, id)]).toEqual(oneToN(ended.steps.length));

    // Nothing else happens to the ended session.
    await sleep(500);
    expect((await getSession(second, id)).steps).toEqual(ended.steps);
  });

  it("transfer: the 5 s agent timeout armed before the crash sends the session down no_answer after the restart", { timeout: 35_000 }, async () => {
    const first = await startRuntime();
    await publishCrashLine(first);

    const started = await first.api("POST", "/api/simulations", { flowId: "crash-line", source: "published", channel: "voice" });
    expect(started.status, started.text).toBe(201);
    const id = (started.body as SimulationJson).sessionId;
    const chosen = await first.api("POST", `/api/simulations/${id}/events`, { type: "digits", digits: "1" });
    const armedAt = Date.now();
    expect(chosen.status, chosen.text).toBe(200);
    expect(chosen.body).toMatchObject({ status: "waiting", waitingFor: "transfer", currentNodeId: "to_sales" });
    expect((chosen.body as SimulationJson).effects).toContainEqual(expect.objectContaining({ type: "transfer", teamId: "sales", timeoutSeconds: TRANSFER_TIMEOUT_S }));

    const before = await getSession(first, id);
    expect(pathOf(before.steps)).toEqual(["welcome:next", "hours:in_hours", "main_menu:waiting", "main_menu:option:1", "to_sales:waiting"]);
    expect(before.steps[3]).toMatchObject({ seq: 4, input: "1" });

    expect((await first.kill("SIGKILL")).signal).toBe("SIGKILL");
    expect(Date.now() - armedAt).toBeLessThan(TRANSFER_TIMEOUT_S * 1000);
    expect(loggedSeqs(first, id)).toEqual([1, 2, 3, 4, 5]);

    await sleep(armedAt + TRANSFER_TIMEOUT_S * 1000 + 500 - Date.now());
    const restartedAt = Date.now();
    const second = await startRuntime();

    const ended = await untilEnded(second, id, 10_000);
    expect(ended.steps.slice(0, before.steps.length)).toEqual(before.steps);
    expect(pathOf(ended.steps)).toEqual([...pathOf(before.steps), "to_sales:no_answer", "all_busy:ended"]);
    expect(ended.steps.map((step) => step.seq)).toEqual(oneToN(ended.steps.length));
    expect(ended).toMatchObject({ status: "ended", endReason: "hangup_node" });
    expect(Date.parse(ended.steps[5]?.at ?? "")).toBeGreaterThanOrEqual(restartedAt);
    expect([...loggedSeqs(first, id), ...loggedSeqs(second, id)]).toEqual(oneToN(ended.steps.length));

    // A timeout sent now is refused: the session is over.
    const late = await second.api("POST", `/api/simulations/${id}/events`, { type: "timeout" });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: "session_ended" } });
  });
});
