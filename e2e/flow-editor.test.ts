import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PALETTE_NODE_TYPES } from "../flow-schema/nodes/catalog";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { centre, dragMouse, handle, inspector, node, saveStatus, type StoredFlow, storedFlow } from "./support/editor-page";

const FLOW_ID = "editor-e2e";

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

/** The browser logs every failed request; the 409 of a conflicting save is expected here, and handled. */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes("status of 409 (Conflict)"));

async function stored(): Promise<StoredFlow> {
  return storedFlow(server, FLOW_ID);
}

async function signIn(target: Page): Promise<void> {
  await target.goto(`${server.url}/login`);
  await target.getByLabel("Email").fill(ADMIN.email);
  await target.getByLabel("Password").fill(ADMIN.password);
  await target.getByRole("button", { name: "Sign in" }).click();
  await target.waitForURL(/\/designer$/);
}

async function openFlow(target: Page, id = FLOW_ID): Promise<void> {
  await target.goto(`${server.url}/designer/flows/${id}`);
  await target.locator(".react-flow__node").first().waitFor();
}

/** Clicks an empty spot of the canvas (deselects, and takes the focus out of the inspector). */
async function clickPane(target: Page): Promise<void> {
  const box = await target.locator(".react-flow__pane").boundingBox();
  if (!box) throw new Error("no canvas");
  await target.mouse.click(box.x + 12, box.y + 12);
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const created = await server.api("POST", "/api/flows", {
    schemaVersion: 1,
    id: FLOW_ID,
    name: "Editor test line",
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", label: "Welcome", position: { x: 0, y: 0 }, data: { prompt: { text: "Welcome to the test line." } } },
      { id: "goodbye", type: "hangup", label: "Goodbye", position: { x: 0, y: 260 }, data: { prompt: { text: "Goodbye." } } },
    ],
    edges: [{ id: "welcome-next", source: "welcome", sourceHandle: "next", target: "goodbye" }],
  });
  expect(created.status).toBe(201);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(8000);
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  await signIn(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the flow editor in a real browser", () => {
  it("places nodes from the palette by drag and drop and by keyboard", async () => {
    await openFlow(page);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(2);
    await expect.poll(() => page.getByRole("complementary", { name: "Node palette" }).getByRole("button").count()).toBe(PALETTE_NODE_TYPES.length);
    // At 1366×768 the palette, canvas and side panel sit side by side and the page does not scroll.
    const palette = await page.getByRole("complementary", { name: "Node palette" }).boundingBox();
    const canvas = await page.getByRole("region", { name: "Flow canvas" }).boundingBox();
    const panel = await page.getByRole("region", { name: "Side panel" }).boundingBox();
    if (!palette || !canvas || !panel) throw new Error("missing a panel");
    expect(palette.x + palette.width).toBeLessThanOrEqual(canvas.x + 1);
    expect(canvas.x + canvas.width).toBeLessThanOrEqual(panel.x + 1);
    expect(canvas.width).toBeGreaterThan(700);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(768);

    const pane = page.locator(".react-flow__pane");
    const paneBox = await pane.boundingBox();
    if (!paneBox) throw new Error("no canvas");
    await page.getByRole("button", { name: /^Add Menu:/ }).dragTo(pane, { targetPosition: { x: paneBox.width * 0.75, y: paneBox.height * 0.45 } });
    await expect.poll(() => node(page, "menu-1").count()).toBe(1);
    await expect.poll(() => inspector(page).getAttribute("aria-label")).toBe("Edit menu-1");

    await page.getByRole("button", { name: /^Add Transfer to team:/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => node(page, "transfer-1").count()).toBe(1);
    await screenshot(page, "editor-placed-nodes");
  });

  it("connects handles by dragging, replacing a handle's edge", async () => {
    await page.getByRole("toolbar", { name: "Editor actions" }).getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400); // the fit is animated
    await dragMouse(page, handle(page, "welcome", "next"), handle(page, "menu-1", "in"));
    await expect.poll(() => page.locator('.react-flow__edge[data-id="welcome-next"]').count()).toBe(1);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    // Dropping on a node's body connects to its input too.
    await dragMouse(page, handle(page, "menu-1", "option:1"), node(page, "transfer-1").locator(".flow-node-body"));
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await expect.poll(() => page.locator(".react-flow__edge-text").allTextContents()).toContain("1 · Sales");
  });

  it("edits a node in the inspector; a new menu option adds a handle", async () => {
    await node(page, "menu-1").click();
    const form = inspector(page);
    await form.getByRole("textbox", { name: "Text" }).first().fill("Press 1 for sales, 2 for support, 3 for billing.");
    await form.getByRole("button", { name: "+ Add option" }).click();
    await expect.poll(() => handle(page, "menu-1", "option:3").count()).toBe(1);
    await form.getByRole("listitem", { name: "Option 3" }).getByRole("textbox", { name: "Label" }).fill("Billing");
    await expect.poll(() => node(page, "menu-1").textContent()).toContain("3 · Billing");
    // Without a mouse: the inspector's Connections section.
    await form.getByRole("combobox", { name: "Too many tries" }).selectOption("goodbye");
    await expect.poll(() => page.locator('.react-flow__edge[data-id="menu-1-max_retries"]').count()).toBe(1);
    await form.getByLabel("Label").first().fill("Main menu");
    await expect.poll(() => node(page, "menu-1").locator(".flow-node-title").textContent()).toBe("Main menu");
    await screenshot(page, "editor-inspector-menu");
  });

  it("shows a validation error inline, on the node and in the panel, until it is fixed", async () => {
    await node(page, "welcome").click();
    const text = inspector(page).getByRole("textbox", { name: "Text" }).first();
    await text.fill("");
    await expect.poll(() => inspector(page).locator(".field-errors").first().textContent()).toContain("a prompt needs text or audio");
    await expect.poll(() => node(page, "welcome").locator(".problem-badge-error").count()).toBe(1);
    await expect.poll(() => saveStatus(page).textContent()).toContain("Unsaved changes");
    await page.getByRole("tab", { name: /Validation/ }).click();
    const panel = page.getByRole("complementary", { name: "Validation" });
    await expect.poll(() => panel.textContent()).toContain("a prompt needs text or audio");
    await screenshot(page, "editor-validation-error");
    // Choosing the diagnostic selects its node.
    await clickPane(page);
    await panel.getByRole("button", { name: /prompt needs text/ }).click();
    await expect.poll(() => node(page, "welcome").locator(".flow-node.is-selected").count()).toBe(1);
    await page.getByRole("tab", { name: "Inspector" }).click();
    await inspector(page).getByRole("textbox", { name: "Text" }).first().fill("Welcome to the new test line.");
    await expect.poll(() => node(page, "welcome").locator(".problem-badge-error").count()).toBe(0);
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 5000 }).toContain("Saved");
  });

  it("undoes and redoes with the keyboard, and deleting the entry's edge is reported", async () => {
    await clickPane(page);
    await page.getByRole("toolbar", { name: "Editor actions" }).getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    // Playwright never finds SVG edge labels "stable": click where the label is.
    const label = await centre(page.locator('.react-flow__edge[data-id="welcome-next"] .react-flow__edge-textbg'));
    await page.mouse.click(label.x, label.y);
    await expect.poll(() => page.locator('.react-flow__edge[data-id="welcome-next"].selected').count()).toBe(1);
    await expect.poll(() => page.locator(".flow-node.is-selected").count()).toBe(0);
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await page.getByRole("tab", { name: /Validation/ }).click();
    await expect.poll(() => page.getByRole("complementary", { name: "Validation" }).textContent()).toContain('node "menu-1" cannot be reached');
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(3);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(3);
    await page.keyboard.press("Control+y");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(3);
    await expect.poll(() => page.getByRole("complementary", { name: "Validation" }).textContent()).not.toContain('node "menu-1" cannot be reached');
  });

  it("finds a node with Ctrl+K and centres it", async () => {
    await clickPane(page);
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Find a node" });
    await dialog.getByRole("combobox", { name: "Search nodes" }).fill("goodbye");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => node(page, "goodbye").locator(".flow-node.is-selected").count()).toBe(1);
    const canvas = await centre(page.locator(".react-flow__pane"));
    await expect
      .poll(async () => {
        const at = await centre(node(page, "goodbye"));
        return Math.hypot(at.x - canvas.x, at.y - canvas.y);
      })
      .toBeLessThan(40);
  });

  it("copies and pastes nodes through the clipboard", async () => {
    await node(page, "goodbye").click();
    await clickPane(page); // the pointer over the canvas is where the paste lands
    await node(page, "goodbye").click();
    await page.keyboard.press("Control+c");
    const pane = await page.locator(".react-flow__pane").boundingBox();
    if (!pane) throw new Error("no canvas");
    await page.mouse.move(pane.x + pane.width * 0.3, pane.y + pane.height * 0.3);
    await page.keyboard.press("Control+v");
    await expect.poll(() => node(page, "goodbye-2").count()).toBe(1);
    await expect.poll(() => node(page, "goodbye-2").locator(".flow-node.is-selected").count()).toBe(1);

    // The clipboard holds flow JSON, so the node pastes into another flow too.
    const other = await context.newPage();
    await openFlow(other, "after-hours");
    const before = await other.locator(".react-flow__node").count();
    await other.locator(".react-flow__pane").click({ position: { x: 12, y: 12 } });
    await other.keyboard.press("Control+v");
    await expect.poll(() => other.locator(".react-flow__node").count()).toBe(before + 1);
    await expect.poll(() => other.locator(".flow-node.is-selected .flow-node-title").textContent()).toBe("Goodbye");
    await other.close();
  });

  it("autosaves the draft to the server", async () => {
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 5000 }).toContain("Saved");
    const flow = await stored();
    const ids = flow.document.nodes.map((stored) => stored.id);
    expect(ids).toEqual(["welcome", "goodbye", "menu-1", "transfer-1", "goodbye-2"]);
    const menu = flow.document.nodes.find((stored) => stored.id === "menu-1");
    expect(menu?.label).toBe("Main menu");
    expect(menu?.data.options).toHaveLength(3);
    expect(flow.document.edges).toContainEqual({ id: "welcome-next", source: "welcome", sourceHandle: "next", target: "menu-1" });
    expect(flow.document.edges).toContainEqual({ id: "menu-1-option-1", source: "menu-1", sourceHandle: "option:1", target: "transfer-1" });
    expect(flow.document.edges).toContainEqual({ id: "menu-1-max_retries", source: "menu-1", sourceHandle: "max_retries", target: "goodbye" });
    await screenshot(page, "editor-saved");
  });

  it("resolves a conflict between two tabs: Overwrite wins, Reload restores theirs", async () => {
    const other = await context.newPage();
    const otherErrors = collectConsoleErrors(other);
    await openFlow(other);
    await openFlow(page);

    // The first tab saves…
    await node(page, "goodbye").click();
    await inspector(page).getByLabel("Label").first().fill("Goodbye A");
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 5000 }).toContain("Saved");
    // …so the second tab's save conflicts.
    await node(other, "goodbye").click();
    await inspector(other).getByLabel("Label").first().fill("Goodbye B");
    const banner = other.getByRole("alert").filter({ hasText: "Someone else saved this flow" });
    await expect.poll(() => banner.count(), { timeout: 5000 }).toBe(1);
    await screenshot(other, "editor-conflict-banner");
    expect((await stored()).document.nodes.find((stored) => stored.id === "goodbye")?.label).toBe("Goodbye A");

    await banner.getByRole("button", { name: "Overwrite" }).click();
    await expect.poll(() => saveStatus(other).textContent(), { timeout: 5000 }).toContain("Saved");
    await expect.poll(async () => (await stored()).document.nodes.find((stored) => stored.id === "goodbye")?.label).toBe("Goodbye B");

    // The first tab edits again on its stale revision: conflict; Reload brings in theirs.
    await inspector(page).getByLabel("Label").first().fill("Goodbye A2");
    const firstBanner = page.getByRole("alert").filter({ hasText: "Someone else saved this flow" });
    await expect.poll(() => firstBanner.count(), { timeout: 5000 }).toBe(1);
    await firstBanner.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => firstBanner.count()).toBe(0);
    await expect.poll(() => node(page, "goodbye").locator(".flow-node-title").textContent()).toBe("Goodbye B");
    await expect.poll(() => saveStatus(page).textContent()).toContain("Saved");
    expect((await stored()).document.nodes.find((stored) => stored.id === "goodbye")?.label).toBe("Goodbye B");
    await other.close();
    expect(unexpected(otherErrors)).toEqual([]);
  });

  it("logged no console errors", () => {
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});
