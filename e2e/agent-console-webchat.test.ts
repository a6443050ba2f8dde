import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatStandIn } from "../runtime/ai/test-support/chat-stand-in";
import { exampleFlow } from "../runtime/test-support/example-flows";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ConsoleDesk, type DeskAgent } from "./support/console-desk";
import { type StaticSite, startStaticSite } from "./support/static-site";
import { WidgetCustomer } from "./support/widget-customer";

/**
 * Issue #6's browser test: two agents of the support team, each in their own browser context on
 * /console, and a web chat customer in a third, on a site of another origin that embeds the
 * widget. The channel runs examples/chat-escalation.json, which greets and transfers to support.
 */

const FLOW_ID = "console-chat-escalation";
const ACKNOWLEDGE = "Hi there, let me find someone from the Acme team to help you.";
const WAITING = "You're in the queue for our support team. Someone will join this chat shortly.";
const GOODBYE = "Thanks for chatting with Acme. Have a great day!";

interface Seat {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

interface AgentSeat extends Seat {
  agent: DeskAgent;
}

const desk = new ConsoleDesk();
let site: StaticSite;
let channelId = "";
let browser: Browser;
let ann: AgentSeat;
let bob: AgentSeat;
let visitor: Seat;
let customer: WidgetCustomer;
let model: ChatStandIn;

/** The customer's site: its own page, and the one-line embed. */
const sitePage = () => `<!doctype html>
<html><head><title>Acme Outdoor</title></head>
<body><h1>Acme Outdoor</h1><p>Tents, stoves and boots. Questions about an order? Chat with us.</p>
<script src="${desk.server.url}/widget.js" data-channel="${channelId}" data-title="Acme support"></script>
</body></html>`;

async function seat(): Promise<Seat> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  return { context, page, errors: collectConsoleErrors(page) };
}

const connection = (page: Page): Locator => page.getByRole("status", { name: "Connection" });
const offer = (page: Page): Locator => page.getByRole("alertdialog", { name: /^Incoming offer/ });
const room = (page: Page): Locator => page.getByRole("region", { name: /^Conversation / });
const messages = (page: Page): Locator => room(page).getByRole("list", { name: "Messages" });

beforeAll(async () => {
  await desk.start();
  // The AI provider the agents' reply suggestions come from: an OpenAI-compatible stand-in.
  model = await ChatStandIn.start();
  const assist = await desk.server.api("POST", "/api/ai/providers", { name: "Assist", kind: "openai", baseUrl: model.url, defaultModel: "test-model", timeoutSeconds: 5, assist: true });
  expect(assist.status, assist.text).toBe(201);
  site = await startStaticSite(sitePage);
  await desk.publish({ ...exampleFlow("chat-escalation"), id: FLOW_ID, name: "Console chat escalation" });
  channelId = await desk.webchatChannel(FLOW_ID, [site.url]);
  browser = await launchBrowser();
  ann = { agent: await desk.agent("Ann Agent"), ...(await seat()) };
  bob = { agent: await desk.agent("Bob Agent"), ...(await seat()) };
  visitor = await seat();
  customer = new WidgetCustomer(desk.server, visitor.page, site.url, channelId);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await model?.close();
  await desk.stop();
});

describe("two agents and a web chat customer, each in their own browser", () => {
  it("both agents sign in on the login page and land on the console, online", async () => {
    for (const { page, agent } of [ann, bob]) {
      await page.goto(`${desk.server.url}/login`);
      await page.getByLabel("Email").fill(agent.email);
      await page.getByLabel("Password").fill(agent.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/console$/);
      await expect.poll(() => connection(page).textContent()).toContain("Online");
    }
  });

  it("the customer opens the chat on the shop's site: the flow answers and queues them; both agents get the offer", async () => {
    await customer.reachAgents();
    await customer.line("bot", ACKNOWLEDGE).waitFor();
    await customer.line("bot", WAITING).waitFor();

    for (const { page } of [ann, bob]) {
      await expect.poll(() => offer(page).count()).toBe(1);
      const card = offer(page);
      expect(await card.getAttribute("aria-label")).toBe(`Incoming offer: ${customer.name} · Support`);
      expect(await card.locator(".channel-badge").first().textContent()).toBe("Web chat");
      expect(await card.getByRole("list", { name: "Flow path" }).textContent()).toMatch(/acknowledge.*tag.*route.*support_team/);
    }
    await screenshot(visitor.page, "console-webchat-customer-waiting");
    await screenshot(bob.page, "console-webchat-offer");
  });

  it("Ann accepts: Bob's offer disappears, Ann has the room, the customer is told she joined", async () => {
    await ann.page.getByRole("button", { name: "Accept" }).click();
    await ann.page.waitForURL(/\/console\/[^/]+$/);
    await expect.poll(() => offer(ann.page).count()).toBe(0);
    await expect.poll(() => offer(bob.page).count()).toBe(0);
    await expect.poll(() => bob.page.getByRole("status").filter({ hasText: "Offer withdrawn" }).textContent()).toContain("taken by another agent");
    await screenshot(bob.page, "console-webchat-offer-taken");

    await expect.poll(() => room(ann.page).getByText("Active", { exact: true }).count()).toBe(1);
    expect(await room(ann.page).getByRole("heading", { level: 2 }).textContent()).toBe(`${customer.name} · Support`);
    await expect.poll(() => messages(ann.page).textContent()).toContain("Ann Agent joined");
    await customer.line("system", "Ann Agent joined").waitFor();
  });

  it("the customer's typed message reaches Ann's room with the web chat badge", async () => {
    await customer.say("My order #1042 has not arrived yet.");
    const heard = messages(ann.page).getByRole("listitem").filter({ hasText: "My order #1042 has not arrived yet." });
    await expect.poll(() => heard.count()).toBe(1);
    expect(await heard.locator(".message-author").textContent()).toBe(customer.name);
    expect(await heard.locator(".channel-badge").textContent()).toBe("Web chat");
    // Bob, who did not take it, does not have the room open.
    expect(await room(bob.page).count()).toBe(0);
    const sidebar = ann.page.getByRole("complementary", { name: "Conversation details" });
    await expect.poll(() => sidebar.getByRole("list", { name: "Participants" }).textContent()).toMatch(/customer.*Web chat.*Ann Agent.*agent/s);
  });

  it("Ann asks for reply suggestions: picking one puts it in her message box, and nothing is sent", async () => {
    model.plan({ text: '{"suggestions": ["I am sorry order #1042 is late.", "Could you confirm your address?"]}' });
    const suggestions = room(ann.page).getByRole("group", { name: "Reply suggestions" });
    await suggestions.getByRole("button", { name: "Suggest replies" }).click();
    await suggestions.getByRole("button", { name: "Could you confirm your address?" }).click();
    expect(await ann.page.getByRole("textbox", { name: "Message" }).inputValue()).toBe("Could you confirm your address?");
    expect(JSON.stringify(model.chats.at(-1)?.body)).toContain("My order #1042 has not arrived yet.");
    expect(customer.received().join("\n")).not.toContain("confirm your address");
  });

  it("Ann's reply reaches the customer's widget, signed with her name", async () => {
    const composer = ann.page.getByRole("textbox", { name: "Message" });
    await composer.fill("Sorry about that! Let me look up order #1042.");
    await composer.press("Enter");
    await expect.poll(() => messages(ann.page).getByRole("listitem").filter({ hasText: "Let me look up order #1042." }).count()).toBe(1);
    const reply = customer.line("agent", "Let me look up order #1042.");
    await reply.waitFor();
    expect(await reply.locator(".author").textContent()).toBe("Ann Agent");
    expect(customer.received()).toContain("Sorry about that! Let me look up order #1042.");
    await screenshot(ann.page, "console-webchat-room");
    await screenshot(visitor.page, "console-webchat-customer-reply");
  });

  it("Ann closes the conversation: the flow goes on to its goodbye in the widget", async () => {
    await room(ann.page).getByRole("group", { name: "Call controls" }).getByRole("button", { name: "Close" }).click();
    const dialog = ann.page.getByRole("dialog", { name: "Close conversation" });
    await dialog.getByLabel("Reason").fill("resolved: parcel re-sent");
    await dialog.getByRole("button", { name: "Close conversation" }).click();
    await expect.poll(() => room(ann.page).getByText("Closed", { exact: true }).count()).toBe(1);
    expect(await ann.page.getByRole("textbox", { name: "Message" }).isDisabled()).toBe(true);

    await customer.line("bot", GOODBYE).waitFor();
    await customer.line("system", "This conversation has ended").waitFor();
    await expect.poll(() => customer.session()).toMatchObject({ status: "ended" });
    expect((await customer.session()).path).toEqual(expect.arrayContaining(["support_team:completed", expect.stringMatching(/^chat_done:/)]));
    // What the customer was sent after reaching the agents, in order.
    const sent = customer.received();
    const order = ["Ann Agent joined", "Sorry about that! Let me look up order #1042.", GOODBYE].map((text) => sent.findIndex((line) => line.includes(text)));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The sidebar now says what it was about: the customer's reason, their (negative) sentiment.
    const insights = ann.page.getByRole("complementary", { name: "Conversation details" }).getByRole("region", { name: "Insights" });
    await expect.poll(() => insights.textContent()).toMatch(/order #1042 has not arrived yet.*Sentiment\s*Negative \(-0\.\d\d\)/s);
    await screenshot(ann.page, "console-webchat-closed");
    await screenshot(visitor.page, "console-webchat-customer-closed");
  });

  it("no console errors in any of the three browsers", () => {
    expect(ann.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  });
});
