import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishFlow } from "../flows/publish-flow";
import { RuntimeFixture, said } from "./test-support/runtime-fixture";

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open({ publish: ["callback-number"] });
});
afterEach(() => rt.dispose());

/** Publishes callback-number again with another menu prompt (version 2). */
async function republishChild(text: string): Promise<void> {
  const child = await rt.store.flows.getFlow("callback-number");
  if (child === undefined) throw new Error("callback-number is stored");
  const edited = structuredClone(child.draft);
  edited.nodes = edited.nodes.map((node) => (node.type === "menu" ? { ...node, data: { ...node.data, prompt: { text } } } : node));
  await rt.store.flows.saveDraft("callback-number", edited, child.revision);
  await rt.store.flows.publish("callback-number", { author: "test" });
}

describe("a subflow call across a restart", () => {
  it("waits inside the called flow, survives a restart and a republish of it, and returns to the caller's pinned version", async () => {
    const published = await publishFlow(rt.store.flows, "callback-request", { author: "test" });
    expect(published.ok && published.value.pins).toEqual([{ nodeId: "get_number", flowId: "callback-number", version: 1 }]);
    const call = { kind: "voice" as const, type: "twilio_voice" };
    const started = await rt.runner.start({ flowId: "callback-request", source: "published", channel: call, caller: { phone: "+12125550100" } });
    expect(started.state.flow).toEqual({ flowId: "callback-number", version: 1 });

    await republishChild("Version two.");
    await rt.restart();
    const done = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "1" });
    expect(done.status).toBe("ended");
    expect(said(done.effects)).toEqual(["Thank you. One of our team will call you back at +12125550100 within one business day. Goodbye."]);
    expect(done.state.flow).toEqual({ flowId: "callback-request", version: 1 });
    expect(await rt.path(started.sessionId)).toEqual([
      "welcome:next",
      "get_number:call",
      "check_caller_id:no_match",
      "which_number:waiting",
      "which_number:option:1",
      "use_caller_id:return:confirmed",
      "get_number:outcome:confirmed",
      "booked:ended",
    ]);

    // A new call on the same caller version still runs callback-number v1.
    const next = await rt.runner.start({ flowId: "callback-request", source: "published", channel: call, caller: { phone: "+12125550100" } });
    expect(said(next.effects).at(-1)).toContain("We need a phone number");
  });
});
