import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { matchOption } from "./match-option";
import { SessionHarness } from "./testing/session-harness";

const options = [
  { key: "1", label: "Sales", say: ["new order", "buy"] },
  { key: "2", label: "Technical support", say: ["help"] },
  { key: "*", label: "Operator" },
  { key: "3", label: "Facturación" },
];

describe("menu matching", () => {
  it.each([
    ["1", "1"],
    [" 2 ", "2"],
    ["*", "*"],
    ["Sales.", "1"],
    ["sales", "1"],
    ["SALES!", "1"],
    ["New order?", "1"],
    ["technical-support", "2"],
    ["operator", "*"],
    ["facturacion", "3"],
    ["Facturación.", "3"],
    ["I'd like to buy something", "1"],
    ["press 2", "2"],
  ])("%j picks key %s", (input, key) => {
    expect(matchOption(options, input)?.key).toBe(key);
  });

  it.each(["", "   ", "...", "pizza", "9", "sales or help", "salesman"])("%j matches nothing", (input) => {
    expect(matchOption(options, input)).toBeUndefined();
  });

  it("takes the first key of a multi-key DTMF entry at a menu", () => {
    const call = new SessionHarness({ flow: exampleFlow("support-line") });
    call.start();
    call.send({ type: "digits", digits: "31" });
    expect(call.state.nodes.main_menu).toEqual({ key: "3", label: "Billing" });
  });

  it("a chat button must carry an option key exactly", () => {
    const chat = new SessionHarness({ flow: exampleFlow("support-line"), channel: "chat" });
    chat.start();
    chat.send({ type: "button", key: "Sales" });
    expect(chat.last.steps[0]).toMatchObject({ outcome: "invalid", input: "Sales" });
    chat.send({ type: "button", key: "1" });
    expect(chat.state.nodes.main_menu).toEqual({ key: "1", label: "Sales" });
  });

  it("a Spanish caller saying an accented word is understood", () => {
    const call = new SessionHarness({ flow: exampleFlow("linea-de-soporte") });
    call.start();
    call.send({ type: "speech", text: "Facturacion" });
    expect(call.state.nodes.menu_principal).toEqual({ key: "3", label: "Facturación" });
    expect(call.lastOf("transfer")[0]?.teamId).toBe("billing");
  });
});
