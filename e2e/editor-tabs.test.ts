import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";

const WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** The support line, open around the clock, so a simulated call reaches the menu whatever the time. */
function alwaysOpenSupportLine(id: string) {
  const doc = JSON.parse(readFileSync(new URL("../examples/support-line.json", import.meta.url), "utf8"));
  doc.id = id;
  doc.name = "Always-open line";
  for (const node of doc.nodes) {
    if (node.type === "timing") {
      node.data.schedule = Object.fromEntries(WEEK.map((day) => [day, [{ start: "00:00", end: "24:00" }]]));
      node.data.holidays = [];
    }
  }
  return doc;
}

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await server.api("POST", "/api/flows", alwaysOpenSupportLine("open-line"));
  await server.api("POST", "/api/flows/open-line/publish", { note: "first" });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${server.url}/designer/flows/open-line`);
  await page.locator(".flow-node").first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the editor's Simulator and Versions tabs", () => {
  it("simulates a call to the transfer, highlighting the current node on the canvas", async () => {
    await page.getByRole("tab", { name: "Simulator" }).click();
    const simulator = page.getByRole("region", { name: "Simulator" });
    await simulator.getByRole("button", { name: "Start" }).click();
    await expect.poll(() => page.locator('.flow-node.is-current[data-node-id="main_menu"]').count()).toBe(1);
    await simulator.getByRole("button", { name: "Key 2" }).click();
    await expect.poll(() => simulator.getByRole("group", { name: "Transfer" }).textContent()).toContain("Transferring to team support");
    await expect.poll(() => page.locator('.flow-node.is-current[data-node-id="to_support"]').count()).toBe(1);
    expect(await page.locator('.flow-node.is-on-path[data-node-id="main_menu"]').count()).toBe(1);
    await screenshot(page, "editor-simulator-transfer");
    await simulator.getByRole("group", { name: "Transfer" }).getByRole("button", { name: "No answer" }).click();
    await expect.poll(() => simulator.getByRole("status", { name: "Simulation status" }).textContent()).toMatch(/ended/i);
  });

  it("publishes a change, views a version read-only and rolls back", async () => {
    await page.getByRole("tab", { name: "Versions" }).click();
    // Make a change in the draft through the API and bring it into the editor by reloading the page.
    const draft = alwaysOpenSupportLine("open-line");
    draft.name = "Always-open line, v2";
    const current = (await server.api("GET", "/api/flows/open-line")).body as { revision: number };
    await server.api("PUT", "/api/flows/open-line", { document: draft, baseRevision: current.revision });
    await page.reload();
    await page.getByRole("tab", { name: "Versions" }).click();
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    await dialog.getByLabel("Note").fill("renamed");
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    const panel = page.getByRole("region", { name: "Versions" });
    await expect.poll(() => panel.getByRole("listitem").count()).toBe(2);

    await panel.getByRole("listitem", { name: "Version 1" }).getByRole("button", { name: "View" }).click();
    await expect.poll(() => page.getByText(/Viewing version 1/).count()).toBeGreaterThan(0);
    await screenshot(page, "editor-version-read-only");
    await page.getByRole("button", { name: "Back to the draft" }).click();

    await panel.getByRole("listitem", { name: "Version 1" }).getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("dialog", { name: "Roll back" }).getByRole("button", { name: "Roll back to v1" }).click();
    await expect.poll(() => panel.getByRole("listitem").count()).toBe(3);
    const flow = (await server.api("GET", "/api/flows/open-line")).body as { publishedVersion: number; name: string };
    expect(flow).toMatchObject({ publishedVersion: 3, name: "Always-open line" });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toContain("Always-open line");
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
