import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { alwaysOpenSupportLine } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { spokenAt48k } from "../../speech/test-support/spoken-call-audio";
import { requirePocketsphinx } from "../../speech/test-support/require-pocketsphinx";
import { WebvoiceCaller } from "./test-support/webvoice-caller";

const SHOP = "http://shop.example.test:8080";

describe("browser voice: a spoken answer at the support line's menu (espeak-ng through a WebRTC peer)", () => {
  let server: TestServer;
  let channelId = "";
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}${step.input === undefined ? "" : `(${step.input})`}`);

  beforeAll(async () => {
    requirePocketsphinx();
    server = await startTestServer();
    expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("spoken-line"))).status).toBe(201);
    expect((await server.api("POST", "/api/flows/spoken-line/publish", { note: "v1" })).status).toBe(201);
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "spoken-line", settings: { allowedOrigins: [SHOP] } });
    expect(channel.status, channel.text).toBe(201);
    channelId = z.object({ id: z.string() }).parse(channel.body).id;
  }, 30_000);
  afterAll(() => server?.stop());

  for (const [word, option] of [["billing", "3"], ["support", "2"], ["sales", "1"]] as const) {
    it(`"${word}" takes option ${option}`, async () => {
      const caller = await WebvoiceCaller.dial(server, channelId, SHOP, "visitor_0123456789");
      try {
        caller.peer.play(undefined);
        await caller.menuWaits("main_menu");
        const sessionId = await caller.sessionId();
        await caller.peer.say(spokenAt48k(word).samples48k);
        let last: string[] = [];
        await pollUntil(async () => {
          last = await path(sessionId);
          return last.some((step) => step.startsWith("main_menu:option") || step.startsWith("main_menu:invalid") || step.startsWith("main_menu:no_input")) ? true : undefined;
        }, 10_000, () => last.join(" "));
        console.log(last.join(" "));
        expect(last).toContain(`main_menu:option:${option}(${word})`);
      } finally {
        await caller.hangUp();
      }
    }, 30_000);
  }
});
