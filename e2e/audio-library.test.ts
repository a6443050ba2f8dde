import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { convert, espeakWav } from "../runtime/audio/test-support/audio-fixtures";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { inspector, node, storedFlow } from "./support/editor-page";

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let work: string;

const Asset = z.object({ id: z.string(), name: z.string(), oggUrl: z.string() });
const assets = async () => z.array(Asset).parse((await server.api("GET", "/api/audio")).body);

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" });
  work = mkdtempSync(join(tmpdir(), "switchboard-e2e-audio-"));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const row = (name: string) => page.getByRole("row", { name: new RegExp(name) });

describe("the audio library screen in a real browser", () => {
  it("starts empty, reached from the settings navigation", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/designer/);
    await page.goto(`${server.url}/settings/users`);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audio" }).click();
    await page.waitForURL(/\/settings\/audio$/);
    await expect.poll(() => page.getByRole("heading", { name: "No audio yet" }).count()).toBe(1);
  });

  it("uploads with the file picker, shows name, duration and size, and refuses what is not audio", async () => {
    const greeting = espeakWav(work, "Welcome to Acme. All our agents are busy.", "welcome.wav");
    const notAudio = join(work, "notes.wav");
    writeFileSync(notAudio, "these are notes, not audio\n".repeat(40));
    await page.getByLabel("Audio files to upload").setInputFiles([greeting, notAudio]);
    await expect.poll(() => row("welcome").count(), { timeout: 20_000 }).toBe(1);
    expect(await row("welcome").textContent()).toMatch(/welcome0:0\d\.\d\d+ KB/);
    const alert = page.locator(".audio-upload").getByRole("alert");
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await alert.textContent()).toContain("notes.wav: file: not WAV, MP3, OGG or M4A audio");
    expect((await assets()).map((asset) => asset.name)).toEqual(["welcome"]);
  });

  it("uploads a file dropped on the drop zone", async () => {
    const mp3 = convert(espeakWav(work, "Please hold.", "hold-msg.wav"), join(work, "please-hold.mp3"), ["-c:a", "libmp3lame", "-b:a", "32k"]);
    const base64 = readFileSync(mp3).toString("base64");
    const transfer = await page.evaluateHandle(
      `(() => { const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)); const dt = new DataTransfer(); dt.items.add(new File([bytes], "please-hold.mp3", { type: "audio/mpeg" })); return dt; })()`,
    );
    await page.locator(".drop-zone").dispatchEvent("dragover", { dataTransfer: transfer });
    await page.locator(".drop-zone").dispatchEvent("drop", { dataTransfer: transfer });
    await expect.poll(() => row("please-hold").count(), { timeout: 20_000 }).toBe(1);
    expect((await assets()).map((asset) => asset.name).sort()).toEqual(["please-hold", "welcome"]);
  });

  it("plays an asset's OGG in an <audio> element", async () => {
    const play = row("welcome").getByRole("button", { name: "Play welcome" });
    await play.click();
    await expect.poll(() => row("welcome").getByRole("button", { name: "Stop welcome" }).count(), { timeout: 10_000 }).toBe(1);
    const audio = row("welcome").locator("audio");
    const welcomeOgg = await audio.getAttribute("src");
    expect(welcomeOgg).toMatch(/^\/audio\/[0-9a-f-]+\.ogg$/);
    await expect.poll(() => page.evaluate(`document.querySelector('audio[src="${welcomeOgg}"]').currentTime`), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, "settings-audio");
    await row("welcome").getByRole("button", { name: "Stop welcome" }).click();
  });

  it("refuses to delete audio a published flow uses, naming it; deletes the rest", async () => {
    const welcome = (await assets()).find((asset) => asset.name === "welcome");
    if (welcome === undefined) throw new Error("no welcome asset");
    const flow = {
      schemaVersion: 1,
      id: "recorded-welcome",
      name: "Recorded welcome",
      entry: "hello",
      nodes: [
        { id: "hello", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Welcome to Acme.", audio: welcome.id } } },
        { id: "bye", type: "hangup", position: { x: 0, y: 200 }, data: {} },
      ],
      edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "bye" }],
    };
    expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
    expect((await server.api("POST", "/api/flows/recorded-welcome/publish", { note: "v1" })).status).toBe(201);

    await row("welcome").getByRole("button", { name: "Delete welcome" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete audio" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => dialog.getByRole("alert").count(), { timeout: 10_000 }).toBe(1);
    expect(await dialog.getByRole("alert").textContent()).toContain("Recorded welcome (recorded-welcome): version 1");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await row("welcome").count()).toBe(1);

    const hold = (await assets()).find((asset) => asset.name === "please-hold");
    await row("please-hold").getByRole("button", { name: "Delete please-hold" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => row("please-hold").count(), { timeout: 10_000 }).toBe(0);
    expect((await assets()).map((asset) => asset.name)).toEqual(["welcome"]);
    expect((await fetch(`${server.url}${hold?.oggUrl ?? ""}`)).status).toBe(404);
  });

  it("picks audio for a prompt in the inspector and shows which engine speaks it on each channel", async () => {
    await page.goto(`${server.url}/designer/flows/recorded-welcome`);
    await node(page, "hello").click();
    const form = inspector(page);
    const engines = form.locator('dl[aria-label="Speech engine per channel"]');
    await expect.poll(() => engines.locator('[data-channel="phone"]').getAttribute("data-engine")).toBe("audio");
    expect(await engines.locator('[data-channel="chat"]').getAttribute("data-engine")).toBe("text");

    await form.getByLabel("Recorded audio").selectOption({ label: "No recorded audio" });
    await expect.poll(() => engines.locator('[data-channel="phone"]').getAttribute("data-engine")).toBe("native");
    await form.getByRole("textbox", { name: "Voice" }).fill("espeak:en-gb");
    await expect.poll(() => engines.locator('[data-channel="phone"]').getAttribute("data-engine")).toBe("espeak");
    await expect.poll(() => form.getByRole("button", { name: "▶ Phone voice (espeak-ng)" }).count()).toBe(1);

    const welcome = (await assets()).find((asset) => asset.name === "welcome");
    await form.getByLabel("Recorded audio").selectOption({ value: welcome?.id ?? "" });
    await expect.poll(async () => (await storedFlow(server, "recorded-welcome")).document.nodes.find((item) => item.id === "hello")?.data, { timeout: 10_000 }).toMatchObject({
      prompt: { text: "Welcome to Acme.", audio: welcome?.id, voice: "espeak:en-gb" },
    });
    await screenshot(page, "inspector-audio");
  }, 60_000);

  it("logged no console errors but the refusals it provoked", () => {
    const expected = /status of (400|409)/;
    expect(consoleErrors.filter((line) => !expected.test(line))).toEqual([]);
  });
});
