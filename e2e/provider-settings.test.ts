import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatStandIn } from "../runtime/ai/test-support/chat-stand-in";
import { TranscriptionStandIn } from "../runtime/speech/test-support/transcription-stand-in";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";

const AI_KEY = "sk-ai-secret-0123456789";
const STT_KEY = "sk-stt-secret-9876543210";

let server: TestServer;
let chat: ChatStandIn;
let stt: TranscriptionStandIn;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  [server, chat, stt] = await Promise.all([
    startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" }),
    ChatStandIn.start({ apiKey: AI_KEY }),
    TranscriptionStandIn.start({ apiKey: STT_KEY }),
  ]);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${server.url}/settings/ai`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/settings\/ai$/);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), chat?.close(), stt?.close()]);
});

describe("Settings → AI in a real browser", () => {
  it("adds a provider whose key is sealed, checks it for real (its models listed), and the key never comes back", async () => {
    await expect.poll(() => page.getByRole("heading", { name: "No AI providers yet" }).count()).toBe(1);
    await page.getByRole("button", { name: "Add AI provider" }).click();
    const dialog = page.getByRole("dialog", { name: "Add AI provider" });
    await dialog.getByLabel("Name").fill("local-llm");
    await dialog.getByLabel("Base URL").fill(chat.url);
    await dialog.getByLabel("API key").fill(AI_KEY);
    await dialog.getByLabel("Default model").fill("test-model");
    await dialog.getByLabel("Fallback model (optional)").fill("fallback-model");
    await dialog.getByRole("button", { name: "Add provider" }).click();
    const row = page.getByRole("row", { name: /local-llm/ });
    await expect.poll(() => row.textContent()).toMatch(/OpenAI-compatible.*test-model \(fallback fallback-model\).*Stored/);
    expect(await page.content()).not.toContain(AI_KEY);

    chat.plan({ text: "OK" });
    await row.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toMatch(/OK · HTTP 200 · \d+ ms.*test-model answered "OK".*Models: test-model, fallback-model/);
    expect(chat.chats.at(-1)).toMatchObject({ authorization: `Bearer ${AI_KEY}`, body: { model: "test-model" } });
    await screenshot(page, "settings-ai");
  });

  it("shows the provider's refusal when the key is wrong, and keeps the stored key when an edit leaves it alone", async () => {
    const row = page.getByRole("row", { name: /local-llm/ });
    await row.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit local-llm" });
    await dialog.getByRole("button", { name: "Replace" }).click();
    await dialog.getByLabel("API key").fill("sk-wrong");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await row.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toMatch(/Failed · HTTP 401.*Incorrect API key provided/);

    await row.getByRole("button", { name: "Edit" }).click();
    await dialog.getByRole("button", { name: "Replace" }).click();
    await dialog.getByLabel("API key").fill(AI_KEY);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // A second edit that does not touch the key: the stored (right) key stays.
    await row.getByRole("button", { name: "Edit" }).click();
    await dialog.getByLabel("Default model").fill("test-model");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    chat.plan({ text: "OK" });
    await row.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toMatch(/^OK/);
  });

  it("names the field the server refuses: a second provider with the same name", async () => {
    await page.getByRole("button", { name: "Add AI provider" }).click();
    const dialog = page.getByRole("dialog", { name: "Add AI provider" });
    await dialog.getByLabel("Name").fill("local-llm");
    await dialog.getByLabel("Base URL").fill(chat.url);
    await dialog.getByLabel("Default model").fill("test-model");
    await dialog.getByRole("button", { name: "Add provider" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toMatch(/name/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("row", { name: /local-llm/ }).count()).toBe(1);
  });

  it("removes a provider after confirming", async () => {
    await page.getByRole("row", { name: /local-llm/ }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog", { name: "Remove AI provider" }).getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "No AI providers yet" }).count()).toBe(1);
    expect(await server.store.aiProviders.list()).toHaveLength(0);
  });
});

describe("Settings → Speech in a real browser", () => {
  it("lists the engines this server runs, sets the transcription provider and checks it with a real request", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Speech" }).click();
    await page.waitForURL(/\/settings\/speech$/);
    const engines = page.getByRole("list", { name: "Speech engines" });
    await expect.poll(() => engines.textContent()).toMatch(/Transcription provider: Not available/);

    const form = page.getByRole("form", { name: "Transcription provider" });
    await form.getByLabel("Base URL").fill(stt.url);
    await form.getByLabel("API key").fill(STT_KEY);
    await form.getByLabel("Language (optional)").fill("en");
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => engines.textContent()).toMatch(/Transcription provider: Runs here/);
    expect(await page.content()).not.toContain(STT_KEY);

    stt.plan({ text: "hello there" });
    await form.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/OK · HTTP 200.*hello there/);
    expect(stt.received.at(-1)).toMatchObject({ authorization: `Bearer ${STT_KEY}`, wav: { sampleRate: 16000 } });
    await screenshot(page, "settings-speech");
  });

  it("removes the transcription provider: the engine is no longer available", async () => {
    const form = page.getByRole("form", { name: "Transcription provider" });
    await form.getByRole("button", { name: "Remove provider" }).click();
    await expect.poll(() => page.getByRole("list", { name: "Speech engines" }).textContent()).toMatch(/Transcription provider: Not available/);
    expect(await server.store.transcriptionProviders.get()).toBeUndefined();
    expect(consoleErrors.filter((line) => !line.includes("409") && !line.includes("404"))).toEqual([]);
  });
});
