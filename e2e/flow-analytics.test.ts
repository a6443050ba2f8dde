import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { node } from "./support/editor-page";

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const Simulation = z.object({ sessionId: z.string(), status: z.string(), currentNodeId: z.string().nullable() });

/** A simulated call on the support line's live version: it presses `digits` at the menu (if open), else hangs up there. */
async function simulatedCall(digits: string | null): Promise<"in_hours" | "out_of_hours"> {
  const started = Simulation.parse((await server.api("POST", "/api/simulations", { flowId: "support-line", source: "published" })).body);
  // The support line is open or closed by the clock: the test counts whichever way the calls went.
  if (started.currentNodeId !== "main_menu") return "out_of_hours";
  const event = digits === null ? { type: "hangup" } : { type: "digits", digits };
  expect((await server.api("POST", `/api/simulations/${started.sessionId}/events`, event)).status).toBe(200);
  return "in_hours";
}

/** The count an output of a node shows, e.g. "2 (67%)". */
const outputCount = (nodeId: string, label: string) => node(page, nodeId).locator(".flow-node-output").filter({ has: page.locator(".flow-node-output-label", { hasText: label }) }).locator(".flow-node-output-count");

let branch: "in_hours" | "out_of_hours";

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const branches = [await simulatedCall("2"), await simulatedCall("2"), await simulatedCall(null)];
  branch = branches[0] ?? "in_hours";
  expect(new Set(branches).size).toBe(1);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${server.url}/designer/flows/support-line`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/designer\/flows\/support-line/);
  await node(page, "welcome").waitFor({ timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("Analytics on the canvas, after simulated calls on the support line", () => {
  it("labels each output with the sessions that took it and its share, strikes out the outputs never taken, and says where sessions ended", async () => {
    expect(await page.locator(".flow-node-output-count").count()).toBe(0);
    await page.getByRole("button", { name: "Analytics" }).click();
    await expect.poll(() => outputCount("welcome", "Next").textContent(), { timeout: 10_000 }).toBe("3 (100%)");
    const taken = branch === "in_hours" ? "Open" : "Closed";
    const other = branch === "in_hours" ? "Closed" : "Open";
    expect(await outputCount("hours", taken).textContent()).toBe("3 (100%)");
    expect(await outputCount("hours", other).textContent()).toBe("0 (0%)");
    expect(await node(page, "hours").locator(".flow-node-output.is-never-taken").count()).toBe(1);
    if (branch === "in_hours") {
      // Two pressed 2 (support), one hung up at the menu.
      expect(await outputCount("main_menu", "Support").textContent()).toBe("2 (67%)");
      expect(await outputCount("main_menu", "Sales").textContent()).toBe("0 (0%)");
      expect(await node(page, "main_menu").getByRole("note").textContent()).toMatch(/^1 ended here: hung up 1$/);
      // The edges carry the same counts in their labels.
      expect(await page.locator(".react-flow__edge-textwrapper, .react-flow__edge-text").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Support · 2 \(67%\)/)]));
    } else {
      expect(await node(page, "closed").getByRole("note").textContent()).toMatch(/^3 ended here/);
    }
    await screenshot(page, "flow-analytics");
    await page.getByRole("button", { name: "Analytics" }).click();
    await expect.poll(() => page.locator(".flow-node-output-count").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
