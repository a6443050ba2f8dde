import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../document";
import { validate } from "../../validate/validate";
import { MigrationError } from "../migration-error";
import { importWhatomate } from "./import-whatomate";
import { messages, whatomateGraph } from "./testing";

const hello = { id: "hello", type: "greeting", label: "Hello", config: { text: "Hello" } };
const bye = { id: "bye", type: "hangup" };

function thrown(run: () => unknown): MigrationError {
  try {
    run();
  } catch (error) {
    if (error instanceof MigrationError) return error;
    throw error;
  }
  throw new Error("expected a MigrationError");
}

describe("importWhatomate", () => {
  it("produces a valid voice-only document with default id and name", () => {
    const { document, issues } = importWhatomate(whatomateGraph([hello, bye], [["hello", "bye", "default"]]));
    expect(document).toMatchObject({
      schemaVersion: 1,
      id: "imported-whatomate",
      name: "Imported Whatomate flow",
      entry: "hello",
      settings: { channels: ["voice"] },
    });
    expect(FlowDocument.parse(document)).toEqual(document);
    expect(validate(document)).toEqual([]);
    expect(issues).toEqual([]);
  });

  it("takes id and name from the options, and refuses invalid ones", () => {
    const graph = whatomateGraph([bye]);
    expect(importWhatomate(graph, { id: "support", name: "Support line" }).document).toMatchObject({ id: "support", name: "Support line" });
    expect(thrown(() => importWhatomate(graph, { id: "no spaces" })).message).toContain("options.id");
    expect(thrown(() => importWhatomate(graph, { name: " " })).message).toContain("options.name");
  });

  it("keeps labels and positions, and lays out nodes without a position", () => {
    const graph = whatomateGraph([hello, bye], [["hello", "bye", "default"]]);
    const nodes = Reflect.get(graph, "nodes");
    if (!Array.isArray(nodes)) throw new Error("nodes");
    nodes[0] = { ...nodes[0], position: { x: 40, y: -20 } };
    nodes[1] = { id: "bye", type: "hangup", label: null, position: null, config: null };
    const { document } = importWhatomate({ ...graph, edges: null });
    expect(document.nodes).toEqual([
      expect.objectContaining({ id: "hello", label: "Hello", position: { x: 40, y: -20 } }),
      { id: "bye", type: "hangup", position: { x: 0, y: 160 }, data: {} },
    ]);
    expect(document.edges).toEqual([]);
  });

  it("makes node ids valid and unique, and keeps edges pointing at them", () => {
    const graph = whatomateGraph(
      [{ ...hello, id: "say hello" }, { id: "say-hello", type: "hangup" }, { id: "say-hello", type: "hangup" }],
      [["say hello", "say-hello", "default"]],
      "say hello",
    );
    const { document, issues } = importWhatomate(graph);
    expect(document.nodes.map((node) => node.id)).toEqual(["say-hello-2", "say-hello", "say-hello-3"]);
    expect(document.entry).toBe("say-hello-2");
    expect(document.edges).toEqual([{ id: "e-say-hello-2-next", source: "say-hello-2", sourceHandle: "next", target: "say-hello" }]);
    expect(issues).toEqual([
      expect.objectContaining({ severity: "warning", nodeId: "say-hello-2", path: "/nodes/0/id" }),
      expect.objectContaining({ severity: "error", nodeId: "say-hello-3", path: "/nodes/2/id", message: expect.stringContaining("more than one node") }),
    ]);
  });

  it("replaces an unknown node type by a labelled hang-up, and drops its edges", () => {
    const graph = whatomateGraph([hello, { id: "sms", type: "send_sms", label: "Text them" }, bye], [["hello", "sms", "default"], ["sms", "bye", "default"]]);
    const { document, issues } = importWhatomate(graph);
    expect(document.nodes[1]).toEqual({ id: "sms", type: "hangup", label: "Unsupported: send_sms", position: { x: 0, y: 100 }, data: {} });
    expect(document.edges.map((edge) => edge.target)).toEqual(["sms"]);
    expect(issues).toEqual([
      expect.objectContaining({ severity: "error", nodeId: "sms", path: "/nodes/1/type", message: expect.stringContaining('"send_sms"') }),
      expect.objectContaining({ severity: "error", nodeId: "sms", path: "/edges/1" }),
    ]);
    expect(validate(document).filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reports config keys nothing reads", () => {
    const { issues } = importWhatomate(whatomateGraph([{ ...hello, config: { text: "Hi", voice_speed: 2, empty: "", nothing: null } }]));
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", path: "/nodes/0/config/voice_speed" })]);
  });

  it("starts at the first node when entry_node names none, and reports it", () => {
    const { document, issues } = importWhatomate(whatomateGraph([hello, bye], [], "missing"));
    expect(document.entry).toBe("hello");
    expect(messages(issues, "error")).toEqual([expect.stringContaining('entry_node "missing"')]);
  });

  it("throws a MigrationError naming the wrong field for anything that is not a Whatomate graph", () => {
    const cases: Array<[unknown, string, string]> = [
      [[], "", "JSON object"],
      [{ schemaVersion: 1 }, "/version", "Switchboard document"],
      [{ version: 3, entry_node: "a", nodes: [] }, "/version", "version"],
      [{ version: 2, nodes: [] }, "/entry_node", "entry_node"],
      [{ version: 2, entry_node: "a", nodes: "many" }, "/nodes", "nodes"],
      [{ version: 2, entry_node: "a", nodes: [] }, "/nodes", "at least one node"],
      [{ version: 2, entry_node: "a", nodes: [{ id: 7, type: "hangup" }] }, "/nodes/0/id", "nodes/0/id"],
      [{ version: 2, entry_node: "a", nodes: [{ id: "a", type: "hangup", config: "x" }] }, "/nodes/0/config", "nodes/0/config"],
      [{ version: 2, entry_node: "a", nodes: [{ id: "a", type: "hangup" }], edges: [{ from: "a" }] }, "/edges/0/to", "edges/0/to"],
    ];
    for (const [input, path, words] of cases) {
      const error = thrown(() => importWhatomate(input));
      expect(error.name).toBe("MigrationError");
      expect(error.path).toBe(path);
      expect(error.message).toContain(words);
    }
  });
});
