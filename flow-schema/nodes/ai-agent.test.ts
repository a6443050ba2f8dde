import { describe, expect, it } from "vitest";
import { validate } from "../validate/validate";
import { AiAgentData, aiAgentNode } from "./ai-agent";

const HANDLES = ["done", "handoff", "max_turns", "failed", "timeout"];

function flowWith(data: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    id: "leads",
    name: "Leads",
    entry: "agent",
    settings: { channels: ["chat"] },
    nodes: [
      { id: "agent", type: "ai_agent", position: { x: 0, y: 0 }, data: { provider: "local", instructions: "Qualify {{caller.name}}.", ...data } },
      { id: "bye", type: "hangup", position: { x: 0, y: 220 }, data: {} },
    ],
    edges: HANDLES.map((handle) => ({ id: `e_${handle}`, source: "agent", sourceHandle: handle, target: "bye" })),
  };
}

const errors = (doc: unknown, context = {}) => validate(doc, context).filter((diagnostic) => diagnostic.severity === "error");

describe("ai_agent node", () => {
  it("offers done, handoff, max_turns, failed and timeout, and fills in the defaults", () => {
    const data = AiAgentData.parse({ provider: "local", instructions: "Help." });
    expect(aiAgentNode.outputs(data).map((output) => output.id)).toEqual(HANDLES);
    expect(data).toMatchObject({ history: "none", tools: [], maxTurns: 10, timeoutSeconds: 30, replyTimeoutSeconds: 300, handoffVariable: "handoff_reason" });
    expect(AiAgentData.safeParse(aiAgentNode.starter()).success).toBe(true);
  });

  it("is valid with known providers, by name or id, and ai_provider_missing names an unknown one", () => {
    expect(errors(flowWith({}), { knownAiProviders: ["local"] })).toEqual([]);
    expect(errors(flowWith({ provider: "9b1c" }), { knownAiProviders: ["local", "9b1c"] })).toEqual([]);
    expect(errors(flowWith({ provider: "openai" }), { knownAiProviders: ["local"] })).toEqual([
      expect.objectContaining({ code: "ai_provider_missing", nodeId: "agent", path: "/nodes/0/data/provider", message: expect.stringContaining('"openai"') }),
    ]);
    // Without the providers in the context, nothing is said about them.
    expect(errors(flowWith({ provider: "openai" }))).toEqual([]);
  });

  it("refuses an extract that is not a JSON Schema of fields, pointing at the culprit", () => {
    const cases: Array<[unknown, string]> = [
      [{ type: "array", properties: { name: { type: "string" } } }, "/nodes/0/data/extract/type"],
      [{ type: "object", properties: { budget: { type: "money" } } }, "/nodes/0/data/extract/properties/budget/type"],
      [{ type: "object", properties: { "e-mail": { type: "string" } } }, "/nodes/0/data/extract/properties/e-mail"],
      [{ type: "object", properties: { name: { type: "string" } }, required: ["email"] }, "/nodes/0/data/extract/required/0"],
      [{ type: "object", properties: { score: { type: "integer", minimum: "low" } } }, "/nodes/0/data/extract/properties/score/minimum"],
      ["name, email", "/nodes/0/data/extract"],
    ];
    for (const [extract, path] of cases) {
      expect(errors(flowWith({ extract })), JSON.stringify(extract)).toEqual([expect.objectContaining({ code: "schema_invalid", path })]);
    }
  });

  it("wants tool names unique, valid and not a built-in's", () => {
    const http = (name: string) => ({ kind: "http", name, description: "Finds an order", url: "https://api.example.com/orders/{{args.order}}" });
    expect(errors(flowWith({ tools: [http("lookup"), http("lookup")] }))).toEqual([expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/data/tools/1/name" })]);
    expect(errors(flowWith({ tools: [{ kind: "end" }, { kind: "end" }] }))).toEqual([expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/data/tools/1/kind" })]);
    expect(errors(flowWith({ tools: [http("look up")] }))).toEqual([expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/data/tools/0/name" })]);
    expect(errors(flowWith({ tools: [http("handoff")] }))).toEqual([expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/data/tools/0/name" })]);
    expect(errors(flowWith({ tools: [{ kind: "http", name: "x", description: "y", url: "u", parameters: { type: "string" } }] }))).toEqual([
      expect.objectContaining({ code: "schema_invalid", path: "/nodes/0/data/tools/0/parameters/type" }),
    ]);
  });

  it("lets tool templates read {{args.…}}, reports other unknown roots, and knows the variables it sets", () => {
    const doc = flowWith({
      tools: [
        { kind: "http", name: "lookup", description: "Finds an order", url: "https://api.example.com/orders/{{args.order}}?by={{caller.phone}}", headers: { "X-Who": "{{argz.who}}" } },
        { kind: "handoff" },
        { kind: "set_variables", variables: ["topic"] },
      ],
      extract: { type: "object", properties: { email: { type: "string", format: "email" } } },
    });
    expect(validate(doc).filter((diagnostic) => diagnostic.code === "template_unknown_root")).toEqual([
      expect.objectContaining({ path: "/nodes/0/data/tools/0/headers/X-Who", message: expect.stringContaining('"argz"') }),
    ]);
    const data = AiAgentData.parse(doc.nodes[0]?.data);
    expect(aiAgentNode.writes(data)).toEqual(["email", "handoff_reason", "topic"]);
  });

  it("runs on chat; on a voice flow the validator says it cannot", () => {
    const voice = { ...flowWith({}), settings: { channels: ["voice"] } };
    expect(validate(voice)).toContainEqual(expect.objectContaining({ code: "channel_unsupported", nodeId: "agent" }));
  });
});
