import { describe, expect, it } from "vitest";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

describe("set_variables", () => {
  it("applies assignments in order, each seeing the ones before", () => {
    const flow = buildFlow({
      id: "assign",
      nodes: [
        {
          id: "set",
          type: "set_variables",
          data: {
            assignments: [
              { name: "first", value: "Ada" },
              { name: "full", value: "{{vars.first}} Lovelace" },
              { name: "first", value: "Grace" },
              { name: "greeting", value: "Hi {{vars.first}} ({{vars.full}}) on {{channel.type}} from {{caller.phone}}" },
            ],
          },
        },
        { id: "end", type: "hangup", data: { prompt: { text: "{{vars.greeting}}" } } },
      ],
      edges: [["set", "next", "end"]],
    });
    const call = new SessionHarness({ flow, caller: { phone: "+100" } });
    call.start();
    expect(call.state.vars).toEqual({
      first: "Grace",
      full: "Ada Lovelace",
      greeting: "Hi Grace (Ada Lovelace) on twilio_voice from +100",
    });
    expect(call.said).toEqual(["Hi Grace (Ada Lovelace) on twilio_voice from +100"]);
  });

  it("a value that is a lone placeholder keeps the type of what it names; a missing one is empty text", () => {
    const flow = buildFlow({
      id: "typed",
      nodes: [
        { id: "api", type: "http", data: { url: "https://x.example/" } },
        {
          id: "copy",
          type: "set_variables",
          data: {
            assignments: [
              { name: "balance", value: "{{nodes.api.body.balance}}" },
              { name: "whole", value: "{{ nodes.api.body }}" },
              { name: "text", value: "{{nodes.api.body.balance}} USD" },
              { name: "missing", value: "{{vars.nothing}}" },
            ],
          },
        },
        { id: "end", type: "hangup", data: {} },
      ],
      edges: [
        ["api", "success", "copy"],
        ["copy", "next", "end"],
      ],
    });
    const call = new SessionHarness({ flow });
    call.start();
    call.send({ type: "http_result", status: 200, body: '{"balance": 7.25}' });
    expect(call.state.vars).toEqual({ balance: 7.25, whole: { balance: 7.25 }, text: "7.25 USD", missing: "" });
  });

  it("starts from the document's declared variables, overridden by the session's", () => {
    const flow = buildFlow({
      id: "declared",
      variables: { tier: "standard", name: "there" },
      nodes: [{ id: "end", type: "hangup", data: { prompt: { text: "Hi {{vars.name}}, {{vars.tier}}" } } }],
    });
    const call = new SessionHarness({ flow, variables: { name: "Sam" } });
    call.start();
    expect(call.said).toEqual(["Hi Sam, standard"]);
  });
});
