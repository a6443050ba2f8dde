import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { ChildRuntime, killAllChildRuntimes } from "../../test-support/child-runtime";
import { freePort } from "../../test-support/free-port";
import { exampleFlow, withNodeData } from "../../test-support/example-flows";
import { PUBLIC_URL, readSendMessage, TELEGRAM, telegramMethodPath, telegramPost, telegramTextUpdate, TWILIO_NUMBER, twilioCase, twilioMessagesPath } from "../conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "../conformance/chat-fixture";
import { ProviderStandIn } from "../conformance/provider-stand-in";

/**
 * No chat provider times a conversation out for us: menu, gather and transfer timeouts are the
 * runtime's durable timers. Armed by one process, they fire in the next one after a crash, and
 * their effects are pushed to the customer through the provider's API.
 */

const API_KEY = "sb_chat_crash_key_0123456789abcdef";
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await killAllChildRuntimes();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** appointment-confirmation with a 2 s menu and one retry. */
const quickReminder = () => ({ ...withNodeData(exampleFlow("appointment-confirmation"), "choice", { timeoutSeconds: 2, maxRetries: 1 }), id: "quick-reminder" });

describe("chat timers across a restart", () => {
  it("kill -9 while a Telegram customer sits at a menu: the new process sends the reminder, then the goodbye", async () => {
    const standIn = new ProviderStandIn();
    await standIn.listen();
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-chat-crash-"));
    cleanups.push(() => standIn.close(), () => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = { PUBLIC_URL, TELEGRAM_API_BASE_URL: standIn.url };
    const first = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY, env });
    expect((await first.api("POST", "/api/flows", quickReminder())).status).toBe(201);
    expect((await first.api("POST", "/api/flows/quick-reminder/publish", { note: "crash" })).status).toBe(201);
    const created = await first.api("POST", "/api/channels", { type: "telegram", name: "Bot", flowId: "quick-reminder", credentials: TELEGRAM });
    expect(created.status, created.text).toBe(201);
    const channelId = z.object({ id: z.string() }).parse(created.body).id;

    const post = telegramPost(channelId, telegramTextUpdate(777001, "hi"));
    const answer = await fetch(`${first.url}${post.path}`, { method: "POST", headers: post.headers, body: post.body });
    expect(answer.status).toBe(200);
    const sent = () => standIn.to(telegramMethodPath("sendMessage")).map((request) => readSendMessage(request.body).text);
    expect(sent()).toHaveLength(2);
    await first.kill("SIGKILL");

    const second = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY, env });
    const texts = await pollUntil(async () => (sent().length >= 5 ? sent() : undefined), 15_000, () => `the reminder and the goodbye: ${JSON.stringify(sent())}`, 100);
    expect(texts.slice(2)).toEqual([
      "Just checking in: please tap Confirm, Reschedule or Cancel.",
      "Will you be able to make it? Tap a button below or reply with Confirm, Reschedule or Cancel.",
      "We haven't heard back, so your appointment on your scheduled date stays booked. To make changes, call us at 555-0142. See you soon!",
    ]);
    const sessions = z.object({ items: z.array(z.object({ id: z.string(), status: z.string(), endReason: z.string().nullable() })) }).parse((await second.api("GET", "/api/sessions?channel=telegram")).body);
    expect(sessions.items[0]).toMatchObject({ status: "ended", endReason: "hangup_node" });
  }, 60_000);

  it("a restart in process: a Twilio SMS reminder goes out over REST from the number the customer wrote to", async () => {
    const fx = new ChatFixture();
    await fx.start();
    cleanups.push(() => fx.stop());
    await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "reminder" });
    const chat = twilioCase();
    const channelId = await fx.channel({ ...chat, settings: {} }, "reminder");
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    await fx.restart();
    await fx.dueNow(session.id);
    await pollUntil(async () => (fx.standIn.to(twilioMessagesPath).length >= 2 ? true : undefined), 5_000, () => "the reminder over REST", 25);
    const [reminder] = fx.standIn.to(twilioMessagesPath).map((request) => new URLSearchParams(request.body));
    expect(Object.fromEntries(reminder ?? [])).toEqual({
      From: TWILIO_NUMBER,
      To: customer.contact,
      Body: "Just checking in: please tap Confirm, Reschedule or Cancel.",
      StatusCallback: `${PUBLIC_URL}/webhooks/twilio/messaging/${channelId}/status`,
    });
  });
});
