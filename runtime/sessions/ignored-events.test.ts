import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartInput } from "./session-runner";
import { createSession, type EngineEvent } from "../engine/index";
import { SessionExists, SessionNotFound } from "./session-errors";
import { RuntimeFixture } from "./test-support/runtime-fixture";

const voice: StartInput["channel"] = { kind: "voice", type: "twilio_voice" };

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open();
});
afterEach(() => rt.dispose());

describe("events the engine ignores", () => {
  it("write nothing: no commit, no rev bump, no steps, timers untouched, no hooks", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice });
    const before = await rt.store.sessions.getSessionHead(started.sessionId);
    const timers = await rt.store.timers.listPending(started.sessionId);
    const hooks = { steps: rt.steps.length, pushed: rt.pushed.length };
    rt.advance(1_000);

    const events: EngineEvent[] = [
      { type: "timeout", token: "w0" },
      { type: "digits", digits: "1", nodeId: "hours" },
      { type: "http_result", status: 200, body: "{}" },
      { type: "transfer_result", result: "completed" },
      { type: "start" },
    ];
    for (const event of events) {
      const result = await rt.runner.dispatch(started.sessionId, event);
      expect(result, event.type).toMatchObject({ sessionId: started.sessionId, status: "waiting", effects: [] });
    }
    expect(await rt.store.sessions.getSessionHead(started.sessionId)).toEqual(before);
    expect(await rt.store.timers.listPending(started.sessionId)).toEqual(timers);
    expect({ steps: rt.steps.length, pushed: rt.pushed.length }).toEqual(hooks);
  });

  it("throws SessionNotFound for an unknown session", async () => {
    await expect(rt.runner.dispatch("no-such-session", { type: "hangup" })).rejects.toBeInstanceOf(SessionNotFound);
    expect(rt.runner.activeSessions).toBe(0);
  });
});

describe("start with a given session id", () => {
  it("refuses an id that already started", async () => {
    await rt.runner.start({ flowId: "support-line", source: "published", channel: voice, sessionId: "CA-1" });
    await expect(rt.runner.start({ flowId: "support-line", source: "published", channel: voice, sessionId: "CA-1" })).rejects.toBeInstanceOf(SessionExists);
  });

  it("starts a session that was created but never got its first step (a crash in between)", async () => {
    const flow = rt.cache.loadFlow("support-line");
    if (flow === undefined) throw new Error("support-line is published");
    const state = createSession({ sessionId: "CA-2", flow, channel: voice, now: rt.clock() });
    await rt.store.sessions.createSession({ id: "CA-2", flowId: "support-line", version: 1, channelType: "twilio_voice", state });

    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: voice, sessionId: "CA-2" });
    expect(started).toMatchObject({ sessionId: "CA-2", status: "waiting" });
    expect(await rt.path("CA-2")).toEqual(["welcome:next", "hours:in_hours", "main_menu:waiting"]);
  });
});
