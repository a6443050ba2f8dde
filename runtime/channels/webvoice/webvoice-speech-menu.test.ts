import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { alwaysOpenSupportLine, exampleFlow, type FlowJson, withNodeData } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { spokenAt48k } from "../../speech/test-support/spoken-call-audio";
import { requirePocketsphinx } from "../../speech/test-support/require-pocketsphinx";
import { YES_NO_OPTIONS } from "../../speech/speech-grammar";
import { WebvoiceCaller } from "./test-support/webvoice-caller";

const SHOP = "http://shop.example.test:8080";
const VISITOR = "visitor_0123456789";

/** The support line's menu asking a yes/no question (option 3 stays, so every edge still has its handle). */
function yesNoLine(id: string): FlowJson {
  const [yes, no] = YES_NO_OPTIONS;
  return withNodeData(alwaysOpenSupportLine(id), "main_menu", {
    prompt: { text: "Would you like to hear about our new plans? Say yes or no." },
    options: [
      { key: "1", label: "Yes", say: yes?.say ?? [] },
      { key: "2", label: "No", say: no?.say ?? [] },
      { key: "3", label: "Billing" },
    ],
  });
}

/** examples/account-balance.json whose account number gather listens for spoken digits. */
function spokenAccountBalance(id: string): FlowJson {
  return withNodeData({ ...exampleFlow("account-balance"), id }, "ask_account", { input: "speech" });
}

/**
 * Speech recognition on browser voice calls: espeak-ng speech (16 kHz, upsampled to 48 kHz) sent
 * by a werift peer as the browser sends it (Opus), through the media plane's VAD and pocketsphinx
 * with the node's grammar, into the engine as the caller's speech. The fixtures are ones the
 * offline engine recognises (its accuracy is measured in bench/speech-calls.bench.ts).
 */
describe("browser voice: answers spoken at menus and gathers (espeak-ng through a WebRTC peer)", () => {
  let server: TestServer;
  const channels = new Map<string, string>();
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}${step.input === undefined || step.input === null ? "" : `(${step.input})`}`);
  /** The steps of the session once node `nodeId` decided (anything but waiting). */
  const decided = async (sessionId: string, nodeId: string) => {
    let last: string[] = [];
    await pollUntil(async () => {
      last = await path(sessionId);
      return last.some((step) => step.startsWith(`${nodeId}:`) && !step.startsWith(`${nodeId}:waiting`)) ? true : undefined;
    }, 15_000, () => `${nodeId} never decided: ${last.join(" ")}`);
    return last;
  };
  const dial = async (flowId: string) => {
    const caller = await WebvoiceCaller.dial(server, channels.get(flowId) ?? "", SHOP, VISITOR);
    // A browser sends audio all the time: silence until the caller speaks.
    caller.peer.play(undefined);
    return caller;
  };

  beforeAll(async () => {
    requirePocketsphinx();
    server = await startTestServer();
    for (const flow of [alwaysOpenSupportLine("spoken-line"), yesNoLine("yes-no-line"), spokenAccountBalance("spoken-balance"), withNodeData(alwaysOpenSupportLine("firm-greeting"), "welcome", { interruptible: false })]) {
      expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
      expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
      const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: `Voice ${flow.id}`, flowId: flow.id, settings: { allowedOrigins: [SHOP] } });
      expect(channel.status, channel.text).toBe(201);
      channels.set(flow.id, z.object({ id: z.string() }).parse(channel.body).id);
    }
  }, 60_000);
  afterAll(() => server?.stop());

  for (const [word, voice, speed, option] of [
    ["support", "en-us", 160, "2"],
    ["support", "en-us+m3", 200, "2"],
  ] as const) {
    it(`the support line's menu takes "${word}" (${voice}, ${speed} wpm) as option ${option}`, async () => {
      const caller = await dial("spoken-line");
      try {
        await caller.menuWaits("main_menu");
        await caller.peer.say(spokenAt48k(word, { voice, speed }).samples48k);
        expect(await decided(await caller.sessionId(), "main_menu")).toContain(`main_menu:option:${option}(${word})`);
      } finally {
        await caller.hangUp();
      }
    }, 40_000);
  }

  for (const [word, voice, option] of [["yes", "en-us", "1"], ["no", "en-us+m7", "2"]] as const) {
    it(`a yes/no menu takes "${word}" (${voice}) as option ${option}`, async () => {
      const caller = await dial("yes-no-line");
      try {
        await caller.menuWaits("main_menu");
        await caller.peer.say(spokenAt48k(word, { voice, speed: 150 }).samples48k);
        // What the engine heard is the input ("no", or its say-word "nope"): the option is the answer.
        expect(await decided(await caller.sessionId(), "main_menu")).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^main_menu:option:${option}\\((${word}|${YES_NO_OPTIONS.find((entry) => entry.key === word)?.say?.join("|") ?? ""})\\)$`))]));
      } finally {
        await caller.hangUp();
      }
    }, 40_000);
  }

  it("listens only while a node waits for speech: the leg stops sending audio once answered and when the call ends", async () => {
    const listening = async () => (await server.media.plane.send({ type: "stats" })).stats?.listeningLegs;
    const caller = await dial("spoken-line");
    await caller.menuWaits("main_menu");
    await pollUntil(async () => ((await listening()) === 1 ? true : undefined), 5_000, () => "the menu's leg is not listened to");
    // Answered by a key: the menu is done, the transfer that follows listens for nothing.
    await caller.peer.sendDigits("2", { toneMs: 120 });
    await pollUntil(async () => ((await listening()) === 0 ? true : undefined), 5_000, () => "still listening after the answer");
    await caller.hangUp();
    const again = await dial("spoken-line");
    await again.menuWaits("main_menu");
    await pollUntil(async () => ((await listening()) === 1 ? true : undefined), 5_000, () => "the second call's menu is not listened to");
    await again.hangUp();
    await pollUntil(async () => ((await listening()) === 0 ? true : undefined), 10_000, () => "still listening after the hang-up");
  }, 40_000);

  it("the account balance gather takes a spoken account number as its digits", async () => {
    const caller = await dial("spoken-balance");
    try {
      await caller.menuWaits("ask_account");
      await caller.peer.say(spokenAt48k("one two three four five six", { voice: "en-us+f2", speed: 130 }).samples48k);
      const sessionId = await caller.sessionId();
      expect(await decided(sessionId, "ask_account")).toContain("ask_account:next(123456)");
      const session = z.object({ state: z.object({ vars: z.record(z.string(), z.unknown()) }) }).parse((await server.api("GET", `/api/sessions/${sessionId}`)).body);
      expect(session.state.vars.account_number).toBe("123456");
    } finally {
      await caller.hangUp();
    }
  }, 40_000);

  it("speech that is no option is an invalid answer: the menu says so and asks again", async () => {
    const caller = await dial("spoken-line");
    try {
      await caller.menuWaits("main_menu");
      await caller.peer.say(spokenAt48k("what time do you open on saturday").samples48k);
      const steps = await decided(await caller.sessionId(), "main_menu");
      expect(steps.find((step) => step.startsWith("main_menu:") && !step.startsWith("main_menu:waiting"))).toMatch(/^main_menu:invalid\(.+\)$/);
    } finally {
      await caller.hangUp();
    }
  }, 40_000);

  /** The caller's received audio level (RMS, 48 kHz samples) over the last `ms`. */
  const level = (caller: WebvoiceCaller, ms: number) => caller.peer.receivedEnergy(ms);

  it("barge-in: speaking during the interruptible greeting stops it at once (measured on what the caller hears), and the menu takes the answer", async () => {
    const caller = await dial("spoken-line");
    try {
      // The greeting plays (several seconds of speech).
      await pollUntil(async () => (level(caller, 200) > 0.01 ? true : undefined), 15_000, () => `no greeting heard (level ${level(caller, 200)})`);
      const heardBefore = level(caller, 300);
      const spoken = spokenAt48k("support");
      const sent = caller.peer.say(spoken.samples48k);
      const startedAt = performance.now();
      // While the caller still speaks (the word lasts ~0.6 s after 0.2 s of lead-in), the prompt has stopped: silence comes back.
      await new Promise((resolve) => setTimeout(resolve, spoken.speechStartMs + 450));
      const heardDuring = level(caller, 200);
      await sent;
      expect(heardBefore).toBeGreaterThan(0.01);
      expect(heardDuring, `${Math.round(performance.now() - startedAt)} ms after the caller started`).toBeLessThan(heardBefore / 10);
      expect(await decided(await caller.sessionId(), "main_menu")).toContain("main_menu:option:2(support)");
    } finally {
      await caller.hangUp();
    }
  }, 40_000);

  it("no barge-in over a greeting that may not be interrupted: it plays on, and what was said over it is not taken", async () => {
    const caller = await dial("firm-greeting");
    try {
      await pollUntil(async () => (level(caller, 200) > 0.01 ? true : undefined), 15_000, () => `no greeting heard (level ${level(caller, 200)})`);
      const spoken = spokenAt48k("support");
      const sent = caller.peer.say(spoken.samples48k);
      await new Promise((resolve) => setTimeout(resolve, spoken.speechStartMs + 450));
      expect(level(caller, 200)).toBeGreaterThan(0.01);
      await sent;
      // Long enough for a result to have been taken (end of speech + VAD + recognition).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await path(await caller.sessionId())).not.toContain("main_menu:option:2(support)");
    } finally {
      await caller.hangUp();
    }
  }, 40_000);
});
