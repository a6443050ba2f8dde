import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { balanceThenBilling, type ConsoleCustomer, VoiceCustomer } from "./support/console-customer";
import { ConsoleDesk, type DeskAgent } from "./support/console-desk";

/** Counts the oscillators the page starts: the offer chime is synthesised with WebAudio. */
const COUNT_CHIMES = `
  window.__oscillators = 0;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__oscillators += 1; return original.call(this); };
`;

/** Errors a browser logs by itself while the network is off (the console reconnects). */
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed/;

interface AgentSeat {
  agent: DeskAgent;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

const desk = new ConsoleDesk();
let browser: Browser;
let ann: AgentSeat;
let bob: AgentSeat;
let customer: ConsoleCustomer;
let conversationId = "";

async function seat(agent: DeskAgent): Promise<AgentSeat> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript({ content: COUNT_CHIMES });
  const page = await context.newPage();
  return { agent, context, page, errors: collectConsoleErrors(page) };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${desk.server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const connection = (page: Page): Locator => page.getByRole("status", { name: "Connection" });
const offer = (page: Page): Locator => page.getByRole("alertdialog", { name: /^Incoming offer/ });
const room = (page: Page): Locator => page.getByRole("region", { name: /^Conversation / });
const messages = (page: Page): Locator => room(page).getByRole("list", { name: "Messages" });
const oscillators = (page: Page): Promise<unknown> => page.evaluate("window.__oscillators");

beforeAll(async () => {
  await desk.start();
  browser = await launchBrowser();
  ann = await seat(await desk.agent("Ann Agent"));
  bob = await seat(await desk.agent("Bob Agent"));
  customer = new VoiceCustomer(desk, "Ada Lovelace", "+15557654321");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await desk.stop();
});

describe("the agent console in a real browser, two agents of one team", () => {
  it("an agent lands on the console after signing in, sees Console only, and goes online", async () => {
    for (const { page, agent } of [ann, bob]) {
      await signIn(page, agent.email, agent.password);
      await page.waitForURL(/\/console$/);
      await expect.poll(() => connection(page).textContent()).toContain("Online");
      const sections = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
      expect(await sections.allTextContents()).toEqual(["Console"]);
      expect(await page.getByRole("radio", { name: "Available" }).getAttribute("aria-checked")).toBe("true");
      expect(await page.getByLabel("Capacity").textContent()).toContain("0 / 3");
    }
    const agents = await desk.server.api("GET", "/api/conversations/agents");
    const online = (agents.body as Array<{ email: string; online: boolean }>).filter((agent) => agent.online).map((agent) => agent.email);
    expect(online.sort()).toEqual([ann.agent.email, bob.agent.email]);
    await screenshot(ann.page, "console-empty");
  });

  it("both agents get the offer with a chime, the caller, the flow path; one accepts and the other's offer disappears", async () => {
    await customer.reachAgents();
    for (const { page } of [ann, bob]) {
      await expect.poll(() => offer(page).count()).toBe(1);
      const card = offer(page);
      expect(await card.getAttribute("aria-label")).toBe("Incoming offer: Ada Lovelace · Support");
      expect(await card.textContent()).toContain("+15557654321");
      expect(await card.getByRole("list", { name: "Flow path" }).textContent()).toMatch(/welcome.*hours.*main_menu.*“2”.*to_support/);
      await expect.poll(() => oscillators(page)).toBeGreaterThanOrEqual(2);
      // The waiting list has it too.
      await page.getByRole("tab", { name: /Waiting/ }).click();
      await expect.poll(() => page.getByRole("list", { name: "Waiting conversations" }).textContent()).toContain("Ada Lovelace · Support");
    }
    await screenshot(bob.page, "console-offer");

    await ann.page.getByRole("button", { name: "Accept" }).click();
    await ann.page.waitForURL(/\/console\/[^/]+$/);
    conversationId = decodeURIComponent(new URL(ann.page.url()).pathname.split("/").pop() ?? "");
    await expect.poll(() => offer(ann.page).count()).toBe(0);
    await expect.poll(() => offer(bob.page).count()).toBe(0);
    await expect.poll(() => bob.page.getByRole("status").filter({ hasText: "Offer withdrawn" }).textContent()).toContain("taken by another agent");
    await expect.poll(() => bob.page.getByRole("list", { name: "Waiting conversations" }).count()).toBe(0);
    await screenshot(bob.page, "console-offer-taken");

    await expect.poll(() => room(ann.page).getByText("Active", { exact: true }).count()).toBe(1);
    await expect.poll(() => messages(ann.page).textContent()).toContain("Ann Agent joined");
    await expect.poll(() => ann.page.getByLabel("Capacity").textContent()).toContain("1 / 3");
    await ann.page.getByRole("tab", { name: /Mine/ }).click();
    expect(await ann.page.getByRole("list", { name: "Mine conversations" }).textContent()).toContain("Ada Lovelace · Support");
  });

  it("the caller's words arrive as a marked transcript; the agent's message (Enter sends, Shift+Enter is a new line) appears in the room", async () => {
    await customer.say("My router keeps dropping the connection.");
    const heard = messages(ann.page).getByRole("listitem").filter({ hasText: "My router keeps dropping the connection." });
    await expect.poll(() => heard.count()).toBe(1);
    expect(await heard.textContent()).toMatch(/Ada Lovelace.*Voice.*Speech transcript/);

    const composer = ann.page.getByRole("textbox", { name: "Message" });
    await composer.fill("Sorry to hear that.");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("Let me check your line.");
    await composer.press("Enter");
    const sent = messages(ann.page).getByRole("listitem").filter({ hasText: "Let me check your line." });
    await expect.poll(() => sent.count()).toBe(1);
    expect(await sent.textContent()).toMatch(/Ann Agent.*Console/);
    expect(await composer.inputValue()).toBe("");
    const stored = await desk.server.api("GET", `/api/conversations/${conversationId}/messages?after=0`);
    expect((stored.body as Array<{ body: string }>).map((message) => message.body)).toContain("Sorry to hear that.\nLet me check your line.");

    const sidebar = ann.page.getByRole("complementary", { name: "Conversation details" });
    expect(await sidebar.getByRole("list", { name: "Participants" }).textContent()).toMatch(/Ada Lovelace.*customer.*Ann Agent.*agent/);
    await expect.poll(() => sidebar.getByRole("list", { name: "Flow path" }).textContent()).toMatch(/main_menu.*option:2.*to_support/);
    await screenshot(ann.page, "console-room");
  });

  it("the info sidebar sets the priority and invites a participant", async () => {
    const sidebar = ann.page.getByRole("complementary", { name: "Conversation details" });
    await sidebar.getByRole("button", { name: "Invite" }).click();
    const invite = ann.page.getByRole("dialog", { name: "Invite a participant" });
    await invite.getByLabel("Channel").selectOption({ label: "SMS (Twilio)" });
    await invite.getByLabel("Address").fill("+15551112222");
    await invite.getByLabel("Display name (optional)").fill("Sam Supervisor");
    await invite.getByRole("button", { name: "Invite" }).click();
    await expect.poll(() => sidebar.getByRole("list", { name: "Participants" }).textContent()).toMatch(/Sam Supervisor.*customer.*SMS.*\+15551112222/);
    await expect.poll(() => messages(ann.page).textContent()).toContain("Sam Supervisor was invited (twilio_sms)");

    await sidebar.getByLabel("Priority").selectOption("urgent");
    await expect.poll(async () => (await desk.server.api("GET", `/api/conversations/${conversationId}`)).text).toContain('"priority":"urgent"');
    await expect.poll(() => bob.page.getByRole("tab", { name: /Team/ }).count()).toBe(1);
    await bob.page.getByRole("tab", { name: /Team/ }).click();
    await expect.poll(() => bob.page.getByRole("list", { name: "Team conversations" }).textContent()).toMatch(/Ada Lovelace · Support.*urgent.*Ann Agent/i);
  });

  it("hold and resume show in the room", async () => {
    const controls = ann.page.getByRole("group", { name: "Call controls" });
    await controls.getByRole("button", { name: "Hold" }).click();
    await expect.poll(() => room(ann.page).getByText("On hold", { exact: true }).count()).toBe(1);
    await expect.poll(() => room(ann.page).getByRole("status").textContent()).toContain("the caller hears hold music");
    expect(await controls.getByRole("button", { name: "Resume" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => messages(ann.page).textContent()).toContain("You are on hold");
    await screenshot(ann.page, "console-on-hold");
    await controls.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => room(ann.page).getByText("Active", { exact: true }).count()).toBe(1);
    await expect.poll(() => messages(ann.page).textContent()).toContain("Thanks for holding.");
  });

  it("recovers after a reconnect: a message posted while the agent was offline appears once", async () => {
    await ann.context.setOffline(true);
    await expect.poll(() => connection(ann.page).textContent()).toContain("Offline");
    await customer.say("Hello? Are you still there?");
    await ann.page.waitForTimeout(300);
    expect(await messages(ann.page).textContent()).not.toContain("Are you still there?");
    await ann.context.setOffline(false);
    await expect.poll(() => connection(ann.page).textContent(), { timeout: 10_000 }).toContain("Online");
    const late = messages(ann.page).getByRole("listitem").filter({ hasText: "Are you still there?" });
    await expect.poll(() => late.count()).toBe(1);
    // And the live stream goes on, without duplicates.
    await customer.say("Ah, there you are.");
    await expect.poll(() => messages(ann.page).getByRole("listitem").filter({ hasText: "Ah, there you are." }).count()).toBe(1);
    const ids = await messages(ann.page).locator("[data-message-id]").evaluateAll((items) => items.map((item) => item.getAttribute("data-message-id")));
    expect(new Set(ids).size).toBe(ids.length);
    const stored = await desk.server.api("GET", `/api/conversations/${conversationId}/messages?after=0`);
    expect(ids.length).toBe((stored.body as unknown[]).length);
    await screenshot(ann.page, "console-after-reconnect");
  });

  it("hang up closes it with a reason; the flow goes on to its goodbye", async () => {
    await ann.page.getByRole("group", { name: "Call controls" }).getByRole("button", { name: "Hang up" }).click();
    const dialog = ann.page.getByRole("dialog", { name: "Hang up" });
    await dialog.getByLabel("Reason").fill("resolved: router replaced");
    await dialog.getByRole("button", { name: "Hang up" }).click();
    await expect.poll(() => room(ann.page).getByText("Closed", { exact: true }).count()).toBe(1);
    expect(await room(ann.page).textContent()).toContain("resolved: router replaced");
    expect(await ann.page.getByRole("textbox", { name: "Message" }).isDisabled()).toBe(true);
    expect(await ann.page.getByRole("group", { name: "Call controls" }).count()).toBe(0);
    await expect.poll(() => ann.page.getByLabel("Capacity").textContent()).toContain("0 / 3");
    await expect.poll(() => customer.session()).toMatchObject({ status: "ended" });
    expect((await customer.session()).path).toContain("to_support:completed");
    await expect.poll(() => customer.received().join("\n")).toContain("Hangup");
    await screenshot(ann.page, "console-closed");
  });
});

describe("a second caller: decline, away and back, the variables, a transfer to another team, reassigning", () => {
  let grace: ConsoleCustomer;

  it("Bob declines: his offer goes, Ann's stays and shows the variables the flow gathered", async () => {
    await desk.join(ann.agent, "billing");
    await desk.join(bob.agent, "billing");
    // Team membership arrives with the next snapshot: a reload is a fresh connection.
    for (const { page } of [ann, bob]) {
      await page.goto(`${desk.server.url}/console`);
      await expect.poll(() => connection(page).textContent()).toContain("Online");
    }
    grace = new VoiceCustomer(desk, "Grace Hopper", "+15550102030", balanceThenBilling, desk.balanceChannelId);
    await grace.reachAgents();
    for (const { page } of [ann, bob]) await expect.poll(() => offer(page).count()).toBe(1);
    await expect.poll(() => offer(ann.page).getByLabel("Variables").textContent()).toContain("account_number12345678");
    expect(await offer(ann.page).getByRole("list", { name: "Flow path" }).textContent()).toMatch(/ask_account.*“12345678”.*lookup.*anything_else.*“1”.*to_billing/);
    await screenshot(ann.page, "console-offer-variables");

    await bob.page.getByRole("button", { name: "Decline" }).click();
    await expect.poll(() => offer(bob.page).count()).toBe(0);
    await bob.page.waitForTimeout(300);
    expect(await offer(ann.page).count()).toBe(1);
    expect(await bob.page.getByRole("status").filter({ hasText: "Offer withdrawn" }).count()).toBe(0);
  });

  it("Ann goes away: her offer is withdrawn; back to available, it is offered again", async () => {
    const chimesBefore = Number(await oscillators(ann.page));
    await ann.page.getByRole("radio", { name: "Away" }).click();
    await expect.poll(() => offer(ann.page).count()).toBe(0);
    await expect.poll(() => ann.page.getByRole("status").filter({ hasText: "Offer withdrawn" }).last().textContent()).toContain("you are away");
    expect(await ann.page.getByRole("radio", { name: "Away" }).getAttribute("aria-checked")).toBe("true");
    await ann.page.getByRole("tab", { name: /Waiting/ }).click();
    await expect.poll(() => ann.page.getByRole("list", { name: "Waiting conversations" }).textContent()).toContain("Grace Hopper · Billing");
    await screenshot(ann.page, "console-away");

    await ann.page.getByRole("radio", { name: "Available" }).click();
    await expect.poll(() => offer(ann.page).count()).toBe(1);
    await expect.poll(async () => Number(await oscillators(ann.page))).toBeGreaterThan(chimesBefore);
    await ann.page.getByRole("button", { name: "Accept" }).click();
    await ann.page.waitForURL(/\/console\/[^/]+$/);
    const sidebar = ann.page.getByRole("complementary", { name: "Conversation details" });
    await expect.poll(() => sidebar.getByLabel("Variables").textContent()).toContain("account_number12345678");
  });

  it("Ann transfers it to the support team; Bob gets it with its history", async () => {
    await ann.page.getByRole("group", { name: "Call controls" }).getByRole("button", { name: "Transfer" }).click();
    const dialog = ann.page.getByRole("dialog", { name: "Transfer" });
    await dialog.getByLabel("Team").selectOption({ label: "Support" });
    await dialog.getByRole("button", { name: "Transfer" }).click();
    await expect.poll(() => room(ann.page).getByText("Waiting", { exact: true }).count()).toBe(1);
    await expect.poll(() => offer(bob.page).count()).toBe(1);
    expect(await offer(bob.page).getAttribute("aria-label")).toBe("Incoming offer: Grace Hopper · Billing");
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await bob.page.waitForURL(/\/console\/[^/]+$/);
    await expect.poll(() => messages(bob.page).textContent()).toMatch(/Ann Agent joined.*Bob Agent joined/);
    await expect.poll(() => offer(ann.page).count()).toBe(0);
    await expect.poll(() => ann.page.getByRole("tab", { name: /Mine/ }).textContent()).toBe("Mine0");
    await expect.poll(() => ann.page.getByLabel("Capacity").textContent()).toContain("0 / 3");
    await expect.poll(() => bob.page.getByLabel("Capacity").textContent()).toContain("1 / 3");
  });

  it("Bob hands it back to Ann with the assignee dropdown; Ann, live in the same room, hangs up", async () => {
    const sidebar = bob.page.getByRole("complementary", { name: "Conversation details" });
    await sidebar.getByLabel("Assignee").selectOption({ label: "Ann Agent" });
    await expect.poll(() => bob.page.getByRole("group", { name: "Call controls" }).count()).toBe(0);
    expect(await bob.page.getByRole("textbox", { name: "Message" }).isDisabled()).toBe(true);
    await expect.poll(() => bob.page.getByLabel("Capacity").textContent()).toContain("0 / 3");
    // Ann still has the room open: it follows the conversation live.
    const controls = ann.page.getByRole("group", { name: "Call controls" });
    await expect.poll(() => controls.count()).toBe(1);
    await expect.poll(() => ann.page.getByRole("tab", { name: /Mine/ }).textContent()).toBe("Mine1");
    await controls.getByRole("button", { name: "Hang up" }).click();
    await ann.page.getByRole("dialog", { name: "Hang up" }).getByRole("button", { name: "Hang up" }).click();
    await expect.poll(() => room(ann.page).getByText("Closed", { exact: true }).count()).toBe(1);
    await expect.poll(() => room(bob.page).getByText("Closed", { exact: true }).count()).toBe(1);
    await expect.poll(() => grace.session()).toMatchObject({ status: "ended" });
    await screenshot(bob.page, "console-transferred-closed");
  });

  it("no console errors in either agent's browser, apart from the browser's own while the network was off", () => {
    expect(ann.errors.filter((error) => !OFFLINE_NOISE.test(error))).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});

describe("the console for admins", () => {
  it("admins see Designer, Call logs, Console and Settings, and can open the console", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/designer$/);
    const sections = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
    expect(await sections.allTextContents()).toEqual(["Designer", "Dashboard", "Call logs", "Console", "Settings"]);
    await sections.getByText("Console").click();
    await page.waitForURL(/\/console$/);
    await expect.poll(() => connection(page).textContent()).toContain("Online");
    expect(await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Console" }).getAttribute("aria-current")).toBe("page");
    await screenshot(page, "console-admin");
    expect(errors).toEqual([]);
    await context.close();
  });
});
