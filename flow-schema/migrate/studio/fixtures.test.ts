import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../document";
import { validate } from "../../validate/validate";
import { importStudio } from "./import-studio";
import { messages } from "./testing";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../examples/studio/${name}`, import.meta.url), "utf8"));
}

const errors = (doc: unknown) => validate(doc, { knownTeams: ["sales", "support"] }).filter((d) => d.severity === "error");

describe("examples/studio", () => {
  it("acme-ivr.json (a voice IVR) converts with no errors in its report or its validation", () => {
    const { document, issues } = importStudio(fixture("acme-ivr.json"), { id: "acme-ivr" });
    expect(FlowDocument.safeParse(document).success).toBe(true);
    expect(errors(document)).toEqual([]);
    expect(messages(issues, "error")).toEqual([]);
    expect(document).toMatchObject({ name: "Acme IVR", entry: "welcome", settings: { channels: ["voice"] } });
    expect(document.nodes.map((node) => [node.id, node.type])).toEqual([
      ["welcome", "greeting"],
      ["remember_caller", "set_variables"],
      ["main_menu", "menu"], // one key among fixed keys: a menu, whose keys still go to the split
      ["menu_choice", "condition"],
      ["sales_queue", "transfer"],
      ["account_pin", "gather"],
      ["balance_lookup", "http"],
      ["balance_check", "condition"],
      ["say_balance", "greeting"],
      ["say_overdue", "greeting"],
      ["lookup_failed", "greeting"],
      ["support_agent", "transfer"],
      ["goodbye", "hangup"],
    ]);
    expect(document.nodes.find((node) => node.id === "welcome")?.position).toEqual({ x: 0, y: 200 });
    // What changed kind, and what was left behind, is in the report with pointers into the Studio file.
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["/states/5/type", "/states/5/properties/priority", "/states/12/type", "/states/12/properties/caller_id", "/flags/allow_concurrent_calls"]),
    );
  });

  it("appointment-sms.json (a chat flow) converts with no errors; its reply becomes a menu", () => {
    const { document, issues } = importStudio(fixture("appointment-sms.json"), { id: "appointment-sms" });
    expect(errors(document)).toEqual([]);
    expect(messages(issues, "error")).toEqual([]);
    expect(document).toMatchObject({ entry: "remember", settings: { channels: ["chat"] }, variables: { last_message: "" } });
    expect(document.nodes.find((node) => node.id === "confirm")).toMatchObject({ type: "menu" });
    expect(document.nodes.find((node) => node.id === "reschedule")).toMatchObject({ type: "gather" });
  });

  it("not-yet-converted.json opens with placeholders: its only validation errors are theirs, and the report names each", () => {
    const { document, issues } = importStudio(fixture("not-yet-converted.json"), { id: "not-yet" });
    expect(FlowDocument.safeParse(document).success).toBe(true);
    const placeholders = document.nodes.filter((node) => node.type === "placeholder").map((node) => node.id);
    expect(placeholders).toEqual(["record_this_call", "pay"]);
    // Connecting to a number is a dial node now: Studio's callCompleted follows whatever the call did.
    expect(document.nodes.find((node) => node.id === "manager")).toMatchObject({
      type: "dial",
      data: { to: "+15550100200", callerId: "{{caller.phone}}", timeoutSeconds: 30, timeLimitSeconds: 14_400, record: true },
    });
    expect(document.edges.filter((edge) => edge.source === "manager").map((edge) => [edge.sourceHandle, edge.target])).toEqual([
      ["completed", "goodbye"],
      ["busy", "goodbye"],
      ["no_answer", "goodbye"],
      ["failed", "goodbye"],
    ]);
    expect(document.nodes.find((node) => node.id === "voicemail")).toMatchObject({
      type: "record",
      data: { silenceTimeoutSeconds: 5, maxLengthSeconds: 120, finishOnKey: "#", playBeep: true, transcribe: true, storeAs: "voicemail" },
    });
    expect(document.nodes.find((node) => node.id === "text_address")).toMatchObject({
      type: "send_message",
      data: { text: "Acme is at 1 Main Street.{% if flow.data.city %} See you in {{vars.city}}!{% endif %}" },
    });
    expect(document.nodes.find((node) => node.id === "goodbye_text")).toMatchObject({ type: "send_message", data: { text: "Thanks, order {{nodes.text_welcome.digits}} is on its way." } });
    expect(document.nodes.find((node) => node.id === "verify")).toMatchObject({
      type: "subflow",
      data: { flowId: "FW00000000000000000000000000000002", inputs: { phone: "{{caller.phone}}" }, outcomes: ["completed"] },
    });
    expect(errors(document).map((d) => [d.code, d.nodeId])).toEqual(placeholders.map((id) => ["placeholder_node", id]));
    // Calls and messages start at different widgets: a condition on the channel sends each to its own.
    expect(document.entry).toBe("Trigger");
    expect(document.edges.filter((edge) => edge.source === "Trigger").map((edge) => [edge.sourceHandle, edge.target])).toEqual([
      ["match:call", "record_this_call"],
      ["no_match", "text_welcome"],
    ]);
    const byPath = { get: (path: string) => issues.filter((issue) => issue.path === path).map((issue) => issue.message).join("\n") };
    expect(byPath.get("/states/2/properties/say")).toContain("{{flow.variables.count | plus: 1}} is kept as it is");
    expect(byPath.get("/states/9/properties/say")).toContain("{% if flow.data.vip %} is kept as it is");
    expect(byPath.get("/states/3/transitions/4/conditions/0/arguments/0")).toContain("{{widgets.greeting.SpeechResult}}");
    expect(byPath.get("/states/3/transitions/5/conditions/0/type")).toContain("is_after_time");
    expect(byPath.get("/states/4")).toContain("on a call it needs a messaging channel picked by hand");
    expect(byPath.get("/states/4/properties/body")).toContain("{% if flow.data.city %} is kept as it is");
    expect(byPath.get("/states/5/properties/flow_sid")).toContain('import it with the id "FW00000000000000000000000000000002"');
    // The dial carries every property over: nothing about it is reported.
    expect(issues.filter((issue) => issue.path?.startsWith("/states/6/"))).toEqual([]);
    expect(byPath.get("/states/7/properties/trim")).not.toBe("");
    expect(byPath.get("/states/8/type")).toContain("capture-payments");
    expect(byPath.get("/states/0/transitions/3")).toContain("REST API");
  });

  it("reads a flow resource from the Studio API, which wraps the definition", () => {
    const definition = fixture("acme-ivr.json");
    const { document } = importStudio({ sid: "FW123", friendly_name: "From the API", definition });
    expect(document.name).toBe("Acme IVR");
    expect(document.nodes).toHaveLength(13);
  });
});
