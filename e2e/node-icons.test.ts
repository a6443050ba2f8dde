import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadExamples } from "../examples/load-examples";
import { PALETTE_NODE_TYPES } from "../flow-schema/nodes/catalog";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";

/**
 * Node icons are inline SVG, so they draw without any emoji font (Debian's chromium has none, and
 * emoji used to show as boxes). Every example flow is opened in the editor and every palette entry,
 * node card and search result is measured.
 */

/** Emoji and other pictographic symbols (⏻ ☰ 🎧 …), and math letters (𝑥): what a plain machine draws as boxes. */
const PICTOGRAPHIC = /[\p{Extended_Pictographic}\p{So}\u{FE0F}\u{1D400}-\u{1D7FF}]/u;

const Example = z.object({ id: z.string(), nodes: z.array(z.object({ id: z.string(), type: z.string(), label: z.string().optional() })) });
const examples = loadExamples().map((file) => ({ raw: file.document, doc: Example.parse(file.document) }));

/** One icon as the browser laid it out: its owner's key, the type it draws, its box and the box of its strokes. */
const MeasuredIcon = z.object({
  key: z.string(),
  icon: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  inkWidth: z.number(),
  inkHeight: z.number(),
  ariaHidden: z.string().nullable(),
});
type MeasuredIcon = z.infer<typeof MeasuredIcon>;

/** Measures the first <svg> inside `iconSelector` of every element matching `ownerSelector`, keyed by the owner's `keyAttribute`. */
async function measureIcons(page: Page, ownerSelector: string, iconSelector: string, keyAttribute: string): Promise<MeasuredIcon[]> {
  const measured: unknown = await page.evaluate(`(() => {
    const owners = [...document.querySelectorAll(${JSON.stringify(ownerSelector)})];
    return owners.map((owner) => {
      const svg = owner.querySelector(${JSON.stringify(`${iconSelector} svg`)});
      const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      const ink = svg ? svg.getBBox() : { width: 0, height: 0 };
      return {
        key: owner.getAttribute(${JSON.stringify(keyAttribute)}) ?? "",
        icon: svg ? svg.getAttribute("data-node-icon") : null,
        width: box.width,
        height: box.height,
        inkWidth: ink.width,
        inkHeight: ink.height,
        ariaHidden: svg ? svg.getAttribute("aria-hidden") : null,
      };
    });
  })()`);
  return z.array(MeasuredIcon).parse(measured);
}

function expectDrawn(icon: MeasuredIcon): void {
  expect(icon.width, `${icon.key}: icon width`).toBeGreaterThan(0);
  expect(icon.height, `${icon.key}: icon height`).toBeGreaterThan(0);
  expect(icon.inkWidth, `${icon.key}: stroke width`).toBeGreaterThan(0);
  expect(icon.inkHeight, `${icon.key}: stroke height`).toBeGreaterThan(0);
  expect(icon.ariaHidden, `${icon.key}: decorative`).toBe("true");
}

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  // The examples are created here, as drafts, rather than seeded: the test says which flows it opens.
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" });
  for (const example of examples) {
    const created = await server.api("POST", "/api/flows", example.raw);
    expect(created.status, example.doc.id).toBe(201);
  }
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(8000);
  await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("node icons in the editor", () => {
  it("the examples use every node type an admin can place between them", () => {
    expect(new Set(examples.flatMap((example) => example.doc.nodes.map((node) => node.type)))).toEqual(new Set(PALETTE_NODE_TYPES));
  });

  it("draws every palette entry's icon as SVG, and the palette's text has no emoji", async () => {
    const first = examples[0];
    if (!first) throw new Error("no examples");
    await page.goto(`${server.url}/designer/flows/${first.doc.id}`);
    await page.locator(".flow-node").first().waitFor();
    const palette = page.getByRole("complementary", { name: "Node palette" });
    await expect.poll(() => palette.getByRole("button").count()).toBe(PALETTE_NODE_TYPES.length);

    const icons = await measureIcons(page, ".node-palette .palette-item", ".palette-icon", "data-node-type");
    expect(icons.map((icon) => icon.key)).toEqual([...PALETTE_NODE_TYPES]);
    for (const icon of icons) {
      expect(icon.icon).toBe(icon.key);
      expectDrawn(icon);
    }
    // Drawn at 16 px, not scaled by the canvas.
    expect(icons.every((icon) => Math.round(icon.width) === 16 && Math.round(icon.height) === 16)).toBe(true);

    const text = await palette.innerText();
    expect(text).toContain("Gather digits");
    expect([...text].filter((char) => PICTOGRAPHIC.test(char))).toEqual([]);
    // The accessible names stay words: "Add Menu: …".
    await expect.poll(() => palette.getByRole("button", { name: /^Add Menu: Offer choices/ }).count()).toBe(1);
    await screenshot(page, "node-icons-palette");
  });

  it.each(examples)("draws the icon of every node card of $doc.id as SVG", async (example) => {
    await page.goto(`${server.url}/designer/flows/${example.doc.id}`);
    await expect.poll(() => page.locator(".react-flow__node .flow-node").count()).toBe(example.doc.nodes.length);
    const icons = await measureIcons(page, ".react-flow__node .flow-node", ".flow-node-icon", "data-node-id");
    const typeOf = new Map(example.doc.nodes.map((node) => [node.id, node.type]));
    expect(icons.map((icon) => icon.key).sort()).toEqual([...typeOf.keys()].sort());
    for (const icon of icons) {
      expect(icon.icon, icon.key).toBe(typeOf.get(icon.key));
      expectDrawn(icon);
    }
    const headers = await page.locator(".flow-node-header").allInnerTexts();
    expect(headers.join("\n")).not.toMatch(PICTOGRAPHIC);
  });

  it("shows the node's type icon in the inspector and in Ctrl+K search results", async () => {
    const flow = examples.find((example) => example.doc.id === "after-hours");
    if (!flow) throw new Error("examples/after-hours.json is missing");
    await page.goto(`${server.url}/designer/flows/${flow.doc.id}`);
    await page.locator(".flow-node").first().waitFor();

    await page.locator(".react-flow__pane").click({ position: { x: 12, y: 12 } });
    await page.keyboard.press("Control+k");
    const results = page.getByRole("listbox", { name: "Matching nodes" });
    await expect.poll(() => results.getByRole("option").count()).toBe(flow.doc.nodes.length);
    const found = await measureIcons(page, ".command-results .command-result", ".command-icon", "id");
    expect(found.map((icon) => icon.icon).sort()).toEqual(flow.doc.nodes.map((node) => node.type).sort());
    for (const icon of found) expectDrawn(icon);
    await screenshot(page, "node-icons-search");

    const http = flow.doc.nodes.find((node) => node.type === "http");
    if (!http) throw new Error("after-hours has no HTTP node");
    await page.getByRole("combobox", { name: "Search nodes" }).fill(http.id);
    await page.keyboard.press("Enter");
    await page.getByRole("tab", { name: "Inspector" }).click();
    await expect.poll(() => page.locator("form.inspector").getAttribute("aria-label")).toBe(`Edit ${http.label ?? http.id}`);
    const inspectorIcon = await measureIcons(page, "form.inspector", ".inspector-icon", "aria-label");
    expect(inspectorIcon).toHaveLength(1);
    expect(inspectorIcon[0]?.icon).toBe("http");
    for (const icon of inspectorIcon) expectDrawn(icon);
    await screenshot(page, "node-icons-inspector");
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
