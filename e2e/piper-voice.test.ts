import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeSamples, ffprobe, rms } from "../runtime/audio/test-support/audio-fixtures";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { piperInstalled } from "../runtime/tts/piper-assets";
import { ADMIN } from "./support/admin";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { inspector, node, storedFlow } from "./support/editor-page";
import { STAND_IN, writeStandInVoice } from "./support/piper-stand-in";

const VOICE = "en_US-standin-x_low";

/**
 * The Piper path in headless chromium: piper-tts-web loaded from the runtime (`/piper/`), a voice
 * from `$DATA_DIR/voices` (the stand-in model), real phonemizing and ONNX inference in the page,
 * the WAV uploaded into the audio library. It needs piper-tts-web installed (`npm install`; or
 * PIPER_TTS_WEB_DIST pointing at its dist folder).
 */
describe.skipIf(!piperInstalled())("Piper in the designer, with a stand-in voice", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  const requested: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-piper-"));
    writeStandInVoice(join(dataDir, "voices"), VOICE);
    server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" }, dataDir);
    const flow = {
      schemaVersion: 1,
      id: "piper-welcome",
      name: "Piper welcome",
      entry: "hello",
      nodes: [
        { id: "hello", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Welcome to Acme.", voice: `piper:${VOICE}` } } },
        { id: "bye", type: "hangup", position: { x: 0, y: 200 }, data: {} },
      ],
      edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "bye" }],
    };
    expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    consoleErrors = collectConsoleErrors(page);
    page.on("request", (request) => requested.push(request.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists the voice dropped into $DATA_DIR/voices", async () => {
    const engines = z.object({ piper: z.object({ installed: z.boolean(), module: z.string().nullable(), voices: z.array(z.object({ id: z.string(), sampleRate: z.number().nullable() })) }) });
    expect(engines.parse((await server.api("GET", "/api/tts")).body).piper).toMatchObject({ installed: true, module: expect.stringMatching(/^\/piper\/.+\.js$/), voices: [{ id: VOICE, sampleRate: STAND_IN.sampleRate }] });
  });

  it("renders a prompt into an audio asset in the browser, loading Piper only when asked", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/designer/);
    await page.goto(`${server.url}/designer/flows/piper-welcome`);
    await node(page, "hello").click();
    const form = inspector(page);
    await expect.poll(() => form.locator('dl[aria-label="Speech engine per channel"] [data-channel="phone"]').getAttribute("data-engine")).toBe("espeak");
    // Nothing of Piper was fetched before the button.
    expect(requested.filter((url) => url.includes("/piper/") || url.includes("/voices/"))).toEqual([]);

    await form.getByRole("button", { name: "Render to audio asset" }).click();
    await expect
      .poll(async () => (await storedFlow(server, "piper-welcome")).document.nodes.find((item) => item.id === "hello")?.data, { timeout: 90_000, interval: 1000 })
      .toMatchObject({ prompt: { audio: expect.any(String), voice: `piper:${VOICE}` } });
    await expect.poll(() => form.locator('dl[aria-label="Speech engine per channel"] [data-channel="phone"]').getAttribute("data-engine")).toBe("audio");
    await screenshot(page, "piper-rendered");

    const assets = z.array(z.object({ id: z.string(), name: z.string(), duration: z.number() })).parse((await server.api("GET", "/api/audio")).body);
    expect(assets).toHaveLength(1);
    const [asset] = assets;
    expect(asset?.name).toContain(VOICE);
    // The stand-in says each phoneme as 256 samples at 16 kHz: a short sentence is a fraction of a second to a few seconds.
    expect(asset?.duration).toBeGreaterThan(0.1);
    const phone = join(server.dataDir, "audio", `${asset?.id}.wav`);
    expect(ffprobe(phone)).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000 });
    expect(rms(decodeSamples(phone))).toBeGreaterThan(0.1);

    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect([...origins]).toEqual([new URL(server.url).origin]);
    expect(requested.some((url) => url.endsWith(`/voices/${VOICE}.onnx`))).toBe(true);
    expect(requested.some((url) => url.includes("/piper/"))).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 150_000);
});
