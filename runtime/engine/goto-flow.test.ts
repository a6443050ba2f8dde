import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

const OPEN = new Date("2026-06-03T15:00:00Z");

describe("goto_flow", () => {
  it("continues in the target's published version with the variables kept (language selector → Spanish line)", () => {
    const spanish = { ...exampleFlow("linea-de-soporte"), version: 4 };
    const call = new SessionHarness({ flow: exampleFlow("language-selector"), published: [spanish, exampleFlow("support-line")], now: OPEN });
    call.start();
    call.send({ type: "digits", digits: "2" });
    expect(call.state.flow).toEqual({ flowId: "linea-de-soporte", version: 4 });
    expect(call.state.vars.preferred_language).toBe("es-ES");
    // Results of the old flow's nodes do not leak into the new one.
    expect(call.state.nodes).toEqual({});
    expect(call.last.effects[0]).toMatchObject({ type: "prompt", language: "es-ES" });
    expect(call.path).toEqual([
      "welcome:next",
      "choose_language:waiting",
      "choose_language:option:2",
      "set_spanish:next",
      "to_spanish:goto",
      "bienvenida:next",
      "horario:in_hours",
      "menu_principal:waiting",
    ]);
    expect(call.steps.map((record) => `${record.flowId}@${record.version}`)).toEqual([
      ...Array(5).fill("language-selector@1"),
      ...Array(3).fill("linea-de-soporte@4"),
    ]);
    // The next events run on the new version.
    call.send({ type: "speech", text: "ventas" });
    expect(call.lastOf("transfer")[0]?.teamId).toBe("sales");
  });

  it("ends with goto_target_missing when the target has no published version", () => {
    const call = new SessionHarness({ flow: exampleFlow("language-selector"), now: OPEN });
    call.start();
    call.send({ type: "digits", digits: "1" });
    expect(call.path.slice(-1)).toEqual(["to_english:ended(goto_target_missing)"]);
    expect(call.lastOf("end")).toEqual([{ type: "end", reason: "goto_target_missing", nodeId: "to_english", disconnect: true }]);
    expect(call.state.flow.flowId).toBe("language-selector");
  });

  it("fills the target's declared defaults only for variables not set yet", () => {
    const target = buildFlow({
      id: "target",
      variables: { kept: "default", fresh: "default" },
      nodes: [{ id: "bye", type: "hangup", data: { prompt: { text: "{{vars.kept}} {{vars.fresh}} {{flow.id}}" } } }],
    });
    const source = buildFlow({
      id: "source",
      nodes: [
        { id: "set", type: "set_variables", data: { assignments: [{ name: "kept", value: "mine" }] } },
        { id: "go", type: "goto_flow", data: { flowId: "target" } },
      ],
      edges: [["set", "next", "go"]],
    });
    const call = new SessionHarness({ flow: source, published: [target] });
    call.start();
    expect(call.said).toEqual(["mine default target"]);
  });
});
