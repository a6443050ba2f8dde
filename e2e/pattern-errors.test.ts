import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { inspector, node } from "./support/editor-page";

/**
 * A pattern the linear-time engine cannot run (lookaround, backreferences) is shown next to its
 * field in the inspector: the gather's pattern and a condition rule's right side.
 */

const FLOW_ID = "pattern-errors-e2e";
const position = (y: number) => ({ x: 0, y });

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const created = await server.api("POST", "/api/flows", {
    schemaVersion: 1,
    id: FLOW_ID,
    name: "Pattern errors",
    entry: "pin",
    nodes: [
      { id: "pin", type: "gather", position: position(0), data: { prompt: { text: "Your PIN?" }, storeAs: "pin", pattern: "^(?!0000)\\d{4}$" } },
      { id: "route", type: "condition", position: position(260), data: { rules: [{ id: "ones", left: "{{vars.pin}}", operator: "matches", right: "^1" }] } },
      { id: "bye", type: "hangup", position: position(520), data: { prompt: { text: "Goodbye." } } },
    ],
    edges: [
      { id: "pin-next", source: "pin", sourceHandle: "next", target: "route" },
      { id: "route-ones", source: "route", sourceHandle: "match:ones", target: "bye" },
      { id: "route-none", source: "route", sourceHandle: "no_match", target: "bye" },
    ],
  });
  expect(created.status, created.text).toBe(201);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(8000);
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/designer$/);
  await page.goto(`${server.url}/designer/flows/${FLOW_ID}`);
  await node(page, "pin").waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("patterns the engine cannot run, in the inspector", () => {
  it("under the gather's pattern field, until it is rewritten", async () => {
    await node(page, "pin").click();
    const field = inspector(page).locator(".field", { has: page.getByRole("textbox", { name: "Pattern (regular expression)" }) });
    await expect.poll(() => field.locator(".field-errors").textContent()).toContain("negative lookahead (?!…) is not supported");
    await expect.poll(() => node(page, "pin").locator(".problem-badge-error").count()).toBe(1);
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, "pattern-error-gather");
    await page.getByRole("textbox", { name: "Pattern (regular expression)" }).fill("^(?:[1-9]\\d{3}|0\\d{2}[1-9]|0\\d[1-9]\\d|0[1-9]\\d\\d)$");
    await expect.poll(() => field.locator(".field-errors").count()).toBe(0);
    await expect.poll(() => node(page, "pin").locator(".problem-badge-error").count()).toBe(0);
  });

  it("under a condition rule's pattern, as it is typed", async () => {
    await node(page, "route").click();
    const right = inspector(page).getByRole("textbox", { name: "Pattern", exact: true });
    await right.fill("^(\\d)\\1");
    const field = inspector(page).locator(".field", { has: page.getByRole("textbox", { name: "Pattern", exact: true }) });
    await expect.poll(() => field.locator(".field-errors").textContent()).toContain("backreference \\1 is not supported");
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, "pattern-error-condition");
    await right.fill("(?i)^1");
    await expect.poll(() => field.locator(".field-errors").count()).toBe(0);
  });

  it("the import dialog notes a pattern the engine cannot run, naming the node and the pointer", async () => {
    await page.goto(`${server.url}/designer`);
    await page.getByRole("button", { name: "Import…" }).click();
    const legacy = {
      schemaVersion: 1,
      id: "legacy-lookbehind",
      name: "Legacy lookbehind",
      entry: "route",
      nodes: [
        { id: "route", type: "condition", position: position(0), data: { rules: [{ id: "plus", left: "{{caller.phone}}", operator: "matches", right: "(?<=\\+)49" }] } },
        { id: "bye", type: "hangup", position: position(260), data: {} },
      ],
      edges: [{ id: "route-none", source: "route", sourceHandle: "no_match", target: "bye" }],
    };
    await page.getByLabel("Or paste JSON").fill(JSON.stringify(legacy));
    await page.getByRole("button", { name: "Check" }).click();
    const preview = page.getByRole("region", { name: "Import preview" });
    await expect.poll(() => preview.textContent()).toContain("Import notes: 1 thing to check");
    expect(await preview.getByRole("list", { name: "Import notes" }).textContent()).toContain(
      'node "route", /nodes/0/data/rules/0/right: /(?<=\\+)49/ cannot run: lookbehind (?<=…) is not supported',
    );
    await screenshot(page, "pattern-import-note");
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
