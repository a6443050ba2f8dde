import { describe, expect, it } from "vitest";
import type { Effect } from "../../engine/index";
import type { PromptAudio } from "../../tts/prompt-audio";
import { element, readTwiml, verbs } from "../test-support/twiml-reader";
import { renderHoldTwiml, renderSayAndHangup, renderVoiceTwiml } from "./render-twiml";
import { VoiceUrls } from "./voice-urls";

const urls = new VoiceUrls("https://sb.example.test", "ch-1");
const base = "https://sb.example.test/webhooks/twilio/voice/ch-1";
const render = (effects: Effect[]) => renderVoiceTwiml(effects, urls);

const menuCollect: Effect = {
  type: "collect",
  nodeId: "menu",
  token: "w3",
  mode: "menu",
  input: "dtmf",
  timeoutSeconds: 8,
  options: [{ key: "1", label: "Sales", say: [] }],
};

describe("effects → TwiML", () => {
  it("a prompt is <Say voice language>; one with audio is <Play> of PUBLIC_URL/audio/<id>.wav", () => {
    const document = render([
      { type: "prompt", nodeId: "a", text: "Hello & welcome", voice: "Polly.Joanna", language: "en-US" },
      { type: "prompt", nodeId: "b", text: "ignored when there is audio", audio: "jingle 1" },
      { type: "end", reason: "hangup_node", nodeId: "b", disconnect: true },
    ]);
    expect(readTwiml(document)).toEqual([
      { name: "Say", attributes: { voice: "Polly.Joanna", language: "en-US" }, text: "Hello & welcome", inside: [] },
      { name: "Play", attributes: {}, text: "https://sb.example.test/audio/jingle%201.wav", inside: [] },
      { name: "Hangup", attributes: {}, text: "", inside: [] },
    ]);
  });

  it("a menu is a one-key <Gather> around its prompts, then a <Redirect> marked timeout for no input", () => {
    const document = render([{ type: "prompt", nodeId: "menu", text: "Press 1 for sales." }, menuCollect]);
    expect(verbs(document)).toEqual(["Gather", "Redirect"]);
    const gather = element(document, "Gather");
    expect(gather.attributes).toEqual({ input: "dtmf", numDigits: "1", finishOnKey: "", timeout: "8", action: `${base}/gather?token=w3`, method: "POST" });
    expect(gather.inside.map((verb) => verb.text)).toEqual(["Press 1 for sales."]);
    expect(element(document, "Redirect")).toMatchObject({ attributes: { method: "POST" }, text: `${base}/gather?token=w3&timeout=1` });
  });

  it("a speech menu gathers speech with the collect's hints and the prompts' language", () => {
    const document = render([
      { type: "prompt", nodeId: "menu", text: "Say sales or support.", language: "es-MX" },
      { ...menuCollect, input: "both", hints: ["Sales", "ventas", "Support"] },
    ]);
    expect(element(document, "Gather").attributes).toEqual({
      input: "dtmf speech",
      numDigits: "1",
      finishOnKey: "",
      timeout: "8",
      action: `${base}/gather?token=w3`,
      method: "POST",
      speechTimeout: "auto",
      hints: "Sales, ventas, Support",
      language: "es-MX",
    });
  });

  it("a gather takes up to maxDigits, ended by its terminator", () => {
    const document = render([
      { type: "prompt", nodeId: "ask", text: "Enter your account number." },
      { type: "collect", nodeId: "ask", token: "w1", mode: "digits", input: "dtmf", timeoutSeconds: 10, minDigits: 6, maxDigits: 10, terminator: "#" },
    ]);
    expect(element(document, "Gather").attributes).toEqual({ input: "dtmf", numDigits: "10", finishOnKey: "#", timeout: "10", action: `${base}/gather?token=w1`, method: "POST" });
  });

  it("a gather listening for spoken digits asks Twilio for speech too (its SpeechResult's digits are the entry)", () => {
    const document = render([
      { type: "prompt", nodeId: "ask", text: "Say or enter your account number.", language: "en-US" },
      { type: "collect", nodeId: "ask", token: "w1", mode: "digits", input: "both", timeoutSeconds: 10, minDigits: 6, maxDigits: 10, terminator: "#" },
    ]);
    expect(element(document, "Gather").attributes).toEqual({ input: "dtmf speech", numDigits: "10", finishOnKey: "#", timeout: "10", action: `${base}/gather?token=w1`, method: "POST", speechTimeout: "auto", language: "en-US" });
  });

  it("an interruptible greeting goes inside the <Gather>; a prompt that may not be interrupted is said before it", () => {
    const greeting: Effect = { type: "prompt", nodeId: "welcome", text: "Welcome.", interruptible: true };
    const notice: Effect = { type: "prompt", nodeId: "notice", text: "Calls are recorded." };
    const menuPrompt: Effect = { type: "prompt", nodeId: "menu", text: "Press 1." };
    const inside = render([greeting, menuPrompt, menuCollect]);
    expect(verbs(inside)).toEqual(["Gather", "Redirect"]);
    expect(element(inside, "Gather").inside.map((verb) => verb.text)).toEqual(["Welcome.", "Press 1."]);
    const before = render([greeting, notice, menuPrompt, menuCollect]);
    expect(verbs(before)).toEqual(["Say", "Say", "Gather", "Redirect"]);
    expect(element(before, "Gather").inside.map((verb) => verb.text)).toEqual(["Press 1."]);
  });

  it("a transfer is <Enqueue> on the team's queue with a waitUrl carrying the waiting message", () => {
    const document = render([
      { type: "prompt", nodeId: "connecting", text: "Please hold.", language: "en-GB" },
      { type: "transfer", nodeId: "to_support", token: "w4", teamId: "support", priority: "normal", timeoutSeconds: 120, waitingMessage: "An agent will be with you shortly.", endsFlow: false },
    ]);
    expect(verbs(document)).toEqual(["Say", "Enqueue"]);
    const enqueue = element(document, "Enqueue");
    expect(enqueue.text).toBe("support");
    expect(enqueue.attributes).toEqual({
      waitUrl: `${base}/wait?token=w4&message=An+agent+will+be+with+you+shortly.&team=support&language=en-GB`,
      waitUrlMethod: "POST",
    });
  });

  it("a hand-off ends the flow without hanging up; other ends hang up; HTTP requests render nothing", () => {
    const handoff = render([
      { type: "transfer", nodeId: "t", token: "w2", teamId: "sales", priority: "high", timeoutSeconds: 60, endsFlow: true },
      { type: "end", reason: "transfer_handoff", nodeId: "t", disconnect: false },
    ]);
    expect(verbs(handoff)).toEqual(["Enqueue"]);
    const ended = render([
      { type: "http_request", nodeId: "h", token: "w1", url: "https://x.test", method: "GET", headers: {}, timeoutSeconds: 5 },
      { type: "prompt", nodeId: "bye", text: "Goodbye." },
      { type: "end", reason: "hangup_node", nodeId: "bye", disconnect: true },
    ]);
    expect(verbs(ended)).toEqual(["Say", "Hangup"]);
    expect(verbs(render([{ type: "end", reason: "caller_hangup", disconnect: false }]))).toEqual([]);
  });

  it("the hold document says the waiting message, then loops the hold music", () => {
    const document = renderHoldTwiml({ token: "w4", message: "Please wait.", language: "en-US" }, urls);
    expect(readTwiml(document)).toEqual([
      { name: "Say", attributes: { language: "en-US" }, text: "Please wait.", inside: [] },
      { name: "Play", attributes: { loop: "0" }, text: "https://sb.example.test/audio/hold.wav", inside: [] },
    ]);
    expect(verbs(renderHoldTwiml({ token: "w4", audio: "jazz" }, urls))).toEqual(["Play"]);
    expect(element(renderHoldTwiml({ token: "w4", audio: "jazz" }, urls), "Play").text).toBe("https://sb.example.test/audio/jazz.wav");
  });

  it("writes a complete TwiML document", () => {
    expect(renderSayAndHangup("Sorry.")).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry.</Say><Hangup/></Response>');
  });
});

describe("prompts a server engine speaks (runtime/tts)", () => {
  const rendered = `tts-${"ab".repeat(32)}`;
  const asked: Array<{ text: string; voice?: string | undefined; language?: string | undefined }> = [];
  const speech: PromptAudio = {
    audioFor: (prompt) => {
      asked.push(prompt);
      return prompt.voice?.startsWith("espeak") === true ? rendered : undefined;
    },
  };

  it("<Play> of the rendered asset when there is one, <Say> otherwise; recorded audio needs no engine", () => {
    const document = renderVoiceTwiml(
      [
        { type: "prompt", nodeId: "a", text: "Your balance is 42 dollars.", voice: "espeak:en-us", language: "en-US" },
        { type: "prompt", nodeId: "b", text: "Goodbye.", voice: "Polly.Joanna", language: "en-US" },
        { type: "prompt", nodeId: "c", text: "ignored", audio: "jingle" },
        { type: "end", reason: "hangup_node", nodeId: "c", disconnect: true },
      ],
      urls,
      speech,
    );
    expect(readTwiml(document)).toEqual([
      { name: "Play", attributes: {}, text: `https://sb.example.test/audio/${rendered}.wav`, inside: [] },
      { name: "Say", attributes: { voice: "Polly.Joanna", language: "en-US" }, text: "Goodbye.", inside: [] },
      { name: "Play", attributes: {}, text: "https://sb.example.test/audio/jingle.wav", inside: [] },
      { name: "Hangup", attributes: {}, text: "", inside: [] },
    ]);
    expect(asked.map((prompt) => prompt.text)).toEqual(["Your balance is 42 dollars.", "Goodbye."]);
  });

  it("a rendered prompt inside a <Gather> is played there, so a key still interrupts it", () => {
    const document = renderVoiceTwiml([{ type: "prompt", nodeId: "menu", text: "Press 1.", voice: "espeak" }, menuCollect], urls, speech);
    expect(element(document, "Gather").inside).toEqual([{ name: "Play", attributes: {}, text: `https://sb.example.test/audio/${rendered}.wav`, inside: [] }]);
  });

  it("an engine voice is never given to <Say> (no engine answered: the channel's default voice speaks)", () => {
    const none: PromptAudio = { audioFor: () => undefined };
    const document = renderVoiceTwiml([{ type: "prompt", nodeId: "a", text: "Hello.", voice: "piper:en_US-lessac-medium", language: "en-GB" }], urls, none);
    expect(readTwiml(document)).toEqual([{ name: "Say", attributes: { language: "en-GB" }, text: "Hello.", inside: [] }]);
  });

  it("the hold document plays the rendered waiting message before the hold music", () => {
    const document = renderHoldTwiml({ token: "w4", message: "Please wait.", voice: "espeak:en-gb" }, urls, speech);
    expect(readTwiml(document).map((verb) => [verb.name, verb.text])).toEqual([
      ["Play", `https://sb.example.test/audio/${rendered}.wav`],
      ["Play", "https://sb.example.test/audio/hold.wav"],
    ]);
  });
});
