import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { dragMouse, handle, inspector, node, saveStatus, type StoredFlow, storedFlow } from "./support/editor-page";

// The seeded examples already hold "support-line": build a copy of it under another id.
const FLOW_ID = "support-line-built";

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

async function stored(): Promise<StoredFlow> {
  return storedFlow(server, FLOW_ID);
}

const edge = (target: Page, source: string, sourceHandle: string): Locator =>
  target.locator(`.react-flow__edge[data-id="${source}-${sourceHandle.replace(":", "-")}"]`);

async function fitView(target: Page): Promise<void> {
  await target.getByRole("toolbar", { name: "Editor actions" }).getByRole("button", { name: "Fit view" }).click();
  await target.waitForTimeout(400); // the fit is animated
}

/** Drags a palette item onto the canvas at a fraction of the pane; returns nothing, the new node is selected. */
async function dragFromPalette(target: Page, title: string, at: { x: number; y: number }): Promise<void> {
  const pane = target.locator(".react-flow__pane");
  const box = await pane.boundingBox();
  if (!box) throw new Error("no canvas");
  await target.getByRole("button", { name: new RegExp(`^Add ${title}:`) }).dragTo(pane, { targetPosition: { x: box.width * at.x, y: box.height * at.y } });
}

/** Adds a palette item with the keyboard (Enter places it in the middle of the view). */
async function addWithKeyboard(target: Page, title: string): Promise<void> {
  await target.getByRole("button", { name: new RegExp(`^Add ${title}:`) }).focus();
  await target.keyboard.press("Enter");
}

/** Waits for the inspector to show node `id` (its heading names the node by label, else by id). */
async function editing(target: Page, id: string, label = id): Promise<Locator> {
  await expect.poll(() => node(target, id).count()).toBe(1);
  await expect.poll(() => inspector(target).getAttribute("aria-label")).toBe(`Edit ${label}`);
  return inspector(target);
}

/** Connects `source`'s handle to `targetId` by dragging onto the target node's body, and waits for the edge. */
async function connect(target: Page, source: string, sourceHandle: string, targetId: string): Promise<void> {
  await fitView(target);
  await dragMouse(target, handle(target, source, sourceHandle), node(target, targetId).locator(".flow-node-body"));
  await expect.poll(() => edge(target, source, sourceHandle).count(), { timeout: 3000 }).toBe(1);
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const created = await server.api("POST", "/api/flows", {
    schemaVersion: 1,
    id: FLOW_ID,
    name: "Support line, built in the editor",
    entry: "welcome",
    nodes: [{ id: "welcome", type: "greeting", label: "Welcome", position: { x: 0, y: 0 }, data: { prompt: { text: "Hello." } } }],
    edges: [],
  });
  expect(created.status).toBe(201);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
  context.setDefaultTimeout(8000);
  const login = await context.request.post("/api/auth/login", { data: { email: ADMIN.email, password: ADMIN.password } });
  expect(login.status()).toBe(200);
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("building the support line from an empty canvas", () => {
  it("drags nodes from the palette, connects handles and fills the inspector; the draft validates and publishes", async () => {
    await page.goto(`${server.url}/designer/flows/${FLOW_ID}`);
    await node(page, "welcome").waitFor();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(1);

    // Greeting: its text.
    await node(page, "welcome").click();
    let form = await editing(page, "welcome", "Welcome");
    await form.getByRole("textbox", { name: "Text" }).first().fill("Thank you for calling Acme.");

    // Business hours, dragged from the palette: New York, Mon–Fri 08:00–20:00.
    await dragFromPalette(page, "Business hours", { x: 0.5, y: 0.8 });
    form = await editing(page, "timing-1");
    await form.getByLabel("Label").first().fill("Business hours");
    await form.getByLabel("Time zone", { exact: true }).fill("America/New_York");
    await form.getByRole("textbox", { name: "Monday range 1 opens" }).fill("08:00");
    await form.getByRole("textbox", { name: "Monday range 1 closes" }).fill("20:00");
    await form.getByRole("button", { name: "Copy Monday to Tue–Fri" }).click();
    await expect.poll(() => form.getByRole("textbox", { name: "Friday range 1 closes" }).inputValue()).toBe("20:00");

    // Menu, dragged: prompt and the two options.
    await dragFromPalette(page, "Menu", { x: 0.3, y: 0.8 });
    form = await editing(page, "menu-1");
    await form.getByLabel("Label").first().fill("Main menu");
    await form.getByRole("textbox", { name: "Text" }).first().fill("For sales, press 1. For support, press 2.");
    await form.getByRole("listitem", { name: "Option 1" }).getByRole("textbox", { name: "Label" }).fill("Sales");
    await form.getByRole("listitem", { name: "Option 2" }).getByRole("textbox", { name: "Label" }).fill("Support");

    // Two transfers with the keyboard.
    await addWithKeyboard(page, "Transfer to team");
    form = await editing(page, "transfer-1");
    await form.getByLabel("Label").first().fill("Transfer to sales");
    await form.getByLabel("Team").selectOption("sales");
    await addWithKeyboard(page, "Transfer to team");
    form = await editing(page, "transfer-2");
    await form.getByLabel("Label").first().fill("Transfer to support");
    await form.getByLabel("Team").selectOption("support");

    // Two hang-ups: one dragged, one with the keyboard.
    await fitView(page);
    await dragFromPalette(page, "Hang up", { x: 0.85, y: 0.15 });
    form = await editing(page, "hangup-1");
    await form.getByLabel("Label").first().fill("Closed message");
    await form.getByRole("textbox", { name: "Text" }).first().fill("We are closed");
    await addWithKeyboard(page, "Hang up");
    form = await editing(page, "hangup-2");
    await form.getByLabel("Label").first().fill("No agent answered");
    await form.getByRole("textbox", { name: "Text" }).first().fill("Sorry, all agents are busy");
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(7);

    // Connect by dragging from each output handle onto the target node.
    await connect(page, "welcome", "next", "timing-1");
    await connect(page, "timing-1", "in_hours", "menu-1");
    await connect(page, "timing-1", "out_of_hours", "hangup-1");
    await connect(page, "menu-1", "option:1", "transfer-1");
    await connect(page, "menu-1", "option:2", "transfer-2");
    await connect(page, "transfer-1", "no_answer", "hangup-2");
    await connect(page, "transfer-2", "no_answer", "hangup-2");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(7);

    await page.getByRole("toolbar", { name: "Editor actions" }).getByRole("button", { name: "Auto-layout" }).click();
    await page.waitForTimeout(500);
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 8000 }).toContain("Saved");
    await screenshot(page, "build-support-line");

    // The autosaved draft, through the API.
    let flow: StoredFlow | undefined;
    await expect
      .poll(async () => {
        flow = await stored();
        return flow.document.edges.length;
      }, { timeout: 8000 })
      .toBe(7);
    if (!flow) throw new Error("no draft");
    const doc = flow.document;
    const byId = new Map(doc.nodes.map((stored) => [stored.id, stored]));
    expect(doc.entry).toBe("welcome");
    expect(Object.fromEntries(doc.nodes.map((stored) => [stored.id, stored.type]))).toEqual({
      welcome: "greeting",
      "timing-1": "timing",
      "menu-1": "menu",
      "transfer-1": "transfer",
      "transfer-2": "transfer",
      "hangup-1": "hangup",
      "hangup-2": "hangup",
    });
    const edges = doc.edges.map(({ source, sourceHandle, target }) => ({ source, sourceHandle, target }));
    expect(edges).toEqual(
      expect.arrayContaining([
        { source: "welcome", sourceHandle: "next", target: "timing-1" },
        { source: "timing-1", sourceHandle: "in_hours", target: "menu-1" },
        { source: "timing-1", sourceHandle: "out_of_hours", target: "hangup-1" },
        { source: "menu-1", sourceHandle: "option:1", target: "transfer-1" },
        { source: "menu-1", sourceHandle: "option:2", target: "transfer-2" },
        { source: "transfer-1", sourceHandle: "no_answer", target: "hangup-2" },
        { source: "transfer-2", sourceHandle: "no_answer", target: "hangup-2" },
      ]),
    );
    expect(byId.get("welcome")?.data).toMatchObject({ prompt: { text: "Thank you for calling Acme." } });
    const hours = { start: "08:00", end: "20:00" };
    expect(byId.get("timing-1")?.data).toMatchObject({
      timezone: "America/New_York",
      schedule: { monday: [hours], tuesday: [hours], wednesday: [hours], thursday: [hours], friday: [hours] },
    });
    expect(byId.get("menu-1")?.data).toMatchObject({
      prompt: { text: "For sales, press 1. For support, press 2." },
      options: [
        { key: "1", label: "Sales" },
        { key: "2", label: "Support" },
      ],
    });
    expect(byId.get("transfer-1")?.data).toMatchObject({ teamId: "sales" });
    expect(byId.get("transfer-2")?.data).toMatchObject({ teamId: "support" });
    expect(byId.get("hangup-1")?.data).toMatchObject({ prompt: { text: "We are closed" } });
    expect(byId.get("hangup-2")?.data).toMatchObject({ prompt: { text: "Sorry, all agents are busy" } });

    // The whole stored document (the zod schema above keeps only what is asserted).
    const raw = (await server.api("GET", `/api/flows/${FLOW_ID}`)).body as { document: unknown };
    const validated = await server.api("POST", "/api/flows/validate", raw.document);
    expect(validated.status).toBe(200);
    const diagnostics = (validated.body as { valid: boolean; diagnostics: Array<{ severity: string; code: string }> }).diagnostics;
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    expect(validated.body).toMatchObject({ valid: true });

    const published = await server.api("POST", `/api/flows/${FLOW_ID}/publish`, { note: "built in the editor" });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ number: 1, live: true });

    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
