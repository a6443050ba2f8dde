import twilio from "twilio";
import { bargeInStart } from "../../engine/barge-in-start";
import { isEngineVoice } from "../../../flow-schema/speech-engine";
import type { Effect } from "../../engine/index";
import { installedPromptAudio, type PromptAudio, type SpokenPrompt } from "../../tts/prompt-audio";
import type { HoldMessage, VoiceUrls } from "./voice-urls";
import { DEFAULT_HOLD_AUDIO } from "./voice-urls";

type VoiceResponse = twilio.twiml.VoiceResponse;
type TwimlNode = ReturnType<VoiceResponse["addChild"]>;
/** Anything verbs can be added to: the response, or a `<Gather>`. */
type TwimlParent = Pick<TwimlNode, "addChild">;
type PromptEffect = Extract<Effect, { type: "prompt" }>;
type CollectEffect = Extract<Effect, { type: "collect" }>;
type DialEffect = Extract<Effect, { type: "dial" }>;
type Attributes = Record<string, string | number>;

/** Drops the attributes that are not set (xmlbuilder would write `undefined`). */
function attributes(values: Record<string, string | number | undefined>): Attributes {
  const set: Attributes = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined) set[name] = value;
  return set;
}

/**
 * Text spoken: `<Play>` of the rendered asset when a server engine speaks it (espeak-ng, see
 * flow-schema/speech-engine.ts), else `<Say voice language>` (an engine voice such as
 * `espeak:en-gb` is not a Twilio voice: it is left out). `<Say>` and `<Gather>` are added with
 * `addChild` because the package's typed `say()`/`gather()` only take its fixed lists of voice and
 * language literals, while a flow carries free-form BCP 47 tags and voice names.
 */
function addSpoken(parent: TwimlParent, spoken: SpokenPrompt, urls: VoiceUrls, speech: PromptAudio | undefined): void {
  const rendered = speech?.audioFor(spoken);
  if (rendered !== undefined) {
    parent.addChild("Play", {}).addText(urls.audio(rendered));
    return;
  }
  parent.addChild("Say", attributes({ voice: isEngineVoice(spoken.voice) ? undefined : spoken.voice, language: spoken.language })).addText(spoken.text);
}

/** `<Play>` of the prompt's recorded audio, or its text spoken. */
function addPrompt(parent: TwimlParent, prompt: PromptEffect, urls: VoiceUrls, speech: PromptAudio | undefined): void {
  if (prompt.audio !== undefined) {
    parent.addChild("Play", {}).addText(urls.audio(prompt.audio));
    return;
  }
  if (prompt.text === undefined || prompt.text.trim() === "") return;
  addSpoken(parent, { text: prompt.text, voice: prompt.voice, language: prompt.language }, urls, speech);
}

/** The `<Gather>` attributes of a collect: a menu takes one key (or speech), a gather up to maxDigits. */
function gatherAttributes(collect: CollectEffect, language: string | undefined, urls: VoiceUrls): Attributes {
  const action = urls.gather(collect.token);
  if (collect.mode === "digits") {
    // A gather that listens for spoken digits: Twilio's SpeechResult, whose digits the gather keeps.
    const spoken = collect.input === "speech" || collect.input === "both";
    return attributes({
      input: spoken ? (collect.input === "both" ? "dtmf speech" : "speech") : "dtmf",
      numDigits: collect.maxDigits,
      finishOnKey: collect.terminator ?? "",
      timeout: collect.timeoutSeconds,
      action,
      method: "POST",
      speechTimeout: spoken ? "auto" : undefined,
      language: spoken ? language : undefined,
    });
  }
  const dtmf = collect.input === "dtmf" || collect.input === "both";
  const speech = collect.input === "speech" || collect.input === "both";
  const hints = collect.hints ?? [];
  return attributes({
    input: [dtmf ? "dtmf" : undefined, speech ? "speech" : undefined].filter((mode) => mode !== undefined).join(" "),
    numDigits: dtmf ? 1 : undefined,
    // Menu keys may be # or *: no key may end the entry instead of answering it.
    finishOnKey: dtmf ? "" : undefined,
    timeout: collect.timeoutSeconds,
    action,
    method: "POST",
    speechTimeout: speech ? "auto" : undefined,
    hints: speech && hints.length > 0 ? hints.join(", ") : undefined,
    language: speech ? language : undefined,
  });
}

/**
 * `<Dial action timeout timeLimit callerId record>` with one `<Number>` or `<Sip>` noun. Twilio
 * requests `action` when the dialled call ends (DialCallStatus, DialCallDuration); `record` takes both
 * sides, each on its own channel, from the answer.
 */
function addDial(response: VoiceResponse, dial: DialEffect, urls: VoiceUrls): void {
  const verb = response.addChild(
    "Dial",
    attributes({
      action: urls.dial(dial.token),
      method: "POST",
      timeout: dial.timeoutSeconds,
      timeLimit: dial.timeLimitSeconds,
      callerId: dial.callerId,
      record: dial.record ? "record-from-answer-dual" : undefined,
    }),
  );
  verb.addChild(dial.sip ? "Sip" : "Number", {}).addText(dial.to);
}

/**
 * The TwiML for the effects of one dispatch, in order (see README: the Twilio voice mapping).
 * Prompts wait for what follows them: a collect nests them in its `<Gather>`, anything else says
 * them first. `http_request` and `send_message` effects were performed by the runner already: nothing to render.
 */
export function renderVoiceTwiml(effects: readonly Effect[], urls: VoiceUrls, speech: PromptAudio | undefined = installedPromptAudio()): string {
  const response = new twilio.twiml.VoiceResponse();
  let pending: PromptEffect[] = [];
  let language: string | undefined;
  let voice: string | undefined;
  const flush = (prompts: readonly PromptEffect[], parent: TwimlParent) => {
    for (const prompt of prompts) addPrompt(parent, prompt, urls, speech);
  };

  for (const effect of effects) {
    switch (effect.type) {
      case "prompt":
        pending.push(effect);
        language = effect.language ?? language;
        voice = effect.voice ?? voice;
        break;
      case "message":
        // Not emitted on voice; said rather than lost if a flow ever does.
        pending.push({ type: "prompt", nodeId: effect.nodeId, text: effect.text, ...(voice === undefined ? {} : { voice }), ...(language === undefined ? {} : { language }) });
        break;
      case "collect": {
        const start = bargeInStart(pending, effect);
        flush(pending.slice(0, start), response);
        const gather = response.addChild("Gather", gatherAttributes(effect, language, urls));
        flush(pending.slice(start), gather);
        pending = [];
        // Reached only when the caller entered nothing: Twilio then runs the next verb.
        response.redirect({ method: "POST" }, urls.gatherTimeout(effect.token));
        break;
      }
      case "transfer":
        flush(pending, response);
        pending = [];
        response.enqueue(
          { waitUrl: urls.wait({ token: effect.token, message: effect.waitingMessage, audio: effect.holdAudio, team: effect.teamId, voice, language }), waitUrlMethod: "POST" },
          effect.teamId,
        );
        break;
      case "dial":
        flush(pending, response);
        pending = [];
        addDial(response, effect, urls);
        break;
      case "end":
        flush(pending, response);
        pending = [];
        if (effect.disconnect) response.hangup();
        break;
      case "record":
        flush(pending, response);
        pending = [];
        // Twilio's <Record> (attributes as documented): the caller's keys and silence end it; the
        // recording is kept at Twilio and read back by the runtime. No audio: the next verb runs.
        response.record({
          action: urls.record(effect.token),
          method: "POST",
          maxLength: effect.maxLengthSeconds,
          timeout: effect.silenceTimeoutSeconds,
          finishOnKey: effect.finishOnKey ?? "",
          playBeep: effect.playBeep,
          trim: "trim-silence",
        });
        response.redirect({ method: "POST" }, urls.recordNoAudio(effect.token));
        break;
      case "http_request":
      case "send_message":
        break;
    }
  }
  flush(pending, response);
  return response.toString();
}

/** The `waitUrl` document: the waiting message (spoken like a prompt), then hold music looped until an agent or the timer takes the call out. */
export function renderHoldTwiml(hold: HoldMessage, urls: VoiceUrls, speech: PromptAudio | undefined = installedPromptAudio()): string {
  const response = new twilio.twiml.VoiceResponse();
  if (hold.message !== undefined && hold.message.trim() !== "") {
    addSpoken(response, { text: hold.message, voice: hold.voice, language: hold.language }, urls, speech);
  }
  response.play({ loop: 0 }, urls.audio(hold.audio ?? DEFAULT_HOLD_AUDIO));
  return response.toString();
}

/** Something said, then hang up (an apology, "not available"). */
export function renderSayAndHangup(text: string, language?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.addChild("Say", attributes({ language })).addText(text);
  response.hangup();
  return response.toString();
}

/** `<Hangup/>` alone. */
export function renderHangup(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** An empty document: what a status callback is answered with (Twilio ignores it). */
export function renderEmpty(): string {
  return new twilio.twiml.VoiceResponse().toString();
}
