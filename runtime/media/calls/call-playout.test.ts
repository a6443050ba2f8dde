import { describe, expect, it } from "vitest";
import type { Effect } from "../../engine/index";
import { CallPlayout, type PlayItem, type PlayoutActions } from "./call-playout";

type Played = { item: Extract<PlayItem, { kind: "prompt" | "music" }>; playbackId: string };

/** The playout's owner as a record: what it was asked to play and stop, the input it dispatched. */
function playout() {
  const played: Played[] = [];
  const inputs: unknown[] = [];
  let stops = 0;
  const actions: PlayoutActions = {
    play: (item, playbackId) => played.push({ item, playbackId }),
    stop: () => {
      stops += 1;
    },
    hangup: () => undefined,
    input: (event) => inputs.push(event),
    startTimer: () => () => undefined,
    listen: () => undefined,
  };
  return { call: new CallPlayout("call-1", actions), played, inputs, stops: () => stops };
}

const greeting: Effect = { type: "prompt", nodeId: "welcome", text: "Welcome to the voice desk.", language: "en-US", interruptible: true };
const menuPrompt: Effect = { type: "prompt", nodeId: "main", text: "Press 1 to talk to an agent.", language: "en-US" };
const menu: Effect = { type: "collect", nodeId: "main", token: "t1", mode: "menu", input: "dtmf", timeoutSeconds: 5 };
const transfer: Effect = { type: "transfer", nodeId: "to_agent", token: "t2", teamId: "support", priority: "normal", timeoutSeconds: 60, endsFlow: false };

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
