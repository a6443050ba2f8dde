import { describe, expect, it } from "vitest";
import { flowVersionsOf } from "./flow-version-ref";
import { sessionPaths } from "./session-path";
import { loopLine } from "./testing/loop-line";
import { exampleVersion, pathText, recordSession } from "./testing/recorded-session";
import { visitNumbers } from "./visit-numbers";

describe("the path of a session", () => {
  it("support line: retries stay one visit, the edges taken join consecutive nodes, the last node is marked", () => {
    const session = recordSession(exampleVersion("support-line", 3), [
      { type: "digits", digits: "9" },
      { type: "digits", digits: "2" },
      { type: "transfer_result", result: "completed" },
    ]);
    expect(pathText(session.steps)).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:invalid",
      "main_menu:option:2",
      "to_support:waiting",
      "to_support:completed",
      "goodbye:ended",
    ]);
    expect(visitNumbers(session.steps)).toEqual([1, 2, 3, undefined, undefined, 4, undefined, 5]);

    const paths = sessionPaths(session.steps, session.documents);
    expect([...paths.keys()]).toEqual(["support-line@3"]);
    const path = paths.get("support-line@3");
    expect(path?.visits).toEqual(
      new Map([
        ["welcome", [1]],
        ["hours", [2]],
        ["main_menu", [3]],
        ["to_support", [4]],
        ["goodbye", [5]],
      ]),
    );
    expect(path?.edgeIds).toEqual(["welcome-next", "hours-in_hours", "main_menu-option-2", "to_support-completed"]);
    expect(path?.lastNodeId).toBe("goodbye");
  });

  it("a session still waiting ends its path at the node it waits at", () => {
    const session = recordSession(exampleVersion("support-line"), []);
    const path = sessionPaths(session.steps, session.documents).get("support-line@1");
    expect(path?.edgeIds).toEqual(["welcome-next", "hours-in_hours"]);
    expect(path?.lastNodeId).toBe("main_menu");
  });

  it("language selector → support line: one path per flow version, visit numbers continue across the goto", () => {
    const session = recordSession(exampleVersion("language-selector", 2), [{ type: "digits", digits: "1" }, { type: "hangup" }], [exampleVersion("support-line", 5)]);
    expect(pathText(session.steps)).toEqual([
      "welcome:next",
      "choose_language:waiting",
      "choose_language:option:1",
      "set_english:next",
      "to_english:goto",
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:ended",
    ]);
    expect(flowVersionsOf(session, session.steps).map((ref) => ref.key)).toEqual(["language-selector@2", "support-line@5"]);

    const paths = sessionPaths(session.steps, session.documents);
    const selector = paths.get("language-selector@2");
    const line = paths.get("support-line@5");
    expect(selector?.visits).toEqual(
      new Map([
        ["welcome", [1]],
        ["choose_language", [2]],
        ["set_english", [3]],
        ["to_english", [4]],
      ]),
    );
    expect(selector?.edgeIds).toEqual(["welcome-next", "choose_language-option-1", "set_english-next"]);
    expect(selector?.lastNodeId).toBeUndefined();
    // Both flows have a node "welcome": each flow version keeps its own.
    expect(line?.visits).toEqual(
      new Map([
        ["welcome", [5]],
        ["hours", [6]],
        ["main_menu", [7]],
      ]),
    );
    expect(line?.edgeIds).toEqual(["welcome-next", "hours-in_hours"]);
    expect(line?.lastNodeId).toBe("main_menu");
  });

  it("a loop: a node visited twice keeps both visit numbers, an edge taken twice is listed once", () => {
    const session = recordSession(loopLine, [
      { type: "digits", digits: "1" },
      { type: "digits", digits: "2" },
    ]);
    expect(pathText(session.steps)).toEqual(["hello:next", "menu:waiting", "menu:option:1", "hello:next", "menu:waiting", "menu:option:2", "bye:ended"]);
    const path = sessionPaths(session.steps, session.documents).get("loop-line@1");
    expect(path?.visits).toEqual(
      new Map([
        ["hello", [1, 3]],
        ["menu", [2, 4]],
        ["bye", [5]],
      ]),
    );
    expect(path?.edgeIds).toEqual(["hello-next", "menu-1", "menu-2"]);
  });

  it("a handle with no edge draws no edge", () => {
    const session = recordSession(loopLine, [{ type: "digits", digits: "3" }]);
    expect(pathText(session.steps)).toEqual(["hello:next", "menu:waiting", "menu:option:3", "menu:ended"]);
    expect(session.endReason).toBe("unconnected_handle");
    const path = sessionPaths(session.steps, session.documents).get("loop-line@1");
    expect(path?.edgeIds).toEqual(["hello-next"]);
    expect(path?.lastNodeId).toBe("menu");
  });

  it("without the document (deleted flow) the nodes are still counted, but no edge is drawn", () => {
    const session = recordSession(exampleVersion("support-line"), [{ type: "digits", digits: "1" }]);
    const path = sessionPaths(session.steps, new Map()).get("support-line@1");
    expect([...(path?.visits.keys() ?? [])]).toEqual(["welcome", "hours", "main_menu", "to_sales"]);
    expect(path?.edgeIds).toEqual([]);
  });
});

describe("flowVersionsOf", () => {
  it("lists the session's own version first, a draft as flowId@draft, each version once", () => {
    const steps = [
      { flowId: "a", version: null },
      { flowId: "b", version: 2 },
      { flowId: "a", version: null },
      { flowId: "b", version: 3 },
    ];
    expect(flowVersionsOf({ flowId: "a", version: null }, steps)).toEqual([
      { key: "a@draft", flowId: "a", version: null },
      { key: "b@2", flowId: "b", version: 2 },
      { key: "b@3", flowId: "b", version: 3 },
    ]);
    expect(flowVersionsOf({ flowId: "c", version: 1 }, [])).toEqual([{ key: "c@1", flowId: "c", version: 1 }]);
  });
});
