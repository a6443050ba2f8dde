import { describe, expect, it } from "vitest";
import { timelineItems } from "./timeline";
import { loopLine } from "./testing/loop-line";
import { exampleVersion, recordSession } from "./testing/recorded-session";

describe("timelineItems", () => {
  it("names each step's node and outcome from the document, with its time since the start", () => {
    const session = recordSession(exampleVersion("support-line"), [
      { type: "speech", text: "billing" },
      { type: "transfer_result", result: "no_answer" },
    ]);
    const items = timelineItems(session, session.steps, session.documents);
    expect(items.map((item) => [item.offsetText, item.nodeType, item.label, item.outcomeText, item.input, item.visit])).toEqual([
      ["+0 s", "greeting", "Welcome", "Next", null, 1],
      ["+0 s", "timing", "Business hours", "Open", null, 2],
      ["+0 s", "menu", "Main menu", "waiting for a choice", null, 3],
      ["+2 s", "menu", "Main menu", "3 · Billing", "billing", undefined],
      ["+2 s", "transfer", "Transfer to billing", "waiting for an agent", null, 4],
      ["+4 s", "transfer", "Transfer to billing", "No answer", null, undefined],
      ["+4 s", "hangup", "No agent answered", "ended: Hang-up node reached", null, 5],
    ]);
    expect(items.map((item) => item.kind)).toEqual(["handle", "handle", "stay", "handle", "stay", "handle", "ended"]);
    expect(items[3]).toMatchObject({ seq: 4, key: "support-line@1", nodeType: "menu", typeTitle: "Menu", outcome: "option:3", offsetMs: 2000 });
  });

  it("marks where a goto_flow continued in another flow", () => {
    const session = recordSession(exampleVersion("language-selector"), [{ type: "digits", digits: "2" }], [exampleVersion("linea-de-soporte", 4)]);
    const items = timelineItems(session, session.steps, session.documents);
    const at = items.findIndex((item) => item.outcome === "goto");
    expect(items[at]).toMatchObject({ label: "Spanish support line", typeTitle: "Go to flow", outcomeText: "went to flow linea-de-soporte", kind: "goto", newFlow: false });
    const next = items[at + 1];
    expect(next).toMatchObject({ key: "linea-de-soporte@4", newFlow: true, visit: 5 });
    expect(items.filter((item) => item.newFlow)).toHaveLength(1);
  });

  it("shows a subflow's steps between the call and the return, on the called flow's version", () => {
    // callback-request's draft calls callback-number's live version 1; no caller id, so 10 digits are entered.
    const session = recordSession({ ...exampleVersion("callback-request"), version: "draft" }, [{ type: "digits", digits: "2125550123" }], [exampleVersion("callback-number")]);
    const items = timelineItems(session, session.steps, session.documents);
    expect(items.map((item) => [item.key, item.label, item.outcomeText, item.kind])).toEqual([
      ["callback-request@draft", "Welcome", "Next", "handle"],
      ["callback-request@draft", "Get a callback number", "called flow callback-number", "goto"],
      ["callback-number@1", "Caller id usable?", "{{caller.phone}} is empty", "handle"],
      ["callback-number@1", "Enter a number", "waiting for digits", "stay"],
      ["callback-number@1", "Enter a number", "Next", "handle"],
      ["callback-number@1", "Return the entered number", "returned confirmed", "goto"],
      ["callback-request@draft", "Get a callback number", "confirmed", "handle"],
      ["callback-request@draft", "Callback confirmed", "ended: Hang-up node reached", "ended"],
    ]);
    expect(items.filter((item) => item.newFlow).map((item) => item.key)).toEqual(["callback-number@1", "callback-request@draft"]);
  });

  it("retries say what went wrong; an unconnected handle ends with its reason", () => {
    const session = recordSession(loopLine, [{ type: "timeout" }, { type: "digits", digits: "7" }, { type: "digits", digits: "3" }]);
    const items = timelineItems(session, session.steps, session.documents);
    expect(items.map((item) => item.outcomeText)).toEqual([
      "Next",
      "waiting for a choice",
      "no input, asked again",
      "invalid input, asked again",
      "3 · Nowhere",
      "ended: Outcome with no edge",
    ]);
    expect(items.map((item) => item.input)).toEqual([null, null, null, "7", "3", null]);
  });

  it("falls back to the node id and the type's title when the document is not available", () => {
    const session = recordSession(exampleVersion("support-line"), []);
    const items = timelineItems(session, session.steps, new Map());
    expect(items.map((item) => [item.nodeType, item.label, item.typeTitle, item.outcomeText])).toEqual([
      ["greeting", "welcome", "Greeting", "next"],
      ["timing", "hours", "Business hours", "in_hours"],
      ["menu", "main_menu", "Menu", "waiting for a choice"],
    ]);
  });
});
