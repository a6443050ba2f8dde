import { describe, expect, it } from "vitest";
import { rewriteLiquid } from "./liquid";
import type { WidgetRefs } from "./widget-refs";

const widgets: WidgetRefs = new Map([
  ["menu", { nodeId: "menu", results: "gather" }],
  ["lookup", { nodeId: "lookup", results: "http" }],
  ["ask", { nodeId: "ask-2", results: "menu" }],
  ["hello", { nodeId: "hello", results: "none" }],
  ["set", { nodeId: "set", results: "variables" }],
]);

describe("Studio Liquid → Switchboard templates", () => {
  it.each([
    ["{{trigger.call.From}}", "{{caller.phone}}"],
    ["{{ trigger.call.To }}", "{{call.to}}"],
    ["{{trigger.call.CallSid}}", "{{call.id}}"],
    ["{{trigger.message.From}}", "{{caller.phone}}"],
    ["{{trigger.message.Body}}", "{{vars.last_message}}"],
    ["{{contact.channel.address}}", "{{caller.phone}}"],
    ["{{flow.channel.address}}", "{{call.to}}"],
    ["{{flow.variables.account}}", "{{vars.account}}"],
    ["{{flow.variables.account-no}}", "{{vars.account_no}}"],
    ["{{flow.data.order.id}}", "{{vars.order.id}}"],
    ["{{widgets.menu.Digits}}", "{{nodes.menu.digits}}"],
    ["{{widgets.lookup.parsed.balance.due}}", "{{nodes.lookup.body.balance.due}}"],
    ["{{widgets.lookup.body}}", "{{nodes.lookup.body}}"],
    ["{{widgets.lookup.status_code}}", "{{nodes.lookup.status}}"],
    ["{{widgets.ask.inbound.Body}}", "{{nodes.ask-2.label}}"],
    ["{{widgets.set.Fun-Fact}}", "{{vars.Fun_Fact}}"],
  ])("%s → %s", (liquid, template) => {
    expect(rewriteLiquid(`Value: ${liquid}.`, widgets)).toMatchObject({ text: `Value: ${template}.`, verbatim: [] });
  });

  it("names the variables that come from outside the flow, so the document declares them", () => {
    expect(rewriteLiquid("{{trigger.message.Body}} {{flow.data.order.id}} {{flow.variables.x}}", widgets).inputs).toEqual(["last_message", "order"]);
  });

  it("keeps filters, tags and unknown paths verbatim, saying why", () => {
    const text = "{{flow.variables.count | plus: 1}} {% if flow.data.vip %}VIP{% endif %} {{widgets.menu.SpeechResult}} {{widgets.nobody.Digits}} {{trigger.call.FromCity}} {{widgets.hello.Digits}}";
    const result = rewriteLiquid(text, widgets);
    expect(result.text).toBe(text);
    expect(result.verbatim.map((entry) => entry.liquid)).toEqual([
      "{{flow.variables.count | plus: 1}}",
      "{% if flow.data.vip %}",
      "{% endif %}",
      "{{widgets.menu.SpeechResult}}",
      "{{widgets.nobody.Digits}}",
      "{{trigger.call.FromCity}}",
      "{{widgets.hello.Digits}}",
    ]);
    expect(result.verbatim[0]?.why).toContain("filters");
    expect(result.verbatim[1]?.why).toContain("tags");
    expect(result.verbatim[4]?.why).toContain('no widget "nobody"');
  });

  it("leaves text without Liquid alone", () => {
    expect(rewriteLiquid("Press 1 {not liquid}", widgets)).toEqual({ text: "Press 1 {not liquid}", verbatim: [], inputs: [] });
  });
});
