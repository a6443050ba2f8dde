import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowDocument } from "../flow-schema/document";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

/** Says a line and hangs up: each session completes in the flow. */
const notice = FlowDocument.parse({
  schemaVersion: 1,
  id: "notice",
  name: "Notice",
  entry: "bye",
  nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: { prompt: { text: "We are closed today." } } }],
  edges: [],
});

async function chats(type: "webchat" | "telegram", count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await server.runner.start({ flowId: "notice", source: "published", channel: { kind: "chat", type }, contact: `${type}-${index}` });
  }
}

/** The tile's figure, by its label. */
const tile = (label: string) => page.locator(".dashboard-tile").filter({ has: page.getByText(label, { exact: true }) }).locator(".dashboard-tile-value");

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" });
  expect((await server.api("POST", "/api/flows/import", notice)).status).toBe(201);
  expect((await server.api("POST", "/api/flows/notice/publish", { note: "dashboard test" })).status).toBe(201);
  await chats("webchat", 3);
  await chats("telegram", 2);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, timezoneId: "Asia/Kathmandu" });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${server.url}/dashboard?range=today`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the dashboard in a real browser", () => {
  it("shows today's sessions and outcomes from the rollups, in the browser's zone, with the nav leading to it", async () => {
    expect(await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page");
    await expect.poll(() => tile("Sessions started").textContent(), { timeout: 10_000 }).toBe("5");
    // ICU may name it by its older spelling, Asia/Katmandu.
    await expect.poll(() => page.getByText(/Times are Asia\/Kath?mandu's\./).count()).toBe(1);
    const outcomes = page.getByRole("list", { name: "Outcomes" });
    await expect.poll(() => outcomes.getByRole("listitem").filter({ hasText: "Completed in the flow" }).locator(".outcome-count").textContent()).toBe("5");
    expect(await page.locator(".dashboard-chart canvas").count()).toBeGreaterThan(0);
    await screenshot(page, "dashboard");
  });

  it("the sessions chart as a table: today's hours in Kathmandu, webchat 3 and telegram 2; its CSV has the same rows", async () => {
    const panel = page.locator(".dashboard-panel").filter({ has: page.getByRole("heading", { name: "Sessions by channel" }) });
    await panel.getByRole("button", { name: "Show table" }).click();
    const table = panel.getByRole("table");
    const header = await table.locator("thead th").allTextContents();
    expect(header[0]).toBe("Hour");
    expect(header).toContain("webchat");
    expect(header).toContain("telegram");
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(rows).toHaveLength(24);
    const total = (column: string) => rows.reduce((sum, row) => sum + Number(row[header.indexOf(column)]), 0);
    expect([total("webchat"), total("telegram"), total("Total")]).toEqual([3, 2, 5]);
    // Kathmandu is UTC+5:45: its hours start at :00 local.
    expect(rows[0]?.[0]).toMatch(/ 00:00$/);

    const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("sessions-by-channel.csv");
    const path = await download.path();
    const lines = readFileSync(path, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe(header.join(","));
    expect(lines.slice(1)).toEqual(rows.map((row) => row.join(",")));
  });

  it("the live tiles: an agent's console coming online and going away is pushed without a reload", async () => {
    const value = (label: string) => page.getByRole("group", { name: label }).locator(".dashboard-tile-value");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Live" }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => value("Calls in progress").textContent()).toBe("0");
    await expect.poll(() => value("Waiting now").textContent()).toBe("0");
    const created = await server.store.users.createUser({ email: "ana@acme.test", name: "Ana", role: "agent", password: "a long password 123" });
    if (!created.ok) throw new Error("no agent");
    await expect.poll(() => page.getByRole("group", { name: "Agents away" }).textContent(), { timeout: 10_000 }).toContain("1 offline");
    server.rooms.presence.connect(created.value.id, "socket-ana");
    await expect.poll(() => value("Agents available").textContent(), { timeout: 10_000 }).toBe("1");
    server.rooms.presence.disconnect("socket-ana");
    await expect.poll(() => value("Agents available").textContent(), { timeout: 10_000 }).toBe("0");
  });

  it("a filter changes the figures and stays in the URL: telegram only is 2", async () => {
    await page.getByLabel("Channel type", { exact: true }).fill("telegram");
    await expect.poll(() => tile("Sessions started").textContent(), { timeout: 10_000 }).toBe("2");
    expect(new URL(page.url()).searchParams.get("channelType")).toBe("telegram");
    await page.reload();
    await expect.poll(() => tile("Sessions started").textContent(), { timeout: 10_000 }).toBe("2");
    expect(await page.getByLabel("Channel type", { exact: true }).inputValue()).toBe("telegram");
    expect(consoleErrors).toEqual([]);
  });
});
