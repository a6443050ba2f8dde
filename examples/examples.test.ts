import { describe, expect, it } from "vitest";
import { FlowDocument } from "../flow-schema/document";
import { validate } from "../flow-schema/index";
import { loadExamples } from "./load-examples";

const TEAMS = ["sales", "support", "billing"];

const examples = loadExamples().map((example) => {
  const parsed = FlowDocument.safeParse(example.document);
  const id = (example.document as { id?: unknown }).id;
  return { ...example, parsed, id: typeof id === "string" ? id : example.file };
});
const ids = examples.map((example) => example.id);
const published = new Map(examples.flatMap((example) => (example.parsed.success ? [[example.id, example.parsed.data] as const] : [])));
/** Every example is a known flow; a subflow node is checked against the example it calls (as if published). */
const context = { knownFlows: ids, knownTeams: TEAMS, subflows: (flowId: string) => published.get(flowId) };

/**
 * Warnings an example is meant to have, as `code@nodeId`, with the reason beside each.
 * Empty: every example is warning-free. Add an entry only when a warning is truly intended.
 */
const ALLOWED_WARNINGS: Record<string, readonly string[]> = {};

function flowOf(example: (typeof examples)[number]): FlowDocument {
  if (!example.parsed.success) throw new Error(`${example.file} does not parse: ${example.parsed.error.message}`);
  return example.parsed.data;
}

function byId(id: string): FlowDocument {
  const example = examples.find((candidate) => candidate.id === id);
  if (!example) throw new Error(`no example with id ${id}`);
  return flowOf(example);
}

function nodesOfType(flow: FlowDocument, type: FlowDocument["nodes"][number]["type"]) {
  return flow.nodes.filter((node) => node.type === type);
}

describe("example flows", () => {
  it("has at least six examples, one of each kind the issue asks for", () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    expect(ids).toEqual(
      expect.arrayContaining([
        "support-line",
        "account-balance",
        "language-selector",
        "linea-de-soporte",
        "appointment-confirmation",
        "after-hours",
        "chat-escalation",
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(examples.map((example) => [example.file, example] as const))("%s", (file, example) => {
    it("parses with FlowDocument", () => {
      expect(example.parsed.error?.issues).toBeUndefined();
    });

    it("is named after its id and starts with $schema and schemaVersion", () => {
      const flow = flowOf(example);
      expect(file).toBe(`${flow.id}.json`);
      expect(Object.keys(example.document as object).slice(0, 2)).toEqual(["$schema", "schemaVersion"]);
      expect(flow.$schema).toBe("../flow-schema/flow.schema.json");
    });

    it("has no validation errors", () => {
      const errors = validate(example.document, context).filter((d) => d.severity === "error");
      expect(errors).toEqual([]);
    });

    it("has no warnings beyond the intended ones", () => {
      const allowed = new Set(ALLOWED_WARNINGS[example.id] ?? []);
      const warnings = validate(example.document, context).filter(
        (d) => d.severity === "warning" && !allowed.has(`${d.code}@${d.nodeId ?? ""}`),
      );
      expect(warnings).toEqual([]);
    });

    it("goes only to other examples", () => {
      for (const node of nodesOfType(flowOf(example), "goto_flow")) {
        if (node.type !== "goto_flow") continue;
        expect(ids).toContain(node.data.flowId);
        expect(node.data.flowId).not.toBe(example.id);
      }
    });

    it("transfers only to the demo teams", () => {
      for (const node of nodesOfType(flowOf(example), "transfer")) {
        if (node.type !== "transfer") continue;
        expect(TEAMS).toContain(node.data.teamId);
      }
    });

    it("labels every node", () => {
      for (const node of flowOf(example).nodes) expect(node.label, node.id).toBeTruthy();
    });

    it("is formatted with 2 spaces and a trailing newline", () => {
      expect(`${JSON.stringify(JSON.parse(example.text), null, 2)}\n`).toBe(example.text);
    });
  });

  describe("each kind shows what it is meant to", () => {
    it("support line: business hours, a menu, transfers to sales and support with a no_answer fallback", () => {
      const flow = byId("support-line");
      expect(nodesOfType(flow, "timing")).toHaveLength(1);
      expect(nodesOfType(flow, "menu").length).toBeGreaterThan(0);
      const teams = nodesOfType(flow, "transfer").map((node) => (node.type === "transfer" ? node.data.teamId : ""));
      expect(teams).toEqual(expect.arrayContaining(["sales", "support"]));
      for (const node of nodesOfType(flow, "transfer")) {
        expect(flow.edges.some((edge) => edge.source === node.id && edge.sourceHandle === "no_answer"), node.id).toBe(true);
      }
    });

    it("account balance: gather, HTTP lookup, condition, read back", () => {
      const flow = byId("account-balance");
      const gather = nodesOfType(flow, "gather")[0];
      expect(gather?.type === "gather" && gather.data.storeAs).toBe("account_number");
      const http = nodesOfType(flow, "http")[0];
      expect(http?.type === "http" && http.data.url).toContain("{{vars.account_number}}");
      expect(nodesOfType(flow, "condition").length).toBeGreaterThan(0);
      const readBack = flow.nodes.some(
        (node) => node.type === "greeting" && (node.data.prompt.text ?? "").includes(`{{nodes.${http?.id}.body.balance}}`),
      );
      expect(readBack).toBe(true);
    });

    it("language selector: a menu going to one flow per language", () => {
      const flow = byId("language-selector");
      expect(nodesOfType(flow, "menu")).toHaveLength(1);
      const targets = nodesOfType(flow, "goto_flow").map((node) => (node.type === "goto_flow" ? node.data.flowId : ""));
      expect(targets.sort()).toEqual(["linea-de-soporte", "support-line"]);
      expect(byId("linea-de-soporte").settings?.language).toBe("es-ES");
    });

    it("lead qualification: an ai_agent extracts name, email, budget and score; a condition on the score sends hot leads to sales", () => {
      const flow = byId("lead-qualification");
      const agent = nodesOfType(flow, "ai_agent")[0];
      if (agent?.type !== "ai_agent") throw new Error("lead-qualification has an ai_agent");
      expect(Object.keys(agent.data.extract?.properties ?? {})).toEqual(["name", "email", "budget", "score"]);
      const check = flow.edges.find((edge) => edge.source === agent.id && edge.sourceHandle === "handoff")?.target;
      const condition = flow.nodes.find((node) => node.id === check);
      expect(condition?.type === "condition" && condition.data.rules[0]?.left).toBe("{{vars.score}}");
      const hot = flow.edges.find((edge) => edge.source === check && edge.sourceHandle === "match:hot")?.target;
      const transfer = flow.nodes.find((node) => node.id === hot);
      expect(transfer?.type === "transfer" && transfer.data).toMatchObject({ teamId: "sales", priority: "urgent" });
      for (const handle of ["failed", "timeout", "max_turns"]) expect(flow.edges.some((edge) => edge.source === agent.id && edge.sourceHandle === handle), handle).toBe(true);
      expect(validate(flow, { knownAiProviders: ["local"] })).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: "ai_provider_missing", nodeId: agent.id, path: "/nodes/0/data/provider" })]),
      );
    });

    it("appointment confirmation: a chat flow with a confirm / reschedule / cancel menu", () => {
      const flow = byId("appointment-confirmation");
      expect(flow.settings?.channels).toEqual(["chat"]);
      const menu = nodesOfType(flow, "menu")[0];
      expect(menu?.type === "menu" && menu.data.options.map((option) => option.label)).toEqual(["Confirm", "Reschedule", "Cancel"]);
      expect(Object.keys(flow.variables ?? {})).toEqual(expect.arrayContaining(["patient_name", "appointment_time"]));
      expect(nodesOfType(flow, "set_variables").length).toBeGreaterThan(0);
      expect(nodesOfType(flow, "http").some((node) => node.type === "http" && node.data.method === "POST")).toBe(true);
    });

    it("after-hours: a timing node with a time zone and holidays; closed callers can ask for a callback", () => {
      const flow = byId("after-hours");
      const timing = nodesOfType(flow, "timing")[0];
      expect(timing?.type === "timing" && timing.data.timezone).toBe("America/New_York");
      expect(timing?.type === "timing" && timing.data.holidays.length).toBeGreaterThan(0);
      expect(nodesOfType(flow, "gather").length).toBeGreaterThan(0);
      expect(nodesOfType(flow, "transfer").length).toBeGreaterThan(0);
    });

    it("callback request: a subflow node calling callback-number, which declares its inputs and outputs and returns two outcomes", () => {
      const flow = byId("callback-request");
      const call = nodesOfType(flow, "subflow")[0];
      expect(call?.type === "subflow" && call.data).toMatchObject({ flowId: "callback-number", outcomes: ["confirmed", "no_number"] });
      const child = byId("callback-number");
      expect(Object.keys(child.inputs ?? {})).toEqual(["reason", "offer_caller_id"]);
      expect(Object.keys(child.outputs ?? {})).toEqual(["phone"]);
      const outcomes = nodesOfType(child, "return").map((node) => (node.type === "return" ? node.data.outcome : ""));
      expect([...new Set(outcomes)]).toEqual(["confirmed", "no_number"]);
    });

    it("chat escalation: set variables, condition, urgent or high priority transfer for VIPs", () => {
      const flow = byId("chat-escalation");
      expect(flow.settings?.channels).toEqual(["chat"]);
      expect(nodesOfType(flow, "set_variables").length).toBeGreaterThan(0);
      expect(nodesOfType(flow, "condition").length).toBeGreaterThan(0);
      const priorities = nodesOfType(flow, "transfer").map((node) => (node.type === "transfer" ? node.data.priority : ""));
      expect(priorities.some((priority) => priority === "high" || priority === "urgent")).toBe(true);
    });
  });
});
