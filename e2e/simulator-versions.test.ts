import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alwaysOpenSupportLine, type FlowJson, withNodeData } from "../runtime/test-support/example-flows";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";

/*
 * The simulator panel, the publish dialog and the versions panel in a real browser. The editor
 * page that will host them is being rebuilt, so a test-only page (e2e/fixtures/panels.tsx) mounts
 * them: it is built here with Vite and injected into a page of the runtime's origin, so the
 * session cookie and same-origin API calls work as in the app.
 */

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

let server: TestServer;
let browser: Browser;
let page: Page;
let bundleDir: string;
let script: string;
let style: string;
const consoleErrors: string[] = [];

async function buildHarness(): Promise<void> {
  bundleDir = mkdtempSync(join(tmpdir(), "switchboard-panels-"));
  await build({
    configFile: false,
    root: FIXTURES,
    plugins: [react()],
    logLevel: "warn",
    build: { outDir: bundleDir, emptyOutDir: true, chunkSizeWarningLimit: 4000, rollupOptions: { input: join(FIXTURES, "panels.html") } },
  });
  const assets = readdirSync(join(bundleDir, "assets"));
  const js = assets.filter((name) => name.endsWith(".js"));
  const css = assets.find((name) => name.endsWith(".css"));
  if (js.length !== 1 || !css) throw new Error(`expected one script and one stylesheet, got ${assets.join(", ")}`);
  script = join(bundleDir, "assets", js[0] ?? "");
  style = join(bundleDir, "assets", css);
}

/** Opens the harness for a flow: a same-origin page whose body is replaced by the panels. */
async function openPanels(flowId: string): Promise<void> {
  await page.goto(`${server.url}/health?flow=${encodeURIComponent(flowId)}`);
  await page.evaluate(() => {
    document.head.innerHTML = '<meta charset="utf-8"><title>panels</title>';
    document.body.innerHTML = '<div id="panels"></div>';
  });
  await page.addStyleTag({ path: style });
  await page.addScriptTag({ path: script, type: "module" });
  await page.getByRole("region", { name: "Simulator" }).waitFor();
}

async function saveDraft(document: FlowJson): Promise<number> {
  const current = await server.api("GET", `/api/flows/${document.id}`);
  expect(current.status, current.text).toBe(200);
  const { revision } = current.body as { revision: number };
  const saved = await server.api("PUT", `/api/flows/${document.id}`, { document, baseRevision: revision });
  expect(saved.status, saved.text).toBe(200);
  return (saved.body as { revision: number }).revision;
}

const transcript = () => page.getByRole("log", { name: "Transcript" });
const status = () => page.getByRole("status", { name: "Simulation status" });
const output = (name: string) => page.getByRole("status", { name }).or(page.locator(`output[aria-label="${name}"]`));
const simulator = () => page.getByRole("region", { name: "Simulator" });

beforeAll(async () => {
  [server] = await Promise.all([startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), buildHarness()]);
  // The seeded support line keeps New York business hours; its draft is open around the clock.
  const open = alwaysOpenSupportLine("support-line", { name: "Acme support line" });
  await saveDraft(open);
  // A line whose menu times out after a second (its transfers after 5 s), to see timers act on their own.
  const quick = withNodeData(alwaysOpenSupportLine("quick-line", { menuTimeoutSeconds: 1, menuMaxRetries: 1, transferTimeoutSeconds: 5 }), "welcome", {
    prompt: { text: "Quick line.", audio: "quick-welcome" },
  });
  expect((await server.api("POST", "/api/flows", quick)).status).toBe(201);

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
  expect(login.status()).toBe(200);
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe("the simulator panel", () => {
  it("voice: the support line to a transfer with the keypad, the current node reported as it goes", async () => {
    await openPanels("support-line");
    await simulator().getByRole("button", { name: "Start" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Thank you for calling Acme");
    await expect.poll(() => transcript().textContent()).toContain("Waiting for a key or speech: 1 Sales · 2 Support · 3 Billing");
    await expect.poll(() => output("Current node").textContent()).toBe("main_menu");
    expect(await simulator().getByLabel("Say").count()).toBe(1); // the menu listens for speech too

    await simulator().getByRole("button", { name: "Key 2" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Pressed 2");
    await expect.poll(() => transcript().textContent()).toContain("Transferring to team support (normal priority)…");
    await expect.poll(() => output("Current node").textContent()).toBe("to_support");
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).textContent()).toContain('nodes.main_menu{"key":"2","label":"Support"}');
    expect(await output("Visited nodes").textContent()).toBe("main_menu → to_support");
    await expect.poll(() => page.getByRole("group", { name: "Transfer" }).textContent()).toContain("Transferring to team support");
    await screenshot(page, "simulator-voice-transfer");

    await page.getByRole("group", { name: "Transfer" }).getByRole("button", { name: "Agent answered" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Thank you for calling Acme. Have a great day.");
    await expect.poll(() => status().textContent()).toBe("Ended: the flow hung up (hangup_node)");
    expect(await output("Current node").textContent()).toBe("goodbye");
    expect(await simulator().getByRole("button", { name: "Hang up" }).isDisabled()).toBe(true);
  });

  it("voice: the timeout button, then typing a key on the focused keypad, then no agent", async () => {
    await simulator().getByRole("button", { name: "Restart" }).click();
    await expect.poll(() => status().textContent()).toBe("Waiting for input at main_menu");
    expect(await transcript().textContent()).not.toContain("Pressed 2");
    await simulator().getByRole("button", { name: "No input (timeout)" }).click();
    await expect.poll(() => transcript().textContent()).toContain("No input (timeout)");
    await expect.poll(() => transcript().textContent()).toContain("I didn't hear a selection.");

    await simulator().getByRole("group", { name: "Keypad" }).focus();
    await page.keyboard.press("3");
    await expect.poll(() => transcript().textContent()).toContain("Pressed 3");
    await expect.poll(() => output("Current node").textContent()).toBe("to_billing");
    await page.getByRole("group", { name: "Transfer" }).getByRole("button", { name: "No answer" }).click();
    await expect.poll(() => transcript().textContent()).toContain("All of our team members are still helping");
    await expect.poll(() => output("Current node").textContent()).toBe("all_busy");
    await screenshot(page, "simulator-voice-timeout");
  });

  it("voice: timers act on their own while the panel waits, and the panel shows it", async () => {
    await openPanels("quick-line");
    await simulator().getByRole("button", { name: "Start" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Waiting for a key or speech");
    // the audio route does not exist yet: the prompt names its clip instead of playing it
    await expect.poll(() => transcript().textContent()).toContain("(audio: quick-welcome)");
    // nobody presses anything: the menu times out twice (1 s each), the transfer once (5 s)
    await expect.poll(() => transcript().textContent(), { timeout: 15_000 }).toContain("Timed out at main_menu: no input, asked again");
    await expect.poll(() => transcript().textContent(), { timeout: 15_000 }).toContain("Timed out at to_support: no agent answered");
    await expect.poll(() => status().textContent(), { timeout: 15_000 }).toBe("Ended: the flow hung up (hangup_node)");
    expect(await output("Current node").textContent()).toBe("all_busy");
    expect(await page.locator(".sim-line-timed-out").count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, "simulator-timers");
  });

  it("voice: a gather buffers keys until # and sends the entry", async () => {
    await openPanels("account-balance");
    await simulator().getByRole("button", { name: "Start" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Waiting for 6–10 digits, end with #");
    for (const key of ["1", "2", "3", "4", "5"]) await simulator().getByRole("button", { name: `Key ${key}` }).click();
    await simulator().getByRole("group", { name: "Keypad" }).focus();
    await page.keyboard.type("6");
    await expect.poll(() => simulator().getByRole("status", { name: "Digits typed" }).textContent()).toBe("123456");
    expect(await transcript().textContent()).not.toContain("Pressed");
    await page.keyboard.press("#");
    await expect.poll(() => transcript().textContent()).toContain("Pressed 123456");
    await expect.poll(() => transcript().textContent()).toContain("HTTP GET https://api.acme.example/accounts/123456/balance");
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).textContent()).toContain("vars.account_number123456");
    await screenshot(page, "simulator-gather");
  });

  it("chat: appointment confirmation with option buttons, variables live", async () => {
    await openPanels("appointment-confirmation");
    await simulator().getByText("Chat", { exact: true }).click();
    await simulator().getByLabel("Run").selectOption("published");
    await simulator().getByRole("button", { name: "Start" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Hi there, this is Acme Family Dental.");
    const options = transcript().getByRole("group", { name: "Options" });
    await expect.poll(() => options.getByRole("button").allTextContents()).toEqual(["Confirm", "Reschedule", "Cancel"]);
    expect(await simulator().getByRole("group", { name: "Keypad" }).count()).toBe(0);
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).textContent()).toContain("vars.appointment_statuspending");

    await options.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => transcript().textContent()).toContain("Tapped “Confirm”");
    await expect.poll(() => transcript().textContent()).toContain("HTTP POST https://api.acme.example/appointments//status");
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).textContent()).toContain("vars.appointment_statusconfirmed");
    await expect.poll(() => output("Editor variables").textContent()).toContain('"appointment_status":"confirmed"');
    expect(await options.getByRole("button", { name: "Confirm" }).isDisabled()).toBe(true);
    // the placeholder API cannot be reached: the HTTP node fails and the flow goes to the front desk
    await expect.poll(() => transcript().textContent()).toContain("Transferring to team support (high priority)…");
    expect(await transcript().textContent()).toContain("Sorry, we couldn't save your answer automatically.");
    await expect.poll(() => status().textContent()).toBe("Waiting for an agent at save_failed");
    await expect.poll(() => page.getByRole("group", { name: "Transfer" }).textContent()).toContain("team support");
    await screenshot(page, "simulator-chat");

    await simulator().getByRole("button", { name: "Hang up" }).click();
    await expect.poll(() => status().textContent()).toBe("Ended: the caller left while waiting for an agent (abandoned)");
  });

  it("chat: free text answers the menu", async () => {
    await simulator().getByRole("button", { name: "Restart" }).click();
    await expect.poll(() => status().textContent()).toBe("Waiting for a reply at choice");
    await simulator().getByLabel("Message").fill("I need to cancel");
    await simulator().getByRole("button", { name: "Send" }).click();
    await expect.poll(() => transcript().textContent()).toContain("I need to cancel");
    await expect.poll(() => page.getByRole("region", { name: "Variables" }).textContent()).toContain("vars.appointment_statuscancelled");
  });
});

describe("publishing and versions", () => {
  it("the publish dialog shows what changed and publishes with a note", async () => {
    const draft = alwaysOpenSupportLine("support-line", { name: "Acme support line" });
    draft.nodes.push({ id: "survey", type: "greeting", label: "Survey", position: { x: 520, y: 880 }, data: { prompt: { text: "One question." } } });
    await saveDraft(draft);
    await openPanels("support-line");
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    const changes = dialog.getByRole("region", { name: "Changes" });
    await expect.poll(() => changes.textContent()).toContain("Changes against the live version (v1)");
    expect(await changes.getByRole("group", { name: "Added" }).textContent()).toContain("Survey");
    expect(await changes.getByRole("group", { name: "Changed" }).textContent()).toContain("Business hours");
    expect(await changes.getByRole("group", { name: "Changed" }).textContent()).toContain("settings changed");
    expect(await changes.getByRole("group", { name: "Removed" }).count()).toBe(0);
    expect(await dialog.getByRole("region", { name: "Diagnostics" }).textContent()).toContain("node_unreachable");
    await screenshot(page, "publish-dialog");

    await dialog.getByLabel("Note").fill("Open around the clock; survey");
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => output("Published").textContent()).toBe("v2: Open around the clock; survey");
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => page.getByRole("region", { name: "Versions" }).getByRole("listitem").first().textContent()).toMatch(/v2\s*live/);
  });

  it("refuses while the draft has errors, and shows a stale revision's 409", async () => {
    const broken = { ...alwaysOpenSupportLine("support-line", { name: "Acme support line" }), entry: "nowhere" };
    const revision = await saveDraft(broken);
    await page.getByRole("button", { name: "Reload revision" }).click();
    await expect.poll(() => page.getByLabel("Editor revision").inputValue()).toBe(String(revision));
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    await expect.poll(() => dialog.getByRole("region", { name: "Diagnostics" }).textContent()).toContain("entry_missing");
    expect(await dialog.getByRole("alert").textContent()).toContain("Publishing is refused while the draft has 1 error");
    expect(await dialog.getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "publish-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // a valid draft, but the editor still has the old revision: the server answers 409
    await saveDraft(alwaysOpenSupportLine("support-line", { name: "Acme support line" }));
    await page.getByRole("button", { name: "Publish…" }).click();
    await expect.poll(() => dialog.getByRole("region", { name: "Changes" }).count()).toBe(1);
    expect(await dialog.getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(false);
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toContain(`it is now at revision ${revision + 1}, you have ${revision}`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    const versions = (await server.api("GET", "/api/flows/support-line/versions")).body as unknown[];
    expect(versions).toHaveLength(2);
  });

  it("the versions panel lists versions, views one and rolls back", async () => {
    const panel = page.getByRole("region", { name: "Versions" });
    const v1 = panel.getByRole("listitem", { name: "Version 1" });
    const v2 = panel.getByRole("listitem", { name: "Version 2" });
    expect(await v1.textContent()).toContain("example flow");
    expect(await v1.textContent()).toContain("switchboard");
    expect(await v2.textContent()).toContain("Open around the clock; survey");
    expect(await v2.getByRole("button", { name: "Roll back" }).count()).toBe(0); // the live one

    await v1.getByRole("button", { name: "View" }).click();
    await expect.poll(() => output("Viewing").textContent()).toBe("v1: 10 nodes");

    await v1.getByRole("button", { name: "Roll back" }).click();
    const confirm = page.getByRole("dialog", { name: "Roll back" });
    await confirm.getByRole("button", { name: "Roll back to v1" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Rolled back" }).count()).toBe(1);
    expect(await page.getByText("Rolled back: version 1 is live again as version 3").count()).toBe(1);
    await expect.poll(() => output("Rollbacks").textContent()).toBe("1");
    await expect.poll(() => panel.getByRole("listitem", { name: "Version 3" }).textContent()).toMatch(/v3\s*live/);
    expect(await panel.getByRole("listitem", { name: "Version 2" }).getByRole("button", { name: "Roll back" }).count()).toBe(1);
    await screenshot(page, "versions-panel");
    const draft = (await server.api("GET", "/api/flows/support-line")).body as { document: { nodes: unknown[] } };
    expect(draft.document.nodes).toHaveLength(10);
  });

  it("logged no console errors", () => {
    // expected: the stale publish's 409, the favicon of the /health page the harness lives in, and
    // the prompt audio the panel tries before naming it (the /audio route is not built yet)
    const expected = [/status of 409 .*\/api\/flows\/support-line\/publish\)$/, /status of 404 .*\/favicon\.ico\)$/, /status of 404 .*\/audio\/quick-welcome\.ogg\)$/];
    expect(consoleErrors.filter((error) => !expected.some((pattern) => pattern.test(error)))).toEqual([]);
  });
});
