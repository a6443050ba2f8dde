import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser } from "./support/browser";
import { type StaticSite, startStaticSite } from "./support/static-site";

let server: TestServer;
let site: StaticSite;
let browser: Browser;
let page: Page;
let channelId = "";

const checkUrl = () => `${server.url}/api/channels/${channelId}/check`;
const channelStatus = async () => ((await server.api("GET", `/api/channels/${channelId}`)).body as { status: string }).status;

/**
 * Another port on the same host: the same site as the app, so the browser sends the admin's
 * SameSite=Strict cookie with its requests — only the server's Origin check stands in the way.
 */
function attackerPage(path: string): string {
  if (path === "/form") {
    return `<!doctype html><form method="POST" action="${checkUrl()}"><input name="x" value="1"></form><script>document.forms[0].submit()</script>`;
  }
  return `<!doctype html><script>
    fetch(${JSON.stringify(checkUrl())}, { method: "POST", credentials: "include", mode: "no-cors" }).finally(() => { document.title = "sent"; });
  </script>`;
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" });
  const flow = await server.api("POST", "/api/flows", {
    schemaVersion: 1,
    id: "site-chat",
    name: "Site chat",
    entry: "bye",
    nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: { prompt: { text: "Bye." } } }],
    edges: [],
    variables: {},
    settings: { language: "en-US", channels: ["chat"] },
  });
  expect(flow.status, flow.text).toBe(201);
  const created = await server.api("POST", "/api/channels", { type: "webchat", name: "Site", flowId: "site-chat", settings: { allowedOrigins: ["https://shop.example"] } });
  expect(created.status, created.text).toBe(201);
  channelId = (created.body as { id: string }).id;
  site = await startStaticSite(attackerPage);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

describe("a page on another port of the app's host, with the admin signed in", () => {
  it("signs the admin in", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/designer/);
    expect(await channelStatus()).toBe("setup");
  });

  it("cannot run a channel check with fetch: refused by Origin, nothing changes", async () => {
    await page.goto(`${site.url}/fetch`);
    await expect.poll(() => page.title()).toBe("sent");
    expect(await channelStatus()).toBe("setup");
  });

  it("cannot run it by posting a form either: the browser lands on the 403", async () => {
    await page.goto(`${site.url}/form`);
    await page.waitForURL(checkUrl());
    expect(JSON.parse(await page.locator("body").innerText())).toMatchObject({ error: { code: "cross_site_request" } });
    expect(await channelStatus()).toBe("setup");
  });

  it("the app's own page still can, with the same cookie", async () => {
    await page.goto(`${server.url}/designer`);
    const status = await page.evaluate(`fetch(${JSON.stringify(`/api/channels/${channelId}/check`)}, { method: "POST" }).then((response) => response.status)`);
    expect(status).toBe(200);
    expect(await channelStatus()).not.toBe("setup");
  });
});
