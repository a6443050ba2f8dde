import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartInput } from "./session-runner";
import { FlowNotFound, FlowNotPublished } from "./session-errors";
import { exampleDocument } from "./test-support/example-documents";
import { RuntimeFixture, said } from "./test-support/runtime-fixture";

const simulator: StartInput["channel"] = { kind: "voice", type: "simulator" };

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open({ publish: ["support-line"] });
});
afterEach(() => rt.dispose());

describe("draft simulations", () => {
  it("keep running the draft they started on after the draft is edited", async () => {
    const started = await rt.runner.start({ flowId: "after-hours", source: "draft", channel: simulator });
    expect(started.state.flow).toEqual({ flowId: "after-hours", version: "draft" });
    expect(await rt.store.sessions.getSessionHead(started.sessionId)).toMatchObject({ source: "draft", version: null });
    // 11:00 in New York on a Wednesday: in hours, so the call goes to support.
    expect(started.effects.at(-1)).toMatchObject({ type: "transfer", teamId: "support" });

    const edited = exampleDocument("after-hours");
    const transfer = edited.nodes.find((node) => node.id === "to_support");
    if (transfer?.type !== "transfer") throw new Error("after-hours has a to_support transfer");
    transfer.data.teamId = "night-shift";
    const goodbye = edited.nodes.find((node) => node.id === "offer_callback");
    if (goodbye?.type !== "menu") throw new Error("after-hours has an offer_callback menu");
    goodbye.data.prompt = { text: "Edited prompt." };
    const flow = await rt.store.flows.getFlow("after-hours");
    expect(await rt.store.flows.saveDraft("after-hours", edited, flow?.revision ?? 0)).toMatchObject({ ok: true });

    const noAnswer = await rt.runner.dispatch(started.sessionId, { type: "transfer_result", result: "no_answer" });
    expect(said(noAnswer.effects)).toEqual([expect.stringContaining("To have one of our team call you back")]);

    // A new simulation gets the edited draft.
    const second = await rt.runner.start({ flowId: "after-hours", source: "draft", channel: simulator });
    expect(second.effects.at(-1)).toMatchObject({ type: "transfer", teamId: "night-shift" });
    const secondNoAnswer = await rt.runner.dispatch(second.sessionId, { type: "transfer_result", result: "no_answer" });
    expect(said(secondNoAnswer.effects)).toEqual(["Edited prompt."]);
  });

  it("goes on in a published flow after goto_flow, with the draft session still readable", async () => {
    const started = await rt.runner.start({ flowId: "language-selector", source: "draft", channel: simulator });
    const english = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "1" });
    expect(english.state.flow).toEqual({ flowId: "support-line", version: 1 });
    expect(english.state.currentNodeId).toBe("main_menu");
    const steps = await rt.store.sessions.listSteps(started.sessionId);
    expect(steps.find((step) => step.nodeId === "to_english")).toMatchObject({ flowId: "language-selector", version: null });
    expect(steps.at(-1)).toMatchObject({ flowId: "support-line", version: 1, nodeId: "main_menu" });
    const sales = await rt.runner.dispatch(started.sessionId, { type: "digits", digits: "1" });
    expect(sales.effects).toEqual([expect.objectContaining({ type: "transfer", teamId: "sales" })]);
  });

  it("refuses a published start without a published version, and a draft start of an unknown flow", async () => {
    await expect(rt.runner.start({ flowId: "after-hours", source: "published", channel: simulator })).rejects.toBeInstanceOf(FlowNotPublished);
    await expect(rt.runner.start({ flowId: "nope", source: "draft", channel: simulator })).rejects.toBeInstanceOf(FlowNotFound);
    await rt.store.flows.deleteFlow("support-line");
    await rt.cache.refresh("support-line");
    await expect(rt.runner.start({ flowId: "support-line", source: "published", channel: simulator })).rejects.toBeInstanceOf(FlowNotPublished);
  });
});
