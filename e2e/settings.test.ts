import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";

const DANA = { email: "dana@acme.test", name: "Dana Agent", password: "first password", newPassword: "second password" };

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const signIn = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) }).then((response) => response.status);

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the admin settings in a real browser", () => {
  it("signs in as admin and lands on the users", async () => {
    await page.goto(`${server.url}/settings`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/settings\/users$/);
    await expect.poll(() => page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Settings" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("row", { name: new RegExp(ADMIN.email) }).count()).toBe(1);
  });

  it("creates a user, resets their password and disables them", async () => {
    await page.getByRole("button", { name: "New user" }).click();
    const create = page.getByRole("dialog", { name: "New user" });
    await create.getByLabel("Email").fill(DANA.email);
    await create.getByLabel("Name").fill(DANA.name);
    await create.getByLabel("Role").selectOption("agent");
    await create.getByLabel("Password").fill(DANA.password);
    await create.getByRole("button", { name: "Create user" }).click();
    const row = page.getByRole("row", { name: new RegExp(DANA.email) });
    await expect.poll(() => row.textContent()).toMatch(/Dana Agent.*Active/);
    expect(await signIn(DANA.email, DANA.password)).toBe(200);

    await page.getByRole("button", { name: "New user" }).click();
    await create.getByLabel("Email").fill(DANA.email);
    await create.getByLabel("Name").fill("Someone else");
    await create.getByLabel("Password").fill(DANA.password);
    await create.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => create.getByRole("alert").count()).toBe(1);
    expect(await create.getByRole("alert").textContent()).toContain(DANA.email);
    await create.getByRole("button", { name: "Cancel" }).click();

    await row.getByRole("button", { name: "Reset password" }).click();
    const reset = page.getByRole("dialog", { name: "Reset password" });
    await reset.getByLabel("New password").fill(DANA.newPassword);
    await reset.getByRole("button", { name: "Reset password" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`Password reset for ${DANA.email}`);
    expect(await signIn(DANA.email, DANA.password)).toBe(401);
    expect(await signIn(DANA.email, DANA.newPassword)).toBe(200);

    await row.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => row.textContent()).toContain("Disabled");
    expect(await signIn(DANA.email, DANA.newPassword)).not.toBe(200);
    await screenshot(page, "settings-users");
  });

  it("creates a team, adds the user and sets round robin", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Teams" }).click();
    await page.waitForURL(/\/settings\/teams$/);
    await page.getByRole("button", { name: "New team" }).click();
    const create = page.getByRole("dialog", { name: "New team" });
    await create.getByLabel("Name", { exact: true }).fill("Night shift");
    expect(await create.getByLabel(/^Id/).inputValue()).toBe("night-shift");
    await create.getByRole("button", { name: "Create team" }).click();

    const card = page.getByRole("region", { name: "Team Night shift" });
    await expect.poll(() => card.count()).toBe(1);
    await card.getByLabel("Add member").selectOption({ label: `${DANA.name} (${DANA.email}) — disabled` });
    await card.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => card.getByRole("list", { name: "Members of Night shift" }).textContent()).toContain(DANA.name);

    await card.getByLabel("Routing").selectOption("round_robin");
    await card.getByLabel("Offer timeout (seconds)").fill("30");
    await card.getByRole("button", { name: "Save routing" }).click();
    await expect.poll(async () => {
      const teams = await server.api("GET", "/api/teams");
      return JSON.stringify(teams.body);
    }).toMatch(/"routingStrategy":"round_robin","offerTimeoutSeconds":30/);
    await screenshot(page, "settings-teams");
  });

  it("issues an API key shown once, uses it, then revokes it", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
    await page.waitForURL(/\/settings\/api-keys$/);
    await page.getByRole("button", { name: "Issue API key" }).click();
    const issue = page.getByRole("dialog", { name: "Issue API key" });
    await issue.getByLabel("Name").fill("CI script");
    await issue.getByLabel("Role").selectOption("agent");
    await issue.getByRole("button", { name: "Issue key" }).click();

    const issued = page.getByRole("dialog", { name: "API key issued" });
    await expect.poll(() => issued.getByRole("alert").textContent()).toContain("will not be shown again");
    const key = await issued.getByLabel("API key").inputValue();
    expect(key).toMatch(/^sb_/);
    expect(await issued.getByRole("button", { name: "Copy" }).count()).toBe(1);
    await screenshot(page, "settings-api-key-issued");
    await issued.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.getByRole("row", { name: /CI script/ }).count()).toBe(1);
    expect(await page.content()).not.toContain(key);

    const useKey = () => fetch(`${server.url}/api/flows`, { headers: { authorization: `Bearer ${key}` } }).then((response) => response.status);
    expect(await useKey()).toBe(200);

    await page.getByRole("row", { name: /CI script/ }).getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog", { name: "Revoke API key" }).getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByRole("row", { name: /CI script/ }).textContent()).toContain("Revoked");
    expect(await useKey()).toBe(401);
    await screenshot(page, "settings-api-keys");
  });

  it("logged no console errors (but Chromium's one line for the expected 409 email taken)", () => {
    const expected = /Failed to load resource: the server responded with a status of 409/;
    expect(consoleErrors.filter((line) => expected.test(line))).toHaveLength(1);
    expect(consoleErrors.filter((line) => !expected.test(line))).toEqual([]);
  });
});
