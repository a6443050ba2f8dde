import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";


let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the flows list in a real browser", () => {
  it("signs in and lists the example flows with their status", async () => {
    await page.goto(`${server.url}/designer`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/designer$/);
    await expect.poll(() => page.getByRole("link", { name: "Acme support line" }).count()).toBe(1);
    const row = page.getByRole("row", { name: /Acme support line/ });
    await expect.poll(() => row.textContent()).toMatch(/Published.*live v1/);
    await screenshot(page, "flows-list");
  });

  it("creates a flow and opens it on the canvas", async () => {
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByRole("dialog", { name: "New flow" }).getByLabel("Name").fill("Holiday hotline");
    await page.getByRole("dialog", { name: "New flow" }).getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/designer\/flows\/holiday-hotline-/);
    await expect.poll(() => page.getByRole("heading", { name: "Holiday hotline" }).count()).toBe(1);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(2);
    await screenshot(page, "new-flow-canvas");
    await page.getByRole("link", { name: "Flows" }).first().click();
    await page.waitForURL(/\/designer$/);
    await expect.poll(() => page.getByRole("row", { name: /Holiday hotline/ }).textContent()).toMatch(/Draft, never published/);
  });

  it("renames, duplicates and deletes", async () => {
    const row = page.getByRole("row", { name: /Holiday hotline/ });
    await row.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: "Rename flow" });
    await rename.getByLabel("Name").fill("Winter hotline");
    await rename.getByRole("button", { name: "Rename" }).click();
    await expect.poll(() => page.getByRole("row", { name: /Winter hotline/ }).count()).toBe(1);

    await page.getByRole("row", { name: /Winter hotline/ }).getByRole("button", { name: "Duplicate" }).click();
    await expect.poll(() => page.getByRole("row", { name: /Copy of Winter hotline/ }).count()).toBe(1);

    await page.getByRole("row", { name: /Copy of Winter hotline/ }).getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete flow" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.getByRole("row", { name: /Copy of Winter hotline/ }).count()).toBe(0);
    expect((server.logs.filter((line) => line.startsWith("DELETE /api/flows/")) ?? []).length).toBe(1);
  });

  it("imports pasted JSON after showing its diagnostics", async () => {
    const exported = await server.api("GET", "/api/flows/after-hours/export");
    const document = { ...JSON.parse(exported.text), id: "after-hours-imported", name: "Imported after-hours", entry: "nowhere" };
    await page.getByRole("button", { name: "Import…" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a flow" });
    await dialog.getByLabel("Or paste JSON").fill(JSON.stringify(document));
    await dialog.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => dialog.getByRole("region", { name: "Import preview" }).textContent()).toContain("entry_missing");
    await screenshot(page, "import-preview");
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/designer\/flows\/after-hours-imported$/);
    await expect.poll(() => page.getByRole("complementary", { name: "Validation" }).textContent()).toContain("entry_missing");
  });

  it("exports a flow as a JSON file", async () => {
    await page.goto(`${server.url}/designer`);
    const download = page.waitForEvent("download");
    await page.getByRole("row", { name: /Acme support line/ }).getByRole("link", { name: "Export" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("support-line.json");
  });

  it("export → import → export through the UI is byte-for-byte stable", async () => {
    await page.goto(`${server.url}/designer`);
    const exportOnce = async () => {
      const download = page.waitForEvent("download");
      await page.getByRole("row", { name: /Acme account balance line/ }).getByRole("link", { name: "Export" }).click();
      const path = await (await download).path();
      return readFileSync(path, "utf8");
    };
    const first = await exportOnce();
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-export-")), "account-balance.json");
    writeFileSync(file, first);

    await page.getByRole("button", { name: "Import…" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a flow" });
    await dialog.getByLabel("JSON file").setInputFiles(file);
    await expect.poll(() => dialog.getByRole("region", { name: "Import preview" }).count()).toBe(1);
    await dialog.getByLabel(/replace its draft/).check();
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/designer\/flows\/account-balance$/);
    await page.goto(`${server.url}/designer`);
    const second = await exportOnce();
    expect(second).toBe(first);
  });

  it("imports a Twilio Studio export with the same preview: notes with pointers into the file, placeholders on the canvas", async () => {
    // The flow its run-subflow calls, imported first under the called Studio flow's SID, as the report asks.
    const child = {
      states: [
        { name: "Trigger", type: "trigger", transitions: [{ event: "incomingParent", next: "check" }], properties: { offset: { x: 0, y: 0 } } },
        { name: "check", type: "say-play", transitions: [{ event: "audioComplete" }], properties: { say: "Checking {{flow.data.phone}}", offset: { x: 0, y: 200 } } },
      ],
      initial_state: "Trigger",
    };
    expect((await server.api("POST", "/api/flows/import?id=FW00000000000000000000000000000002", child)).status).toBe(201);
    await page.goto(`${server.url}/designer`);
    await page.getByRole("button", { name: "Import…" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a flow" });
    await dialog.getByLabel("JSON file").setInputFiles(fileURLToPath(new URL("../examples/studio/not-yet-converted.json", import.meta.url)));
    await expect.poll(() => dialog.getByRole("region", { name: "Import preview" }).textContent()).toContain("placeholder_node");
    const notes = (await dialog.getByRole("list", { name: "Import notes" }).textContent()) ?? "";
    expect(notes).toContain('capture-payments becomes a placeholder: Switchboard has no node for the widget type "capture-payments"');
    expect(notes).toContain("/states/8/type");
    await screenshot(page, "import-studio-preview");
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/designer\/flows\/imported-studio$/);
    await expect.poll(() => page.getByText("Not converted: Twilio Studio").count()).toBe(2);
    await expect.poll(() => page.getByRole("complementary", { name: "Validation" }).textContent()).toContain("placeholder_node");
  });

  it("logged no console errors", () => {
    expect(consoleErrors, JSON.stringify(consoleErrors)).toEqual([]);
  });
});
