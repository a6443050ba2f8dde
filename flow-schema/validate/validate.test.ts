import { describe, expect, it } from "vitest";
import { FlowDocument } from "../document";
import { FLOW_LIMITS } from "../limits";
import { type Diagnostic, DiagnosticCode, ERROR_CODES, hasErrors, WARNING_CODES } from "./diagnostic";
import {
  addEdge,
  addNode,
  baseFlow,
  codesOf,
  edgeIndex,
  edgeOf,
  nodeIndex,
  nodeOf,
  type RawFlow,
  rawEdge,
  rawNode,
  removeEdge,
  tinyFlow,
} from "./fixtures/flow-builder";
import { DEFAULT_MAX_NODES, type ValidationContext, validate } from "./validate";

interface CodeCase {
  code: DiagnosticCode;
  /** What the case does to the base flow. */
  name: string;
  trigger: (flow: RawFlow) => void;
  context?: ValidationContext;
  /** Fields the diagnostic must have. */
  expected: (flow: RawFlow) => Partial<Diagnostic>;
  /** When given, the complete list of codes the broken flow gets, sorted. */
  only?: DiagnosticCode[];
  /** A nearby flow (or context) that must not get the code. */
  nearMiss: { name: string; change: (flow: RawFlow) => void; context?: ValidationContext };
}

const cases: CodeCase[] = [
  {
    code: "schema_invalid",
    name: "an http timeout of 11 seconds",
    trigger: (flow) => {
      nodeOf(flow, "lookup").data.timeoutSeconds = 11;
    },
    expected: (flow) => ({ severity: "error", nodeId: "lookup", path: `/nodes/${nodeIndex(flow, "lookup")}/data/timeoutSeconds` }),
    only: ["schema_invalid"],
    nearMiss: {
      name: "an http timeout of 10 seconds",
      change: (flow) => {
        nodeOf(flow, "lookup").data.timeoutSeconds = 10;
      },
    },
  },
  {
    code: "schema_invalid",
    name: "an unknown key in a node's data (schemas are strict)",
    trigger: (flow) => {
      nodeOf(flow, "main").data.colour = "red";
    },
    expected: (flow) => ({ severity: "error", nodeId: "main", path: `/nodes/${nodeIndex(flow, "main")}/data` }),
    only: ["schema_invalid"],
    nearMiss: {
      name: "a known optional key",
      change: (flow) => {
        nodeOf(flow, "main").data.input = "both";
      },
    },
  },
  {
    code: "schema_invalid",
    name: "an unknown node type",
    trigger: (flow) => {
      nodeOf(flow, "bye").type = "voicemail";
    },
    expected: (flow) => ({ severity: "error", nodeId: "bye", path: `/nodes/${nodeIndex(flow, "bye")}/type` }),
    only: ["schema_invalid"],
    nearMiss: {
      name: "a known type whose data fits",
      change: (flow) => {
        nodeOf(flow, "bye").type = "hangup";
      },
    },
  },
  {
    code: "schema_invalid",
    name: "an unknown top-level key",
    trigger: (flow) => {
      flow.owner = "me";
    },
    expected: () => ({ severity: "error", path: "" }),
    only: ["schema_invalid"],
    nearMiss: {
      name: "a description",
      change: (flow) => {
        flow.description = "The main line";
      },
    },
  },
  {
    code: "schema_invalid",
    name: "an edge id with a space",
    trigger: (flow) => {
      edgeOf(flow, "e-fail").id = "e fail";
    },
    expected: (flow) => ({ severity: "error", edgeId: "e fail", path: `/edges/${edgeIndex(flow, "e fail")}/id` }),
    only: ["schema_invalid"],
    nearMiss: {
      name: "an edge id with an underscore",
      change: (flow) => {
        edgeOf(flow, "e-fail").id = "e_fail";
      },
    },
  },
  {
    code: "unsupported_schema_version",
    name: "schemaVersion 2",
    trigger: (flow) => {
      flow.schemaVersion = 2;
    },
    expected: () => ({ severity: "error", path: "/schemaVersion" }),
    only: ["unsupported_schema_version"],
    nearMiss: { name: "schemaVersion 1", change: () => {} },
  },
  {
    code: "unsupported_schema_version",
    name: "schemaVersion 0 (older documents must be migrated)",
    trigger: (flow) => {
      flow.schemaVersion = 0;
    },
    expected: () => ({ severity: "error", path: "/schemaVersion" }),
    only: ["unsupported_schema_version"],
    nearMiss: { name: "schemaVersion 1", change: () => {} },
  },
  {
    code: "entry_missing",
    name: "an entry naming no node",
    trigger: (flow) => {
      flow.entry = "nowhere";
    },
    expected: () => ({ severity: "error", path: "/entry" }),
    only: ["entry_missing"],
    nearMiss: {
      name: "an entry naming another node",
      change: (flow) => {
        flow.entry = "main";
      },
    },
  },
  {
    code: "duplicate_node_id",
    name: "a second node called bye",
    trigger: (flow) => {
      addNode(flow, rawNode("bye", "hangup", {}));
    },
    expected: (flow) => ({ severity: "error", nodeId: "bye", path: `/nodes/${flow.nodes.length - 1}/id` }),
    only: ["duplicate_node_id"],
    nearMiss: {
      name: "a second hang-up with its own id",
      change: (flow) => {
        addNode(flow, rawNode("bye2", "hangup", {}));
      },
    },
  },
  {
    code: "duplicate_edge_id",
    name: "a second edge called e-welcome",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-welcome", "main", "max_retries", "bye"));
    },
    expected: (flow) => ({
      severity: "error",
      edgeId: "e-welcome",
      handle: "max_retries",
      path: `/edges/${flow.edges.length - 1}/id`,
    }),
    only: ["duplicate_edge_id"],
    nearMiss: {
      name: "the same edge with its own id",
      change: (flow) => {
        addEdge(flow, rawEdge("e-main-retries", "main", "max_retries", "bye"));
      },
    },
  },
  {
    code: "edge_source_missing",
    name: "an edge leaving a node that does not exist",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-ghost", "ghost", "next", "bye"));
    },
    expected: (flow) => ({ severity: "error", edgeId: "e-ghost", path: `/edges/${flow.edges.length - 1}/source` }),
    only: ["edge_source_missing"],
    nearMiss: {
      name: "the same edge leaving the menu",
      change: (flow) => {
        addEdge(flow, rawEdge("e-ghost", "main", "max_retries", "bye"));
      },
    },
  },
  {
    code: "edge_target_missing",
    name: "an edge entering a node that does not exist",
    trigger: (flow) => {
      edgeOf(flow, "e-fail").target = "ghost";
    },
    expected: (flow) => ({
      severity: "error",
      edgeId: "e-fail",
      handle: "failure",
      path: `/edges/${edgeIndex(flow, "e-fail")}/target`,
    }),
    // The broken edge still occupies its handle: no handle_unconnected on top.
    only: ["edge_target_missing"],
    nearMiss: {
      name: "the edge entering another node",
      change: (flow) => {
        edgeOf(flow, "e-fail").target = "sales";
      },
    },
  },
  {
    code: "unknown_handle",
    name: "a menu edge for an option the menu does not have",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-three", "main", "option:3", "bye"));
    },
    expected: (flow) => ({
      severity: "error",
      nodeId: "main",
      edgeId: "e-three",
      handle: "option:3",
      path: `/edges/${flow.edges.length - 1}/sourceHandle`,
    }),
    only: ["unknown_handle"],
    nearMiss: {
      name: "the menu gets option 3",
      change: (flow) => {
        nodeOf(flow, "main").data.options = [
          { key: "1", label: "Sales" },
          { key: "2", label: "Balance" },
          { key: "3", label: "Opening hours" },
        ];
        addEdge(flow, rawEdge("e-three", "main", "option:3", "bye"));
      },
    },
  },
  {
    code: "unknown_handle",
    name: "a condition edge for a rule that does not exist",
    trigger: (flow) => {
      edgeOf(flow, "e-vip").sourceHandle = "match:gold";
    },
    expected: (flow) => ({
      severity: "error",
      nodeId: "tier",
      edgeId: "e-vip",
      handle: "match:gold",
      path: `/edges/${edgeIndex(flow, "e-vip")}/sourceHandle`,
    }),
    nearMiss: {
      name: "the rule is renamed with its edge",
      change: (flow) => {
        nodeOf(flow, "tier").data.rules = [{ id: "gold", left: "{{nodes.lookup.body.tier}}", operator: "equals", right: "gold" }];
        edgeOf(flow, "e-vip").sourceHandle = "match:gold";
      },
    },
  },
  {
    code: "handle_multiple_edges",
    name: "two edges on the greeting's next",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-welcome-2", "welcome", "next", "bye"));
    },
    expected: (flow) => ({
      severity: "error",
      nodeId: "welcome",
      edgeId: "e-welcome-2",
      handle: "next",
      path: `/edges/${flow.edges.length - 1}`,
    }),
    only: ["handle_multiple_edges"],
    nearMiss: {
      name: "two edges on different menu handles",
      change: (flow) => {
        addEdge(flow, rawEdge("e-main-retries", "main", "max_retries", "bye"));
      },
    },
  },
  {
    code: "terminal_has_outgoing",
    name: "an edge leaving the hang-up",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-after-bye", "bye", "next", "main"));
    },
    expected: (flow) => ({ severity: "error", nodeId: "bye", edgeId: "e-after-bye", path: `/edges/${flow.edges.length - 1}` }),
    only: ["terminal_has_outgoing"],
    nearMiss: {
      name: "an edge entering the hang-up",
      change: (flow) => {
        addEdge(flow, rawEdge("e-main-retries", "main", "max_retries", "bye"));
      },
    },
  },
  {
    code: "terminal_has_outgoing",
    name: "an edge leaving a goto_flow",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-after-goto", "billing", "next", "bye"));
    },
    expected: (flow) => ({ severity: "error", nodeId: "billing", edgeId: "e-after-goto", path: `/edges/${flow.edges.length - 1}` }),
    only: ["terminal_has_outgoing"],
    nearMiss: { name: "no edge", change: () => {} },
  },
  {
    code: "goto_target_missing",
    name: "a goto_flow to a flow the context does not know",
    trigger: () => {},
    context: { knownFlows: ["sales-line"] },
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/flowId` }),
    only: ["goto_target_missing"],
    nearMiss: { name: "the context knows billing", change: () => {}, context: { knownFlows: ["billing"] } },
  },
  {
    code: "goto_target_missing",
    name: "a goto_flow to a missing flow while no flows are known at all",
    trigger: (flow) => {
      nodeOf(flow, "billing").data.flowId = "support-line-2";
    },
    context: { knownFlows: [] },
    expected: () => ({ severity: "error", nodeId: "billing" }),
    nearMiss: {
      name: "a goto_flow back to this very flow",
      change: (flow) => {
        nodeOf(flow, "billing").data.flowId = "support-line";
      },
      context: { knownFlows: [] },
    },
  },
  {
    code: "placeholder_node",
    name: "an imported widget that could not be converted yet (a Studio send-message)",
    trigger: (flow) => {
      const node = nodeOf(flow, "billing");
      node.type = "placeholder";
      node.data = { source: "Twilio Studio", originalType: "send-message", mapsTo: "send_message", reason: "no send_message node yet", original: { type: "send-message" } };
    },
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/originalType` }),
    only: ["placeholder_node"],
    nearMiss: { name: "the goto_flow it stands in for", change: () => {} },
  },
  {
    code: "ai_provider_missing",
    name: "an ai_agent naming an AI provider the context does not know",
    trigger: (flow) => {
      const node = nodeOf(flow, "billing");
      node.type = "ai_agent";
      node.data = { provider: "openai", instructions: "Help with billing." };
    },
    context: { knownAiProviders: ["local"] },
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/provider` }),
    nearMiss: {
      name: "a provider the context knows",
      change: (flow) => {
        const node = nodeOf(flow, "billing");
        node.type = "ai_agent";
        node.data = { provider: "openai", instructions: "Help with billing." };
      },
      context: { knownAiProviders: ["local", "openai"] },
    },
  },
  {
    code: "invalid_timezone",
    name: "a made-up time zone",
    trigger: (flow) => {
      nodeOf(flow, "hours").data.timezone = "Mars/Olympus_Mons";
    },
    expected: (flow) => ({ severity: "error", nodeId: "hours", path: `/nodes/${nodeIndex(flow, "hours")}/data/timezone` }),
    only: ["invalid_timezone"],
    nearMiss: {
      name: "America/New_York",
      change: (flow) => {
        nodeOf(flow, "hours").data.timezone = "America/New_York";
      },
    },
  },
  {
    code: "invalid_regex",
    name: "a gather pattern with an unclosed group",
    trigger: (flow) => {
      nodeOf(flow, "account").data.pattern = "([0-9]{6}";
    },
    expected: (flow) => ({ severity: "error", nodeId: "account", path: `/nodes/${nodeIndex(flow, "account")}/data/pattern` }),
    only: ["invalid_regex"],
    nearMiss: {
      name: "a gather pattern that compiles",
      change: (flow) => {
        nodeOf(flow, "account").data.pattern = "^[0-9]{6}$";
      },
    },
  },
  {
    code: "invalid_regex",
    name: "a condition `matches` rule with a broken expression",
    trigger: (flow) => {
      nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right: "^(gold|platinum" }];
    },
    expected: (flow) => ({ severity: "error", nodeId: "tier", path: `/nodes/${nodeIndex(flow, "tier")}/data/rules/0/right` }),
    only: ["invalid_regex"],
    nearMiss: {
      name: "the same text with `equals` (not a regular expression there)",
      change: (flow) => {
        nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "equals", right: "^(gold|platinum" }];
      },
    },
  },
  {
    code: "invalid_regex",
    name: "a gather pattern with a lookahead, which a linear-time engine cannot run",
    trigger: (flow) => {
      nodeOf(flow, "account").data.pattern = "^(?!0{6})[0-9]{6}$";
    },
    expected: (flow) => ({
      severity: "error",
      nodeId: "account",
      path: `/nodes/${nodeIndex(flow, "account")}/data/pattern`,
      message: expect.stringContaining("negative lookahead (?!…) is not supported"),
    }),
    only: ["invalid_regex"],
    nearMiss: {
      name: "the same check in RE2 syntax",
      change: (flow) => {
        nodeOf(flow, "account").data.pattern = "^(?:[1-9][0-9]{5}|0[0-9]*[1-9][0-9]*)$";
      },
    },
  },
  {
    code: "invalid_regex",
    name: "a condition `matches` rule with a backreference",
    trigger: (flow) => {
      nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right: "^(\\w)\\1" }];
    },
    expected: (flow) => ({
      severity: "error",
      nodeId: "tier",
      path: `/nodes/${nodeIndex(flow, "tier")}/data/rules/0/right`,
      message: expect.stringContaining("backreference \\1 is not supported"),
    }),
    only: ["invalid_regex"],
    nearMiss: {
      name: "an inline flag JavaScript lacks but RE2 has",
      change: (flow) => {
        nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right: "(?i)^(gold|platinum)$" }];
      },
    },
  },
  {
    code: "loop_without_input",
    name: "condition → set_variables → condition",
    trigger: (flow) => {
      edgeOf(flow, "e-remember").target = "tier";
    },
    expected: (flow) => ({ severity: "error", nodeId: "tier", path: `/nodes/${nodeIndex(flow, "tier")}` }),
    only: ["loop_without_input"],
    nearMiss: {
      name: "a loop back through the menu (it waits for the caller)",
      change: (flow) => {
        edgeOf(flow, "e-remember").target = "main";
      },
    },
  },
  {
    code: "loop_without_input",
    name: "an http node retrying itself on failure",
    trigger: (flow) => {
      edgeOf(flow, "e-fail").target = "lookup";
    },
    expected: (flow) => ({ severity: "error", nodeId: "lookup", path: `/nodes/${nodeIndex(flow, "lookup")}` }),
    only: ["loop_without_input"],
    nearMiss: {
      name: "an http node going back to the gather on failure",
      change: (flow) => {
        edgeOf(flow, "e-fail").target = "account";
      },
    },
  },
  {
    code: "too_many_nodes",
    name: `${DEFAULT_MAX_NODES + 1} nodes`,
    trigger: (flow) => {
      while (flow.nodes.length <= DEFAULT_MAX_NODES) addNode(flow, rawNode(`extra-${flow.nodes.length}`, "hangup", {}));
    },
    expected: () => ({ severity: "error", path: "/nodes" }),
    nearMiss: {
      name: `exactly ${DEFAULT_MAX_NODES} nodes`,
      change: (flow) => {
        while (flow.nodes.length < DEFAULT_MAX_NODES) addNode(flow, rawNode(`extra-${flow.nodes.length}`, "hangup", {}));
      },
    },
  },
  {
    code: "too_many_nodes",
    name: "more nodes than the context's maxNodes",
    trigger: () => {},
    context: { maxNodes: 9 },
    expected: () => ({ severity: "error", path: "/nodes" }),
    only: ["too_many_nodes"],
    nearMiss: { name: "maxNodes equal to the node count", change: () => {}, context: { maxNodes: 10 } },
  },
  {
    code: "too_many_edges",
    name: `${FLOW_LIMITS.maxEdges + 1} edges`,
    trigger: (flow) => {
      while (flow.edges.length <= FLOW_LIMITS.maxEdges) addEdge(flow, rawEdge(`extra-${flow.edges.length}`, "welcome", "next", "main"));
    },
    expected: () => ({ severity: "error", path: "/edges" }),
    nearMiss: {
      name: `exactly ${FLOW_LIMITS.maxEdges} edges`,
      change: (flow) => {
        while (flow.edges.length < FLOW_LIMITS.maxEdges) addEdge(flow, rawEdge(`extra-${flow.edges.length}`, "welcome", "next", "main"));
      },
    },
  },
  {
    code: "string_too_long",
    name: `a $schema of ${FLOW_LIMITS.maxStringLength + 1} characters (no field allows more than ${FLOW_LIMITS.maxStringLength})`,
    trigger: (flow) => {
      flow.$schema = "s".repeat(FLOW_LIMITS.maxStringLength + 1);
    },
    expected: () => ({ severity: "error", path: "/$schema" }),
    only: ["string_too_long"],
    nearMiss: {
      name: `a $schema of ${FLOW_LIMITS.maxStringLength} characters`,
      change: (flow) => {
        flow.$schema = "s".repeat(FLOW_LIMITS.maxStringLength);
      },
    },
  },
  {
    code: "string_too_long",
    name: "a prompt over the limit (the schema refuses it too)",
    trigger: (flow) => {
      nodeOf(flow, "welcome").data.prompt = { text: "x".repeat(FLOW_LIMITS.maxStringLength + 1) };
    },
    expected: (flow) => ({ severity: "error", path: `/nodes/${nodeIndex(flow, "welcome")}/data/prompt/text` }),
    only: ["schema_invalid", "string_too_long"],
    nearMiss: {
      name: "a prompt at the limit",
      change: (flow) => {
        nodeOf(flow, "welcome").data.prompt = { text: "x".repeat(FLOW_LIMITS.maxStringLength) };
      },
    },
  },
  {
    code: "node_unreachable",
    name: "a node no edge enters",
    trigger: (flow) => {
      addNode(flow, rawNode("orphan", "hangup", {}));
    },
    expected: (flow) => ({ severity: "warning", nodeId: "orphan", path: `/nodes/${nodeIndex(flow, "orphan")}` }),
    only: ["node_unreachable"],
    nearMiss: {
      name: "the same node entered from the menu",
      change: (flow) => {
        addNode(flow, rawNode("orphan", "hangup", {}));
        addEdge(flow, rawEdge("e-main-retries", "main", "max_retries", "orphan"));
      },
    },
  },
  {
    code: "handle_unconnected",
    name: "business hours with nowhere to go when closed",
    trigger: (flow) => {
      removeEdge(flow, "e-closed");
    },
    expected: (flow) => ({ severity: "warning", nodeId: "hours", handle: "out_of_hours", path: `/nodes/${nodeIndex(flow, "hours")}` }),
    only: ["handle_unconnected"],
    nearMiss: {
      name: "a menu with max_retries but no timeout edge (one of the pair is enough)",
      change: (flow) => {
        edgeOf(flow, "e-main-timeout").sourceHandle = "max_retries";
      },
    },
  },
  {
    code: "handle_unconnected",
    name: "a transfer that continues on completed but not on no_answer",
    trigger: (flow) => {
      addEdge(flow, rawEdge("e-done", "sales", "completed", "bye"));
    },
    expected: (flow) => ({ severity: "warning", nodeId: "sales", handle: "no_answer", path: `/nodes/${nodeIndex(flow, "sales")}` }),
    only: ["handle_unconnected"],
    nearMiss: { name: "a transfer with no edges at all (ends at the hand-off)", change: () => {} },
  },
  {
    code: "variable_never_set",
    name: "a condition reading vars.tier, which nothing sets",
    trigger: (flow) => {
      nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{vars.tier}}", operator: "equals", right: "gold" }];
    },
    expected: (flow) => ({ severity: "warning", nodeId: "tier", path: `/nodes/${nodeIndex(flow, "tier")}/data/rules/0/left` }),
    only: ["variable_never_set"],
    nearMiss: {
      name: "the flow declares vars.tier",
      change: (flow) => {
        nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{vars.tier}}", operator: "equals", right: "gold" }];
        flow.variables = { tier: "basic" };
      },
    },
  },
  {
    code: "variable_never_set",
    name: "a template reading a node that does not exist",
    trigger: (flow) => {
      nodeOf(flow, "bye").data.prompt = { text: "Your balance is {{nodes.balance.body.amount}}." };
    },
    expected: (flow) => ({ severity: "warning", nodeId: "bye", path: `/nodes/${nodeIndex(flow, "bye")}/data/prompt/text` }),
    only: ["variable_never_set"],
    nearMiss: {
      name: "a template reading the http node's response",
      change: (flow) => {
        nodeOf(flow, "bye").data.prompt = { text: "Your balance is {{nodes.lookup.body.amount}}." };
      },
    },
  },
  {
    code: "channel_unsupported",
    name: "an audio-only greeting in a flow meant for chat",
    trigger: (flow) => {
      nodeOf(flow, "welcome").data.prompt = { audio: "welcome.wav" };
      flow.settings = { channels: ["voice", "chat"] };
    },
    expected: (flow) => ({ severity: "warning", nodeId: "welcome", path: `/nodes/${nodeIndex(flow, "welcome")}` }),
    only: ["channel_unsupported"],
    nearMiss: {
      name: "the same greeting in a voice-only flow",
      change: (flow) => {
        nodeOf(flow, "welcome").data.prompt = { audio: "welcome.wav" };
        flow.settings = { channels: ["voice"] };
      },
    },
  },
  {
    code: "channel_unsupported",
    name: "a menu whose invalid-choice prompt is audio only, in a flow meant for chat",
    trigger: (flow) => {
      nodeOf(flow, "main").data.invalidPrompt = { audio: "sorry.wav" };
      flow.settings = { channels: ["chat"] };
    },
    expected: () => ({ severity: "warning", nodeId: "main" }),
    only: ["channel_unsupported"],
    nearMiss: {
      name: "the same prompt with text as well",
      change: (flow) => {
        nodeOf(flow, "main").data.invalidPrompt = { audio: "sorry.wav", text: "Sorry." };
        flow.settings = { channels: ["chat"] };
      },
    },
  },
  {
    code: "channel_unsupported",
    name: "an audio-only greeting when the context says chat",
    trigger: (flow) => {
      nodeOf(flow, "welcome").data.prompt = { audio: "welcome.wav" };
      flow.settings = { channels: ["voice"] };
    },
    context: { channels: ["chat"] },
    expected: () => ({ severity: "warning", nodeId: "welcome" }),
    nearMiss: {
      name: "the context says voice although the settings say chat",
      change: (flow) => {
        nodeOf(flow, "welcome").data.prompt = { audio: "welcome.wav" };
        flow.settings = { channels: ["chat"] };
      },
      context: { channels: ["voice"] },
    },
  },
  {
    code: "template_syntax",
    name: "a placeholder with a space instead of a dot",
    trigger: (flow) => {
      nodeOf(flow, "welcome").data.prompt = { text: "Welcome, {{ caller phone }}." };
    },
    expected: (flow) => ({ severity: "warning", nodeId: "welcome", path: `/nodes/${nodeIndex(flow, "welcome")}/data/prompt/text` }),
    only: ["template_syntax"],
    nearMiss: {
      name: "spaces around a good path",
      change: (flow) => {
        nodeOf(flow, "welcome").data.prompt = { text: "Welcome, {{ caller.phone }}." };
      },
    },
  },
  {
    code: "template_syntax",
    name: "an unclosed placeholder in an http header",
    trigger: (flow) => {
      nodeOf(flow, "lookup").data.headers = { "X-Account": "{{vars.account_number" };
    },
    expected: (flow) => ({ severity: "warning", nodeId: "lookup", path: `/nodes/${nodeIndex(flow, "lookup")}/data/headers/X-Account` }),
    only: ["template_syntax"],
    nearMiss: {
      name: "a closed placeholder in the header",
      change: (flow) => {
        nodeOf(flow, "lookup").data.headers = { "X-Account": "{{vars.account_number}}" };
      },
    },
  },
  {
    code: "template_unknown_root",
    name: "a placeholder reading user.name",
    trigger: (flow) => {
      nodeOf(flow, "remember").data.assignments = [{ name: "topic", value: "{{user.name}}" }];
    },
    expected: (flow) => ({
      severity: "warning",
      nodeId: "remember",
      path: `/nodes/${nodeIndex(flow, "remember")}/data/assignments/0/value`,
    }),
    only: ["template_unknown_root"],
    nearMiss: {
      name: "a placeholder reading channel.type",
      change: (flow) => {
        nodeOf(flow, "remember").data.assignments = [{ name: "topic", value: "{{channel.type}}" }];
      },
    },
  },
  {
    code: "team_missing",
    name: "a transfer to a team the context does not know",
    trigger: () => {},
    context: { knownTeams: ["support"] },
    expected: (flow) => ({ severity: "warning", nodeId: "sales", path: `/nodes/${nodeIndex(flow, "sales")}/data/teamId` }),
    only: ["team_missing"],
    nearMiss: { name: "the context knows the sales team", change: () => {}, context: { knownTeams: ["support", "sales"] } },
  },
  {
    code: "message_channel_missing",
    name: "a send_message through a channel that does not exist",
    trigger: (flow) => textTheCaller(flow, "sms"),
    context: { knownChannels: [{ id: "sms-2", name: "SMS", type: "twilio_messaging", enabled: true }] },
    expected: (flow) => ({ severity: "error", nodeId: "bye", path: `/nodes/${nodeIndex(flow, "bye")}/data/channelId` }),
    nearMiss: { name: "the channel exists", change: (flow) => textTheCaller(flow, "sms"), context: { knownChannels: [{ id: "sms", name: "SMS", type: "telegram", enabled: true }] } },
  },
  {
    code: "message_channel_disabled",
    name: "a send_message through a disabled channel",
    trigger: (flow) => textTheCaller(flow, "sms"),
    context: { knownChannels: [{ id: "sms", name: "SMS", type: "whatsapp_cloud", enabled: false }] },
    expected: (flow) => ({ severity: "error", nodeId: "bye", path: `/nodes/${nodeIndex(flow, "bye")}/data/channelId` }),
    nearMiss: { name: "the channel enabled", change: (flow) => textTheCaller(flow, "sms"), context: { knownChannels: [{ id: "sms", name: "SMS", type: "whatsapp_cloud", enabled: true }] } },
  },
];

/** The last node texts the caller through `channelId` instead of hanging up. */
function textTheCaller(flow: RawFlow, channelId: string): void {
  const bye = nodeOf(flow, "bye");
  bye.type = "send_message";
  bye.data = { channelId, text: "Thanks for calling: {{vars.topic}}" };
}


/** The flow the subflow cases call: it takes account (required) and reason, gives back paid, returns done or declined. */
function calledFlow(id: string, calls: string[] = []): FlowDocument {
  return FlowDocument.parse({
    schemaVersion: 1,
    id,
    name: id,
    entry: calls.length > 0 ? "call0" : "ok",
    inputs: { account: { type: "string" }, reason: { type: "string", default: "billing" } },
    outputs: { paid: { type: "boolean" } },
    nodes: [
      ...calls.map((flowId, index) => ({ id: `call${index}`, type: "subflow", position: { x: 0, y: 0 }, data: { flowId, inputs: { account: "1" } } })),
      { id: "ok", type: "return", position: { x: 0, y: 0 }, data: { outcome: "done", outputs: { paid: "true" } } },
      { id: "no", type: "return", position: { x: 0, y: 0 }, data: { outcome: "declined" } },
    ],
    edges: [],
  });
}

/** Flows by id for the resolver: billing (calling `billingCalls`), plus chain0 → chain1 → … → chain9. */
function subflowContext(billingCalls: string[] = []): ValidationContext {
  const flows = new Map<string, FlowDocument>([["billing", calledFlow("billing", billingCalls)]]);
  for (let i = 0; i < 10; i++) flows.set(`chain${i}`, calledFlow(`chain${i}`, i < 9 ? [`chain${i + 1}`] : []));
  return { knownFlows: [...flows.keys()], subflows: (flowId) => flows.get(flowId) };
}

/** The base flow's goto_flow "billing" becomes a subflow node calling billing, each of its handles going to bye. */
function callBilling(flow: RawFlow, data: Record<string, unknown> = {}): void {
  const node = nodeOf(flow, "billing");
  node.type = "subflow";
  node.data = { flowId: "billing", inputs: { account: "{{vars.account_number}}" }, outputs: { paid: "paid" }, outcomes: ["done", "declined"], ...data };
  const outcomes = Array.isArray(node.data.outcomes) ? node.data.outcomes : [];
  for (const handle of [...outcomes.map((outcome) => `outcome:${String(outcome)}`), "failed"]) addEdge(flow, rawEdge(`e-billing-${handle.replace(":", "-")}`, "billing", handle, "bye"));
}

const subflowCases: CodeCase[] = [
  {
    code: "subflow_target_missing",
    name: "a subflow calling a flow that does not exist",
    trigger: (flow) => callBilling(flow, { flowId: "billing-old" }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/flowId` }),
    only: ["subflow_target_missing"],
    nearMiss: { name: "a subflow calling billing", change: (flow) => callBilling(flow), context: subflowContext() },
  },
  {
    code: "subflow_target_unpublished",
    name: "a subflow calling a flow that exists but has no published version",
    trigger: (flow) => callBilling(flow),
    context: { knownFlows: ["billing"], subflows: () => undefined },
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/flowId` }),
    only: ["subflow_target_unpublished"],
    nearMiss: { name: "billing published", change: (flow) => callBilling(flow), context: subflowContext() },
  },
  {
    code: "subflow_input_unknown",
    name: "a subflow mapping an input the called flow does not declare",
    trigger: (flow) => callBilling(flow, { inputs: { account: "{{vars.account_number}}", colour: "red" } }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/inputs/colour` }),
    only: ["subflow_input_unknown"],
    nearMiss: { name: "mapping the declared reason", change: (flow) => callBilling(flow, { inputs: { account: "1", reason: "late fee" } }), context: subflowContext() },
  },
  {
    code: "subflow_input_missing",
    name: "a subflow that does not map an input without a default",
    trigger: (flow) => callBilling(flow, { inputs: { reason: "late fee" } }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/inputs` }),
    only: ["subflow_input_missing"],
    nearMiss: { name: "leaving out only the input with a default", change: (flow) => callBilling(flow, { inputs: { account: "1" } }), context: subflowContext() },
  },
  {
    code: "subflow_output_unknown",
    name: "a subflow reading an output the called flow does not declare",
    trigger: (flow) => callBilling(flow, { outputs: { balance: "balance" } }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/outputs/balance` }),
    only: ["subflow_output_unknown"],
    nearMiss: { name: "reading paid", change: (flow) => callBilling(flow, { outputs: { paid: "was_paid" } }), context: subflowContext() },
  },
  {
    code: "subflow_outcome_unknown",
    name: "a subflow handle for an outcome the called flow never returns",
    trigger: (flow) => callBilling(flow, { outcomes: ["done", "declined", "refunded"] }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/outcomes/2` }),
    only: ["subflow_outcome_unknown"],
    nearMiss: { name: "the called flow's two outcomes", change: (flow) => callBilling(flow), context: subflowContext() },
  },
  {
    code: "subflow_outcome_unlisted",
    name: "a subflow without a handle for one of the called flow's outcomes",
    trigger: (flow) => callBilling(flow, { outcomes: ["done"] }),
    context: subflowContext(),
    expected: (flow) => ({ severity: "warning", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/outcomes` }),
    only: ["subflow_outcome_unlisted"],
    nearMiss: { name: "a handle for each", change: (flow) => callBilling(flow), context: subflowContext() },
  },
  {
    code: "subflow_recursion",
    name: "a subflow calling billing, which calls this flow back",
    trigger: (flow) => callBilling(flow),
    context: subflowContext(["support-line"]),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/flowId` }),
    only: ["subflow_recursion"],
    nearMiss: { name: "billing calling a chain that ends", change: (flow) => callBilling(flow), context: subflowContext(["chain2"]) },
  },
  {
    code: "subflow_too_deep",
    name: "subflow calls nested nine deep (billing → chain0 → … → chain9)",
    trigger: (flow) => callBilling(flow),
    context: subflowContext(["chain0"]),
    expected: (flow) => ({ severity: "error", nodeId: "billing", path: `/nodes/${nodeIndex(flow, "billing")}/data/flowId` }),
    only: ["subflow_too_deep"],
    nearMiss: { name: "eight deep (billing → chain3 → … → chain9)", change: (flow) => callBilling(flow), context: subflowContext(["chain3"]) },
  },
  {
    code: "return_output_unknown",
    name: "a return giving back an output the flow does not declare",
    trigger: (flow) => {
      const bye = nodeOf(flow, "bye");
      bye.type = "return";
      bye.data = { outcome: "done", outputs: { total: "{{nodes.lookup.body.total}}" } };
    },
    expected: (flow) => ({ severity: "error", nodeId: "bye", path: `/nodes/${nodeIndex(flow, "bye")}/data/outputs/total` }),
    only: ["return_output_unknown"],
    nearMiss: {
      name: "the output declared",
      change: (flow) => {
        const bye = nodeOf(flow, "bye");
        bye.type = "return";
        bye.data = { outcome: "done", outputs: { total: "{{nodes.lookup.body.total}}" } };
        flow.outputs = { total: { type: "number" } };
      },
    },
  },
];

describe("the base flow", () => {
  it("is a valid document with no diagnostics", () => {
    expect(FlowDocument.safeParse(baseFlow()).success).toBe(true);
    expect(validate(baseFlow())).toEqual([]);
    expect(validate(tinyFlow())).toEqual([]);
  });

  it("uses every node type", () => {
    expect(new Set(baseFlow().nodes.map((node) => node.type)).size).toBe(10);
  });
});

describe("every diagnostic code", () => {
  it("has at least one case below", () => {
    const covered = new Set([...cases, ...subflowCases].map((c) => c.code));
    expect([...DiagnosticCode.options].filter((code) => !covered.has(code))).toEqual([]);
  });

  describe.each([...cases, ...subflowCases])("$code: $name", (c) => {
    it("is reported", () => {
      const flow = baseFlow();
      c.trigger(flow);
      const diagnostics = validate(flow, c.context);
      expect(diagnostics).toContainEqual(expect.objectContaining({ code: c.code, ...c.expected(flow) }));
      if (c.only) expect(codesOf(diagnostics)).toEqual(c.only);
    });

    it(`is not reported for ${c.nearMiss.name}`, () => {
      const flow = baseFlow();
      c.nearMiss.change(flow);
      expect(codesOf(validate(flow, c.nearMiss.context))).not.toContain(c.code);
    });
  });
});

describe("schema versions", () => {
  it("recognises a Whatomate IVR graph and points at the importer", () => {
    const diagnostics = validate({ version: 2, entry_node: "a", nodes: [], edges: [] });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "unsupported_schema_version", path: "/version" })]);
    expect(diagnostics[0]?.message).toContain("import whatomate");
  });

  it("suggests migrating an older document and upgrading for a newer one", () => {
    const older = baseFlow();
    older.schemaVersion = 0;
    expect(validate(older)[0]?.message).toContain("migrate");
    const newer = baseFlow();
    newer.schemaVersion = 2;
    expect(validate(newer)[0]?.message).toContain("upgrade Switchboard");
  });

  it("reports a missing schemaVersion once, and still checks the rest", () => {
    const { schemaVersion: _dropped, ...flow } = baseFlow();
    flow.entry = "nowhere";
    const diagnostics = validate(flow);
    expect(diagnostics.filter((d) => d.path === "/schemaVersion")).toEqual([
      expect.objectContaining({ severity: "error", code: "schema_invalid" }),
    ]);
    expect(codesOf(diagnostics)).toContain("entry_missing");
  });

  it("reports a schemaVersion that is not a number once", () => {
    const flow = baseFlow();
    flow.schemaVersion = "1";
    expect(validate(flow)).toEqual([expect.objectContaining({ severity: "error", code: "schema_invalid", path: "/schemaVersion" })]);
  });
});

describe("documents that are not flows", () => {
  it.each([
    ["null", null],
    ["a number", 42],
    ["a string", "flow"],
    ["an empty array", []],
    ["an array holding a flow", [baseFlow()]],
    ["a boolean", true],
  ])("reports %s as schema_invalid", (_name, value) => {
    expect(validate(value)).toEqual([expect.objectContaining({ severity: "error", code: "schema_invalid", path: "" })]);
  });

  it("reports missing fields with their pointers", () => {
    const paths = validate({ schemaVersion: 1 }).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["/id", "/name", "/entry", "/nodes", "/edges"]));
  });
});

describe("a node whose data is invalid", () => {
  it("is still part of the graph: its edges count and the nodes after it stay reachable", () => {
    const flow = baseFlow();
    nodeOf(flow, "main").data.options = [];
    const diagnostics = validate(flow);
    // Only the schema problem: no unknown_handle for its option edges, nothing unreachable after it.
    expect(codesOf(diagnostics)).toEqual(["schema_invalid"]);
    expect(diagnostics[0]).toMatchObject({ nodeId: "main", path: `/nodes/${nodeIndex(flow, "main")}/data/options` });
  });
});

describe("a node whose type is unknown (a typo)", () => {
  it("gets one diagnostic: its edges do not dangle and the nodes after it stay reachable", () => {
    const flow = baseFlow();
    nodeOf(flow, "lookup").type = "http_request";
    expect(validate(flow)).toEqual([
      expect.objectContaining({ severity: "error", code: "schema_invalid", nodeId: "lookup", path: `/nodes/${nodeIndex(flow, "lookup")}/type` }),
    ]);
  });

  it("is still the entry node when the entry names it", () => {
    const flow = baseFlow();
    nodeOf(flow, "welcome").type = "greet";
    expect(codesOf(validate(flow))).toEqual(["schema_invalid"]);
  });

  it("still counts for duplicate ids", () => {
    const flow = baseFlow();
    addNode(flow, rawNode("bye", "voicemail", {}));
    expect(codesOf(validate(flow))).toEqual(["duplicate_node_id", "schema_invalid"]);
  });
});

describe("graph checks", () => {
  it("reports every node of a loop in its message, once per loop", () => {
    const flow = baseFlow();
    edgeOf(flow, "e-remember").target = "lookup";
    const loops = validate(flow).filter((d) => d.code === "loop_without_input");
    expect(loops).toHaveLength(1);
    for (const id of ["lookup", "tier", "remember"]) expect(loops[0]?.message).toContain(`"${id}"`);
    expect(loops[0]?.message).not.toContain('"account"');
  });

  it("reports a greeting that loops to itself", () => {
    const flow = tinyFlow();
    edgeOf(flow, "e1").target = "hello";
    expect(validate(flow)).toContainEqual(expect.objectContaining({ code: "loop_without_input", nodeId: "hello", path: "/nodes/0" }));
  });

  it("does not report a loop through a gather or a transfer", () => {
    const throughGather = baseFlow();
    edgeOf(throughGather, "e-fail").target = "account";
    expect(codesOf(validate(throughGather))).not.toContain("loop_without_input");
    const throughTransfer = baseFlow();
    addEdge(throughTransfer, rawEdge("e-again", "sales", "no_answer", "hours"));
    addEdge(throughTransfer, rawEdge("e-done", "sales", "completed", "bye"));
    expect(validate(throughTransfer)).toEqual([]);
  });

  it("warns about both menu fallbacks when neither is connected", () => {
    const flow = baseFlow();
    removeEdge(flow, "e-main-timeout");
    const unconnected = validate(flow).filter((d) => d.code === "handle_unconnected");
    expect(unconnected.map((d) => d.handle).sort()).toEqual(["max_retries", "timeout"]);
  });

  it("warns about a menu option with no edge", () => {
    const flow = baseFlow();
    removeEdge(flow, "e-balance");
    const diagnostics = validate(flow);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "handle_unconnected", nodeId: "main", handle: "option:2" }));
    expect(diagnostics.filter((d) => d.code === "node_unreachable").map((d) => d.nodeId).sort()).toEqual(["account", "billing", "lookup", "remember", "tier"]);
  });

  it("treats variables from the context and from http storeAs as set", () => {
    const flow = baseFlow();
    nodeOf(flow, "bye").data.prompt = { text: "{{vars.language}} {{vars.profile}}" };
    expect(codesOf(validate(flow))).toEqual(["variable_never_set", "variable_never_set"]);
    expect(codesOf(validate(flow, { variables: ["language"] }))).toEqual(["variable_never_set"]);
    nodeOf(flow, "lookup").data.storeAs = "profile";
    expect(validate(flow, { variables: ["language"] })).toEqual([]);
  });

  it("refuses a templated `matches` pattern whose text alone is larger than a pattern from a template may be", () => {
    const flow = baseFlow();
    flow.variables = { name: "" };
    const right = "^(?:yes|yeah|yep|sure|okay|certainly|absolutely|of course|go ahead|definitely),? {{vars.name}}$";
    nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right }];
    expect(validate(flow)).toEqual([
      expect.objectContaining({
        code: "invalid_regex",
        path: `/nodes/${nodeIndex(flow, "tier")}/data/rules/0/right`,
        message: expect.stringMatching(/without its placeholders it already compiles to \d+ instructions, and a pattern filled in from a template \(its text may come from a caller\) may have at most 64/),
      }),
    ]);
    nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right: "^(?:yes|sure),? {{vars.name}}$" }];
    expect(validate(flow)).toEqual([]);
  });

  it("does not compile a `matches` pattern that is a template", () => {
    const flow = baseFlow();
    flow.variables = { pattern: "^g" };
    nodeOf(flow, "tier").data.rules = [{ id: "vip", left: "{{nodes.lookup.body.tier}}", operator: "matches", right: "{{vars.pattern}}(" }];
    expect(validate(flow)).toEqual([]);
  });

  it("puts errors before warnings", () => {
    const flow = baseFlow();
    addNode(flow, rawNode("orphan", "hangup", {}));
    removeEdge(flow, "e-closed");
    addEdge(flow, rawEdge("e-after-bye", "bye", "next", "main"));
    nodeOf(flow, "lookup").data.method = "FETCH";
    const severities = validate(flow).map((d) => d.severity);
    expect(severities).toContain("error");
    expect(severities).toContain("warning");
    expect(severities).toEqual([...severities].sort());
    expect(hasErrors(validate(flow))).toBe(true);
  });

  it("gives each code the severity of its list", () => {
    const flow = baseFlow();
    addNode(flow, rawNode("orphan", "hangup", {}));
    addEdge(flow, rawEdge("e-after-bye", "bye", "next", "main"));
    const errors = new Set<string>(ERROR_CODES);
    const warnings = new Set<string>(WARNING_CODES);
    const diagnostics = validate(flow);
    expect(codesOf(diagnostics)).toEqual(["node_unreachable", "terminal_has_outgoing"]);
    for (const d of diagnostics) {
      expect(d.severity === "error").toBe(errors.has(d.code));
      expect(d.severity === "warning").toBe(warnings.has(d.code));
    }
  });
});

describe("agreement with FlowDocument.safeParse", () => {
  const variants: Array<[string, (flow: RawFlow) => void]> = [
    ["unchanged", () => {}],
    ["an unknown node type", (flow) => void (nodeOf(flow, "bye").type = "voicemail")],
    ["a node without data", (flow) => void Reflect.deleteProperty(nodeOf(flow, "bye"), "data")],
    ["a node with a label of 101 characters", (flow) => void (nodeOf(flow, "bye").label = "x".repeat(101))],
    ["a node at x = Infinity", (flow) => void (nodeOf(flow, "bye").position = { x: Number.POSITIVE_INFINITY, y: 0 })],
    ["an edge without a handle", (flow) => void (edgeOf(flow, "e-fail").sourceHandle = "")],
    ["an edge with an extra key", (flow) => void Object.assign(edgeOf(flow, "e-fail"), { animated: true })],
    ["a menu with duplicate keys", (flow) => void (nodeOf(flow, "main").data.options = [{ key: "1", label: "A" }, { key: "1", label: "B" }])],
    ["a variable with a bad name", (flow) => void (flow.variables = { "1st": "x" })],
    ["an empty channel list", (flow) => void (flow.settings = { channels: [] })],
    ["a blank name", (flow) => void (flow.name = "   ")],
    ["schemaVersion 2", (flow) => void (flow.schemaVersion = 2)],
    ["a graph error only (edge to nowhere)", (flow) => void (edgeOf(flow, "e-fail").target = "ghost")],
    ["a warning only (orphan node)", (flow) => void addNode(flow, rawNode("orphan", "hangup", {}))],
  ];

  it.each(variants)("%s", (_name, change) => {
    const flow = baseFlow();
    change(flow);
    const codes = codesOf(validate(flow));
    const schemaProblem = codes.includes("schema_invalid") || codes.includes("unsupported_schema_version");
    expect(schemaProblem).toBe(!FlowDocument.safeParse(flow).success);
  });
});
