import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RuntimeFixture, said } from "./test-support/runtime-fixture";

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open();
});
afterEach(() => rt.dispose());

describe("a restart", () => {
  it("continues a waiting session, and its timer fires in the new process", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
    rt.advance(3_000);
    await rt.restart();

    rt.advance(5_000);
    expect(await rt.worker.runDue()).toBe(1);
    const reprompt = rt.pushed.at(-1);
    expect(reprompt).toMatchObject({ sessionId: started.sessionId, origin: "timer" });
    expect(said(reprompt?.effects ?? [])).toEqual(["I didn't hear a selection.", expect.stringContaining("For sales")]);

    await rt.restart();
    const chosen = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "3" });
    expect(chosen.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "billing" })]);
    expect(await rt.path(started.sessionId)).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:no_input",
      "main_menu:option:3",
      "to_billing:waiting",
    ]);
  });

  it("runs a session on the version it started on after a newer one is published", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
    const flow = await rt.store.flows.getFlow("support-line");
    if (flow === undefined) throw new Error("support-line is stored");
    const edited = structuredClone(flow.draft);
    edited.nodes = edited.nodes.map((node) => (node.id === "to_sales" && node.type === "transfer" ? { ...node, data: { ...node.data, teamId: "sales-v2" } } : node));
    await rt.store.flows.saveDraft("support-line", edited, flow.revision);
    await rt.store.flows.publish("support-line", { author: "test" });
    await rt.restart();
    expect(rt.cache.loadFlow("support-line")?.version).toBe(2);

    const pinned = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "1" });
    expect(pinned.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "sales" })]);
    const fresh = await rt.runner.start({ flowId: "support-line", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
    const latest = await rt.runner.dispatch(fresh.sessionId, { type: "digits", digits: "1" });
    expect(latest.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "sales-v2" })]);
  });
});
