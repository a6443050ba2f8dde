import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { recordingsDir, sessionRecordingsDir } from "../runtime/calls/recordings-folder";
import { oggTone } from "../runtime/calls/test-support/ogg-tone";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";


const Step = z.object({ flowId: z.string(), nodeId: z.string(), nodeType: z.string() });
type Step = z.infer<typeof Step>;
const Session = z.object({ id: z.string(), status: z.string(), steps: z.array(Step) });
type Session = z.infer<typeof Session>;

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
/** language-selector → goto support-line, then hung up: ended, on two flow versions. */
let ended: Session;
/** appointment-confirmation on chat, waiting at its menu. */
let waitingChat: Session;
/** account-balance on voice, waiting at its first input. */
let balance: Session;

async function simulate(flowId: string, channel: "voice" | "chat", caller: string, events: Record<string, unknown>[]): Promise<Session> {
  const started = await server.api("POST", "/api/simulations", { flowId, source: "published", channel, caller });
  expect(started.status, started.text).toBe(201);
  const { sessionId } = z.object({ sessionId: z.string() }).parse(started.body);
  for (const event of events) {
    const sent = await server.api("POST", `/api/simulations/${sessionId}/events`, event);
    // The support line may be closed at the time the test runs, which ends the call before the hang-up.
    expect([200, 409], sent.text).toContain(sent.status);
  }
  const session = await server.api("GET", `/api/sessions/${sessionId}`);
  expect(session.status, session.text).toBe(200);
  return Session.parse(session.body);
}

/**
 * Calls on the media plane, as the media controller writes them: the language selector's session
 * was a web voice call that Dana answered (recorded: a 3 s Ogg/Opus tone), the account balance's a
 * call that never connected and whose recording failed.
 */
async function seedCalls(): Promise<void> {
  const dana = await server.api("POST", "/api/users", { email: "dana@acme.test", name: "Dana Agent", role: "agent", password: "dana password 1" });
  expect(dana.status, dana.text).toBe(201);
  const danaId = z.object({ id: z.string() }).parse(dana.body).id;
  const { calls } = server.store;
  const talked = await calls.create({ channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-7", to: null, sessionId: ended.id });
  const t0 = talked.createdAt;
  await calls.answered(talked.id, t0 + 1_000);
  await calls.agentJoined(talked.id, danaId, t0 + 11_000);
  await calls.addHold(talked.id, 4_000);
  oggTone(join(recordingsDir(server.dataDir), `${talked.id}.ogg`), 3, 440);
  await calls.recording(talked.id, { mode: "agent", path: `${talked.id}.ogg`, ms: 3_000 });
  await calls.ended(talked.id, { at: t0 + 66_000, reason: "hangup", hungUpBy: "caller" });

  // A voicemail the session's record node left (2 s), and one Twilio keeps.
  oggTone(join(sessionRecordingsDir(server.dataDir), ended.id, "voicemail.ogg"), 2, 440);
  await server.store.sessionRecordings.add({ sessionId: ended.id, nodeId: "voicemail", callId: talked.id, source: "media", path: `${ended.id}/voicemail.ogg`, remoteUrl: null, contentType: "audio/ogg", durationMs: 2_000, bytes: null, finishKey: "#" });
  await server.store.sessionRecordings.add({ sessionId: ended.id, nodeId: "twilio_voicemail", callId: null, source: "twilio", path: null, remoteUrl: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", contentType: "audio/x-wav", durationMs: 7_000, bytes: null, finishKey: null });

  const lost = await calls.create({ channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-8", to: null, sessionId: balance.id });
  await calls.recording(lost.id, { mode: "call", error: "mix failed: ffmpeg exited with 1" });
  await calls.ended(lost.id, { at: lost.createdAt + 30_000, reason: "peer_gone", hungUpBy: "system" });
}

const rows = (target: Page) => target.locator("table.log-table tbody tr");
const distinctNodes = (steps: readonly Step[], flowId: string): number => new Set(steps.filter((step) => step.flowId === flowId).map((step) => step.nodeId)).size;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  ended = await simulate("language-selector", "voice", "+15550101", [{ type: "digits", digits: "1" }, { type: "hangup" }]);
  waitingChat = await simulate("appointment-confirmation", "chat", "+15550202", []);
  balance = await simulate("account-balance", "voice", "+15550303", []);
  await seedCalls();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the call logs in a real browser", () => {
  it("the simulations ran as planned", () => {
    expect(ended.status).toBe("ended");
    expect(new Set(ended.steps.map((step) => step.flowId))).toEqual(new Set(["language-selector", "support-line"]));
    expect(waitingChat.status).toBe("waiting");
  });

  it("signs in and lists every session, newest first", async () => {
    await page.goto(`${server.url}/designer`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/designer$/);
    await page.goto(`${server.url}/designer/logs`);
    await expect.poll(() => rows(page).count()).toBe(3);
    await expect.poll(() => rows(page).first().textContent()).toContain("Acme account balance line");
    expect(await rows(page).last().textContent()).toMatch(/Acme language selector.*v1.*simulator.*\+15550101.*Ended/);
    // The Call column: the call's direction and duration (answered → ended).
    await expect.poll(() => rows(page).last().locator("td").last().textContent()).toBe("Inbound · 1 min 5 s");
    expect(await rows(page).first().locator("td").last().textContent()).toBe("Inbound · Not answered");
    expect(await rows(page).nth(1).locator("td").last().textContent()).toBe("—");
  });

  it("filters by flow and status, keeping the filters in the URL", async () => {
    await page.getByLabel("Flow", { exact: true }).selectOption({ label: "Acme language selector" });
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(page.url()).toContain("flow=language-selector");

    await page.getByLabel("Flow", { exact: true }).selectOption({ value: "" });
    await page.getByLabel("Status").selectOption({ label: "Waiting" });
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.getByLabel("Channel").fill("nowhere");
    await expect.poll(() => page.getByRole("heading", { name: "No sessions match these filters" }).count()).toBe(1);
    await page.getByLabel("Channel").fill("simulator");
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(new URL(page.url()).search).toBe("?status=waiting&channel=simulator");

    // A shared link opens with the same filters.
    await page.goto(`${server.url}/designer/logs?flow=appointment-confirmation&status=waiting`);
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await page.getByLabel("Flow", { exact: true }).inputValue()).toBe("appointment-confirmation");
    expect(await rows(page).first().textContent()).toMatch(/Acme Dental appointment confirmation.*Waiting/);
    await screenshot(page, "call-logs-list");

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
    expect(new URL(page.url()).search).toBe("");
  });

  it("opens a session: its timeline, and its path on the canvas of each flow version it ran on", async () => {
    await page.getByLabel("Status").selectOption({ label: "Ended" });
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().getByRole("link").click();
    await page.waitForURL(new RegExp(`/designer/logs/${ended.id}$`));

    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect.poll(() => timeline.getByRole("listitem").count()).toBe(ended.steps.length);
    // The goto step names the flow it went to once the flow names have loaded.
    await expect.poll(() => timeline.textContent()).toContain("Continued in Acme support line · v1");
    // Each step and each node of the path canvas shows its type as an SVG icon (no emoji font needed).
    await expect
      .poll(() => page.evaluate(`[...document.querySelectorAll('ol.timeline .timeline-icon svg')].map((icon) => icon.getAttribute('data-node-icon'))`))
      .toEqual(ended.steps.map((step) => step.nodeType));

    const tabs = page.getByRole("tab");
    await expect.poll(() => tabs.allTextContents()).toEqual(["1Acme language selector · v1", "2Acme support line · v1"]);
    // The canvas opens on the flow the session ended in.
    expect(await page.getByRole("tab", { selected: true }).textContent()).toContain("Acme support line");
    const visited = page.locator(".react-flow__node.path-node-visited");
    await expect.poll(() => visited.count()).toBe(distinctNodes(ended.steps, "support-line"));
    expect(await page.locator(".react-flow__node.path-node-last").count()).toBe(1);
    const iconAreas = async () =>
      z
        .array(z.number())
        .parse(
          await page.evaluate(
            `[...document.querySelectorAll('.react-flow__node')].map((node) => { const svg = node.querySelector('.path-node-icon svg'); const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 }; return box.width * box.height; })`,
          ),
        );
    await expect.poll(async () => (await iconAreas()).length).toBeGreaterThan(0);
    await expect.poll(async () => (await iconAreas()).filter((area) => area <= 0)).toEqual([]);

    await page.getByRole("tab", { name: /Acme language selector/ }).click();
    await expect.poll(() => visited.count()).toBe(distinctNodes(ended.steps, "language-selector"));
    expect(distinctNodes(ended.steps, "language-selector")).toBe(4);
    expect(await page.locator(".react-flow__edge.path-edge-taken").count()).toBe(3);
    expect(await page.locator(".react-flow__node.path-node-last").count()).toBe(0);
    expect(await page.locator(".react-flow__node.path-node-visited .path-visit").allTextContents()).toEqual(["1", "2", "3", "4"]);
    await screenshot(page, "call-log-session-first-flow");

    // Choosing a step of the other flow switches the tab and centres its node.
    await timeline.getByRole("button", { name: /Business hours/ }).first().click();
    await expect.poll(() => page.getByRole("tab", { selected: true }).textContent()).toContain("Acme support line");
    await expect.poll(() => page.locator(".react-flow__node.path-node-selected").getAttribute("data-id")).toBe("hours");
    await expect.poll(() => visited.count()).toBe(distinctNodes(ended.steps, "support-line"));
    await page.waitForTimeout(400); // the centring animation
    await screenshot(page, "call-log-session");
  });

  it("shows the session's call: direction, channel, duration, who hung up, the agent, hold and talk time, why it ended, and plays its recording", async () => {
    expect(page.url()).toMatch(new RegExp(`/designer/logs/${ended.id}$`));
    const panel = page.getByRole("region", { name: "Call", exact: true });
    await expect.poll(() => panel.count()).toBe(1);
    const facts = async () =>
      Object.fromEntries(
        z
          .array(z.tuple([z.string(), z.string()]))
          .parse(await panel.locator(".call-facts > div").evaluateAll((items) => items.map((item) => [item.querySelector("dt")?.textContent ?? "", item.querySelector("dd")?.textContent ?? ""]))),
      );
    expect(await facts()).toMatchObject({
      Direction: "Inbound",
      Channel: "webvoice",
      Parties: "visitor-7",
      Duration: "1 min 5 s",
      "Hung up by": "The caller",
      "End reason": "Hung up",
      Agents: "Dana Agent",
      "Hold time": "4 s",
      "Talk time": "51 s", // Dana on it 55 s, less 4 s on hold
    });
    // The player loads the recording through the cookie-authenticated API (Range requests for its end): 3 s long.
    const player = panel.getByLabel("Recording of call");
    expect(await player.getAttribute("src")).toMatch(/^\/api\/calls\/[^/]+\/recording$/);
    await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.duration), { timeout: 10_000 }).toBeGreaterThan(0);
    const duration = await player.evaluate((audio: HTMLAudioElement) => audio.duration);
    expect(duration).toBeGreaterThan(2.9);
    expect(duration).toBeLessThan(3.1);
    await screenshot(page, "call-log-session-call");
  });

  it("lists the session's voicemails: ours plays through the API (2 s), Twilio's links to Twilio", async () => {
    const panel = page.getByRole("region", { name: "Recordings" });
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.textContent()).toContain("voicemail · 2 s · ended with #");
    const player = panel.getByLabel("Recording of voicemail");
    expect(await player.getAttribute("src")).toMatch(new RegExp(`^/api/sessions/${ended.id}/recordings/[^/]+$`));
    await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.duration), { timeout: 10_000 }).toBeGreaterThan(1.9);
    expect(await player.evaluate((audio: HTMLAudioElement) => audio.duration)).toBeLessThan(2.1);
    expect(await panel.getByRole("link", { name: /Play at Twilio/ }).getAttribute("href")).toMatch(new RegExp(`^/api/sessions/${ended.id}/recordings/`));
  });

  it("a call whose recording failed says so, and why it ended", async () => {
    await page.goto(`${server.url}/designer/logs/${balance.id}`);
    const panel = page.getByRole("region", { name: "Call", exact: true });
    await expect.poll(() => panel.textContent()).toContain("Recording failed: mix failed: ffmpeg exited with 1");
    const text = await panel.textContent();
    expect(text).toContain("DurationNot answered");
    expect(text).toContain("Hung up byThe system");
    expect(text).toContain("End reasonThe connection was lost");
    expect(text).toContain("AgentsNone");
    expect(await panel.locator("audio").count()).toBe(0);
  });

  it("a session without calls has no call panel", async () => {
    await page.goto(`${server.url}/designer/logs/${waitingChat.id}`);
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).count()).toBe(1);
    expect(await page.locator(".call-list").count()).toBe(0);
  });

  it("a waiting chat shows where it waits", async () => {
    await page.goto(`${server.url}/designer/logs/${waitingChat.id}`);
    await expect.poll(() => page.locator(".react-flow__node.path-node-visited").count()).toBe(distinctNodes(waitingChat.steps, "appointment-confirmation"));
    expect(await page.locator(".react-flow__node.path-node-last").getAttribute("data-id")).toBe("choice");
    expect(await page.getByRole("list", { name: "Timeline" }).textContent()).toContain("waiting for a choice");
    expect(await page.getByRole("region", { name: "Variables" }).textContent()).toContain("patient_name");
  });

  it("says so when a session does not exist", async () => {
    const before = consoleErrors.length;
    await page.goto(`${server.url}/designer/logs/no-such-session`);
    await expect.poll(() => page.getByRole("heading", { name: "Session not found" }).count()).toBe(1);
    // The browser reports the API's 404 for the missing session; nothing else may be logged.
    const logged = consoleErrors.splice(before);
    expect(logged.every((line) => line.includes("404"))).toBe(true);
    await page.getByRole("link", { name: "Back to the call logs" }).click();
    await page.waitForURL(/\/designer\/logs$/);
    await expect.poll(() => rows(page).count()).toBe(3);
  });

  it("a draft simulation is drawn on the current draft, with a note", async () => {
    const started = await server.api("POST", "/api/simulations", { flowId: "after-hours", source: "draft", channel: "voice" });
    expect(started.status, started.text).toBe(201);
    const { sessionId } = z.object({ sessionId: z.string() }).parse(started.body);
    await page.goto(`${server.url}/designer/logs/${sessionId}`);
    await expect.poll(() => page.getByRole("note").textContent()).toContain("it may have changed since");
    expect(await page.getByRole("tab").allTextContents()).toEqual(["Acme after-hours line · draft"]);
    await expect.poll(() => page.locator(".react-flow__node.path-node-visited").count()).toBeGreaterThan(0);
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
