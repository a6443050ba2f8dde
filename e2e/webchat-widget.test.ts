import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../runtime/test-support/api-client";
import { appointmentFlow, demoAgentOnline, WebchatFixture } from "../runtime/channels/webchat/test-support/webchat-fixture";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { type StaticSite, startStaticSite } from "./support/static-site";

const GREETING = "this is Acme Family Dental";
const MENU = "Will you be able to make it?";

const fixture = new WebchatFixture();
let shop: StaticSite;
let elsewhere: StaticSite;
let channelId = "";
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

/**
 * A customer's page: its own styles try hard to reach into the widget (they must not: the widget
 * lives in a shadow root), then the one-line embed.
 */
const customerPage = (path: string) => (path === "/early" ? earlyPage() : `<!doctype html>
<html><head><title>Acme Family Dental</title>
<style>button, .msg, .options, .panel { display: none !important; } * { font-size: 40px !important; color: red !important; }</style>
</head><body><h1>Acme Family Dental</h1><p>Book, confirm or move your appointment.</p>
<script src="${fixture.server.url}/widget.js" data-channel="${channelId}" data-title="Acme Dental chat"></script>
</body></html>`);

/** The embed in <head>, and the page asking to open the chat before the body exists. */
const earlyPage = () => `<!doctype html>
<html><head><title>Acme Family Dental</title>
<script src="${fixture.server.url}/widget.js" data-channel="${channelId}"></script>
<script>window.Switchboard.open();</script>
</head><body><h1>Opening hours</h1></body></html>`;

beforeAll(async () => {
  shop = await startStaticSite(customerPage);
  elsewhere = await startStaticSite(customerPage);
  await fixture.start();
  await fixture.publish(appointmentFlow("appt-widget", fixture.provider));
  channelId = await fixture.channel("appt-widget", [shop.url]);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await elsewhere?.close();
  await fixture.stop();
});

const widget = (on: Page) => on.locator("#switchboard-webchat");
const lines = (on: Page, from: string) => widget(on).locator(`.msg[data-from="${from}"]`);
const menuButton = (on: Page, label: string) => widget(on).locator(".msg").last().getByRole("button", { name: label, exact: true });

describe("the web chat widget embedded on a customer's site", () => {
  it("serves /widget.js cacheable from any origin", async () => {
    const response = await fetch(`${fixture.server.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("javascript");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const etag = response.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await fetch(`${fixture.server.url}/widget.js`, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
  });

  it("draws a bubble; opening it, the flow greets and asks its menu with buttons, unstyled by the page", async () => {
    await page.goto(shop.url);
    const bubble = widget(page).getByRole("button", { name: "Open chat" });
    await bubble.waitFor();
    expect(await page.evaluate("typeof window.Switchboard.open")).toBe("function");
    await bubble.click();
    await widget(page).getByRole("dialog", { name: "Acme Dental chat" }).waitFor();
    await lines(page, "bot").filter({ hasText: GREETING }).waitFor();
    await lines(page, "bot").filter({ hasText: MENU }).waitFor();
    for (const label of ["Confirm", "Reschedule", "Cancel"]) expect(await menuButton(page, label).isEnabled()).toBe(true);
    // The page's `* { font-size: 40px; color: red }` and `button { display: none }` stay outside the shadow root.
    const style = await page.evaluate(`(() => {
      const button = document.querySelector("#switchboard-webchat").shadowRoot.querySelector(".options button");
      const s = getComputedStyle(button);
      return [s.display, s.fontSize, s.color];
    })()`);
    expect(style).toEqual(["block", "13px", "rgb(37, 99, 235)"]);
  });

  it("answers a typed reply the menu does not understand, and the earlier buttons go quiet", async () => {
    const composer = widget(page).getByRole("textbox", { name: "Message" });
    await composer.fill("maybe next week?");
    await composer.press("Enter");
    await lines(page, "visitor").filter({ hasText: "maybe next week?" }).waitFor();
    await lines(page, "bot").filter({ hasText: "Sorry, I didn't understand" }).waitFor();
    await expect.poll(() => lines(page, "bot").filter({ hasText: MENU }).count()).toBe(2);
    const firstMenu = lines(page, "bot").filter({ hasText: MENU }).first();
    expect(await firstMenu.getByRole("button", { name: "Confirm" }).isDisabled()).toBe(true);
    await expect.poll(() => widget(page).locator(".msg.visitor.pending").count()).toBe(0);
  });

  it("after a reload, shows the conversation so far (no second greeting) and the customer goes on with the buttons", async () => {
    await page.reload();
    await widget(page).getByRole("button", { name: "Open chat" }).waitFor();
    expect(await page.evaluate("window.Switchboard.isOpen")).toBe(false);
    await page.evaluate("window.Switchboard.open()");
    await lines(page, "bot").filter({ hasText: "Sorry, I didn't understand" }).waitFor();
    expect(await lines(page, "bot").filter({ hasText: GREETING }).count()).toBe(1);
    expect(await lines(page, "visitor").allTextContents()).toEqual(["maybe next week?"]);
    await screenshot(page, "webchat-widget-after-reload");

    await menuButton(page, "Confirm").click();
    await lines(page, "visitor").filter({ hasText: "Confirm" }).waitFor();
    await lines(page, "bot").filter({ hasText: "You're confirmed" }).waitFor();
    await lines(page, "system").filter({ hasText: "This conversation has ended" }).waitFor();
    expect(fixture.provider.requests.filter((request) => request.url === "/appointments//status" && request.body.includes('"status": "confirmed"'))).toHaveLength(1);
    expect(await fixture.count("sessions", "channel_type = 'webchat'")).toBe(1);
    await screenshot(page, "webchat-widget-confirmed");
  });

  it("closes and toggles through the JS API, and closes on Escape", async () => {
    await page.evaluate("window.Switchboard.close()");
    expect(await widget(page).getByRole("dialog").isHidden()).toBe(true);
    await page.evaluate("window.Switchboard.toggle()");
    expect(await widget(page).getByRole("dialog").isVisible()).toBe(true);
    await widget(page).getByRole("textbox", { name: "Message" }).press("Escape");
    expect(await page.evaluate("window.Switchboard.isOpen")).toBe(false);
    await page.evaluate("window.Switchboard.toggle()");
    expect(await page.evaluate("window.Switchboard.isOpen")).toBe(true);
    await page.evaluate("window.Switchboard.toggle()");
    expect(await page.evaluate("window.Switchboard.isOpen")).toBe(false);
    expect(consoleErrors).toEqual([]);
  });

  it("on a site whose origin the channel does not allow, the socket is refused: no visitor, no conversation", async () => {
    const visitors = await fixture.count("webchat_visitors");
    const other = await context.newPage();
    await other.goto(elsewhere.url);
    await other.evaluate("window.Switchboard.open()");
    await expect.poll(() => widget(other).locator(".status").textContent()).toMatch(/Reconnecting|Connecting/);
    // What the browser itself sees: the upgrade fails.
    const outcome = await other.evaluate(`new Promise((resolve) => {
      const socket = new WebSocket(${JSON.stringify(fixture.socketUrl(channelId))});
      socket.onopen = () => resolve("open");
      socket.onclose = (event) => resolve("closed " + event.code);
    })`);
    expect(outcome).toBe("closed 1006");
    expect(await widget(other).locator(".msg").count()).toBe(0);
    expect(await fixture.count("webchat_visitors")).toBe(visitors);
    await other.close();
  });

  it("a new visitor asks to reschedule: an agent joins and answers in the widget; while it is closed, the bubble counts what is new", async () => {
    const agent = await demoAgentOnline(fixture.server);
    const asAgent = (method: string, path: string, body?: unknown) => fixture.server.api(method, path, body, { key: null, headers: { cookie: agent.cookie } });
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await fresh.newPage();
    const errors = collectConsoleErrors(visitor);
    await visitor.goto(shop.url);
    await visitor.evaluate("window.Switchboard.open()");
    await menuButton(visitor, "Reschedule").click();
    await lines(visitor, "bot").filter({ hasText: "Someone from our front desk will be with you shortly" }).waitFor();

    const Conversations = z.array(z.object({ id: z.string(), channelId: z.string().nullable(), status: z.string() }));
    const conversation = await pollUntil(
      async () => Conversations.parse((await fixture.server.api("GET", "/api/conversations?view=all")).body).find((candidate) => candidate.channelId === channelId && candidate.status === "waiting"),
      5_000,
      () => "no waiting conversation",
    );
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/accept`)).status).toBe(200);
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/messages`, { body: "Hello! Which day would suit you?" })).status).toBe(201);
    const fromAgent = lines(visitor, "agent").filter({ hasText: "Which day would suit you?" });
    await fromAgent.waitFor();
    expect(await fromAgent.locator(".author").textContent()).toBeTruthy();

    await widget(visitor).getByRole("textbox", { name: "Message" }).fill("Thursday afternoon");
    await widget(visitor).getByRole("button", { name: "Send" }).click();
    await lines(visitor, "visitor").filter({ hasText: "Thursday afternoon" }).waitFor();

    await visitor.evaluate("window.Switchboard.close()");
    expect((await asAgent("POST", `/api/conversations/${conversation.id}/messages`, { body: "Thursday 2 pm is yours." })).status).toBe(201);
    await expect.poll(() => widget(visitor).locator(".badge").textContent()).toBe("1");
    await screenshot(visitor, "webchat-widget-unread");
    await visitor.evaluate("window.Switchboard.open()");
    await lines(visitor, "agent").filter({ hasText: "Thursday 2 pm is yours." }).waitFor();
    expect(await widget(visitor).locator(".badge").isHidden()).toBe(true);
    await screenshot(visitor, "webchat-widget-agent");
    expect(errors).toEqual([]);
    agent.offline();
    await fresh.close();
  });

  it("embedded in <head>, takes a Switchboard.open() made before the page's body exists", async () => {
    const fresh = await browser.newContext();
    const early = await fresh.newPage();
    const errors = collectConsoleErrors(early);
    await early.goto(`${shop.url}/early`);
    await lines(early, "bot").filter({ hasText: MENU }).waitFor();
    expect(await page.evaluate("window.Switchboard.isOpen")).toBe(false);
    expect(await early.evaluate("window.Switchboard.isOpen")).toBe(true);
    expect(errors).toEqual([]);
    await fresh.close();
  });
});

describe("the widget under the web chat limits", () => {
  // One new visitor per address in 10 minutes; two messages per socket in 2 s.
  const limited = new WebchatFixture();
  let site: StaticSite;
  let limitedChannel = "";

  beforeAll(async () => {
    await limited.start({ WEBCHAT_NEW_VISITORS_PER_IP: "1", WEBCHAT_LIMIT_LOOPBACK: "1", WEBCHAT_MESSAGES_PER_SOCKET: "2", WEBCHAT_MESSAGES_WINDOW_SECONDS: "2" });
    await limited.publish(appointmentFlow("appt-limited", limited.provider));
    site = await startStaticSite(() => `<!doctype html><html><head><title>Acme</title></head><body><h1>Acme</h1>
<script src="${limited.server.url}/widget.js" data-channel="${limitedChannel}"></script></body></html>`);
    limitedChannel = await limited.channel("appt-limited", [site.url]);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await limited.stop();
  });

  const notice = (on: Page) => widget(on).locator(".notice");

  it("a visitor typing too fast is told so, and the held message goes out after the wait; a second new visitor from the same network is told to come back later", async () => {
    const first = await browser.newContext();
    const visitor = await first.newPage();
    const errors = collectConsoleErrors(visitor);
    await visitor.goto(site.url);
    await visitor.evaluate("window.Switchboard.open()");
    await lines(visitor, "bot").filter({ hasText: MENU }).waitFor();

    const composer = widget(visitor).getByRole("textbox", { name: "Message" });
    for (const text of ["one", "two", "three"]) {
      await composer.fill(text);
      await composer.press("Enter");
    }
    await expect.poll(() => notice(visitor).textContent()).toContain("You're sending messages too quickly");
    expect(await notice(visitor).isVisible()).toBe(true);
    const held = lines(visitor, "visitor").filter({ hasText: "three" });
    expect(await held.getAttribute("class")).toContain("pending");
    expect(await held.isVisible()).toBe(true);
    // Scrolled into the log's view, above the notice (which took room from the log).
    const heldInView = `(() => {
      const root = document.querySelector("#switchboard-webchat").shadowRoot;
      const log = root.querySelector(".log").getBoundingClientRect();
      const line = [...root.querySelectorAll('.msg[data-from="visitor"]')].find((candidate) => candidate.textContent === "three").getBoundingClientRect();
      return line.top >= log.top - 1 && line.bottom <= log.bottom + 1;
    })()`;
    expect(await visitor.evaluate(heldInView)).toBe(true);
    await screenshot(visitor, "webchat-widget-rate-limited");
    // After the window the widget sends it again (same id): stored once, the notice gone.
    await expect.poll(() => widget(visitor).locator(".msg.visitor.pending").count(), { timeout: 6_000 }).toBe(0);
    await expect.poll(() => notice(visitor).isHidden(), { timeout: 4_000 }).toBe(true);
    expect(await limited.count("webchat_messages", "sender = 'visitor' AND text = 'three'")).toBe(1);
    expect(errors).toEqual([]);

    const visitors = await limited.count("webchat_visitors");
    const second = await browser.newContext();
    const stranger = await second.newPage();
    const strangerErrors = collectConsoleErrors(stranger);
    await stranger.goto(site.url);
    await stranger.evaluate("window.Switchboard.open()");
    await expect.poll(() => notice(stranger).textContent()).toBe("Too many new chats from your network. Try again in 10 minutes.");
    expect(await widget(stranger).locator(".status").textContent()).toBe("Chat unavailable");
    expect(await widget(stranger).getByRole("textbox", { name: "Message" }).isDisabled()).toBe(true);
    expect(await widget(stranger).locator(".msg").count()).toBe(0);
    await screenshot(stranger, "webchat-widget-too-many-visitors");
    expect(await limited.count("webchat_visitors")).toBe(visitors);
    // The browser logs the 1008 close of a refused socket as nothing: no console errors.
    expect(strangerErrors).toEqual([]);

    // The first visitor is a returning one: a reload resumes the chat whatever the limit.
    await visitor.reload();
    await visitor.evaluate("window.Switchboard.open()");
    await lines(visitor, "visitor").filter({ hasText: "three" }).waitFor();
    expect(await notice(visitor).isHidden()).toBe(true);
    await first.close();
    await second.close();
  });
});
