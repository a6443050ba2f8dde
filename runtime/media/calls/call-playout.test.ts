import { describe, expect, it } from "vitest";
import type { Effect } from "../../engine/index";
import { CallPlayout, type PlayItem, type PlayoutActions } from "./call-playout";

type Played = { item: Extract<PlayItem, { kind: "prompt" | "music" }>; playbackId: string };

/** The playout's owner as a record: what it was asked to play and stop, the input it dispatched. */
function playout() {
  const played: Played[] = [];
  const inputs: unknown[] = [];
  const dialled: string[] = [];
  let stops = 0;
  const actions: PlayoutActions = {
    play: (item, playbackId) => played.push({ item, playbackId }),
    stop: () => {
      stops += 1;
    },
    hangup: () => undefined,
    dial: (effect) => dialled.push(effect.to),
    input: (event) => inputs.push(event),
    startTimer: () => () => undefined,
    listen: () => undefined,
    record: (effect) => inputs.push({ record: effect.nodeId, afterPlaybacks: played.length }),
  };
  return { call: new CallPlayout("call-1", actions), played, inputs, dialled, stops: () => stops };
}

const greeting: Effect = { type: "prompt", nodeId: "welcome", text: "Welcome to the voice desk.", language: "en-US", interruptible: true };
const menuPrompt: Effect = { type: "prompt", nodeId: "main", text: "Press 1 to talk to an agent.", language: "en-US" };
const menu: Effect = { type: "collect", nodeId: "main", token: "t1", mode: "menu", input: "dtmf", timeoutSeconds: 5 };
const transfer: Effect = { type: "transfer", nodeId: "to_agent", token: "t2", teamId: "support", priority: "normal", timeoutSeconds: 60, endsFlow: false };

describe("CallPlayout: a record node", () => {
  const prompt: Effect = { type: "prompt", nodeId: "leave_message", text: "Leave a message after the tone." };
  const record: Effect = { type: "record", nodeId: "leave_message", token: "r1", playBeep: true, maxLengthSeconds: 60, silenceTimeoutSeconds: 4, finishOnKey: "#", transcribe: false };

  it("records once its prompt and then the beep have played, and a key during the beep does not skip it", () => {
    const { call, played, inputs } = playout();
    call.perform([prompt, record], () => "hold");
    expect(played.map((entry) => entry.item)).toEqual([{ kind: "prompt", prompt, stopOnDtmf: false }]);
    call.playbackEnded(played[0]?.playbackId ?? "", "finished");
    expect(played[1]?.item).toEqual({ kind: "prompt", prompt: { type: "prompt", nodeId: "leave_message", audio: "beep" }, stopOnDtmf: false });
    call.digit("#");
    expect(inputs).toEqual([]);
    call.playbackEnded(played[1]?.playbackId ?? "", "finished");
    expect(inputs).toEqual([{ record: "leave_message", afterPlaybacks: 2 }]);
  });

  it("without a beep it records right after the prompt", () => {
    const { call, played, inputs } = playout();
    call.perform([prompt, { ...record, playBeep: false }], () => "hold");
    call.playbackEnded(played[0]?.playbackId ?? "", "finished");
    expect(played).toHaveLength(1);
    expect(inputs).toEqual([{ record: "leave_message", afterPlaybacks: 1 }]);
  });
});

describe("CallPlayout: a dial node", () => {
  it("places its call only once the prompts before it have played", () => {
    const { call, played, dialled } = playout();
    const dial: Effect = { type: "dial", nodeId: "engineer", token: "t3", to: "+14155550123", sip: false, timeoutSeconds: 25, timeLimitSeconds: 3600, record: false };
    call.perform([greeting, dial], () => "hold");
    expect(played.map((entry) => entry.item.kind)).toEqual(["prompt"]);
    expect(dialled).toEqual([]);
    call.playbackEnded(played[0]?.playbackId ?? "", "finished");
    expect(dialled).toEqual(["+14155550123"]);
  });
});

describe("CallPlayout: a playback whose audio is still being made", () => {
  it("a key during the greeting ends it here (the media process may not have it yet): the menu takes the key and what follows plays at once", () => {
    const { call, played, inputs, stops } = playout();
    call.perform([greeting, menuPrompt, menu], () => "hold");
    const [first] = played;
    expect(first?.item).toMatchObject({ kind: "prompt", prompt: { nodeId: "welcome" } });
    call.digit("1");
    expect(call.playing(first?.playbackId ?? "")).toBe(false);
    expect(stops()).toBe(1);
    expect(inputs).toEqual([{ type: "digits", digits: "1", token: "t1", nodeId: "main" }]);
    // The flow moves on to the transfer: the hold music starts now, not after a greeting that never played.
    call.perform([transfer], () => "hold");
    expect(played.map((entry) => entry.item.kind)).toEqual(["prompt", "music"]);
    // The media process's late word about the greeting changes nothing.
    call.playbackEnded(first?.playbackId ?? "", "interrupted");
    expect(played).toHaveLength(2);
  });

  it("cleared (an agent took the call) before its audio was ready: it is no longer the one to start", () => {
    const { call, played } = playout();
    call.perform([transfer], () => "hold");
    const music = played[0]?.playbackId ?? "";
    expect(call.playing(music)).toBe(true);
    call.clear();
    expect(call.playing(music)).toBe(false);
  });

  it("a key during a prompt that may not be interrupted is dropped and the prompt plays on", () => {
    const { call, played, inputs } = playout();
    call.perform([{ ...menuPrompt, nodeId: "notice" }, { ...greeting, nodeId: "later", interruptible: false }], () => "hold");
    call.digit("5");
    expect(call.playing(played[0]?.playbackId ?? "")).toBe(true);
    expect(inputs).toEqual([]);
  });
});

/** The playout's owner with its silence timers and what speech recognition was told to listen for. */
function listeningPlayout() {
  const played: Played[] = [];
  const inputs: unknown[] = [];
  const timers: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const listened: (string | undefined)[] = [];
  let stops = 0;
  const actions: PlayoutActions = {
    play: (item, playbackId) => played.push({ item, playbackId }),
    stop: () => {
      stops += 1;
    },
    hangup: () => undefined,
    dial: () => undefined,
    input: (event) => inputs.push(event),
    startTimer: (ms, fire) => {
      const timer = { ms, fire, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    listen: (collect) => listened.push(collect?.token),
    record: () => undefined,
  };
  const armed = () => timers.filter((timer) => !timer.cancelled);
  return { call: new CallPlayout("call-1", actions), played, inputs, armed, listened, stops: () => stops };
}

const spokenMenu: Effect = { ...menu, input: "both", options: [{ key: "1", label: "Agent", say: [] }] };

describe("CallPlayout: a collect that listens for speech", () => {
  it("is listened to from its prompts on; speech during an interruptible prompt stops it, and the result is the collect's speech event", () => {
    const { call, played, inputs, listened, stops } = listeningPlayout();
    call.perform([greeting, menuPrompt, spokenMenu], () => "hold");
    expect(listened).toEqual(["t1"]);
    call.speechStarted("t1");
    expect(stops()).toBe(1);
    expect(call.playing(played[0]?.playbackId ?? "")).toBe(false);
    // The menu's own prompt went with the greeting (the rest of the interruptible run).
    expect(played).toHaveLength(1);
    call.speechHeard("t1", { kind: "speech", text: "Agent.", confidence: 0.9 });
    expect(inputs).toEqual([{ type: "speech", text: "Agent.", confidence: 0.9, token: "t1", nodeId: "main" }]);
    expect(listened).toEqual(["t1", undefined]);
  });

  it("holds the silence timer while the caller speaks; nothing heard times the silence again", () => {
    const { call, played, inputs, armed } = listeningPlayout();
    call.perform([menuPrompt, spokenMenu], () => "hold");
    call.playbackEnded(played[0]?.playbackId ?? "", "finished");
    expect(armed()).toHaveLength(1);
    call.speechStarted("t1");
    expect(armed()).toHaveLength(0);
    call.speechHeard("t1", { kind: "speech", text: "", confidence: 0 });
    expect(armed()).toHaveLength(1);
    call.speechStarted("t1");
    call.speechHeard("t1", { kind: "error" });
    expect(armed()).toHaveLength(1);
    armed()[0]?.fire();
    expect(inputs).toEqual([{ type: "timeout", token: "t1", nodeId: "main" }]);
  });

  it("takes nothing said over a prompt that may not be interrupted, nor a result for an older collect", () => {
    const { call, played, inputs } = listeningPlayout();
    const notice: Effect = { ...menuPrompt, nodeId: "notice" };
    call.perform([notice, { ...greeting, interruptible: false }, spokenMenu], () => "hold");
    call.speechStarted("t1");
    expect(call.playing(played[0]?.playbackId ?? "")).toBe(true);
    call.speechHeard("t1", { kind: "speech", text: "agent", confidence: 1 });
    expect(inputs).toEqual([]);
    call.speechHeard("t0", { kind: "speech", text: "agent", confidence: 1 });
    expect(inputs).toEqual([]);
  });

});
