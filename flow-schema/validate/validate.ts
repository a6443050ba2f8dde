import { CURRENT_SCHEMA_VERSION } from "../document";
import { patternProblemMessage } from "../pattern-problem-message";
import { patternRefProblem } from "../pattern-ref-problem";
import { templateSyntaxProblems, templateVariables } from "../interpolate";
import { FLOW_LIMITS, findLimitViolations } from "../limits";
import type { CheckContext, KnownChannel } from "../nodes/node-definition";
import type { ChannelKind } from "../primitives";
import { type Diagnostic, diagnostic } from "./diagnostic";
import { checkSpeechInput } from "./check-speech-input";
import { checkReturnOutputs, checkSubflowCalls, type SubflowResolver } from "./check-subflows";
import { subflowContract } from "../subflow-contract";
import { findCycles } from "./find-cycles";
import { type EdgeInfo, type NodeInfo, type ParsedFlow, parseFlow } from "./parse-flow";

export interface ValidationContext {
  /** Ids of the flows that exist: enables `goto_target_missing`. */
  knownFlows?: Iterable<string>;
  /**
   * The live version of another flow (undefined: none): enables the subflow checks (inputs, outputs,
   * outcomes, `subflow_target_unpublished`, recursion and depth across flows).
   */
  subflows?: SubflowResolver;
  /** Ids of the agent teams that exist: enables `team_missing`. */
  knownTeams?: Iterable<string>;
  /** Names and ids of the AI providers that exist: enables `ai_provider_missing`. */
  knownAiProviders?: Iterable<string>;
  /** The channels that exist (id, name, type, enabled): enables `message_channel_missing` and `message_channel_disabled`. */
  knownChannels?: Iterable<{ id: string } & KnownChannel>;
  /** Channel kinds the flow will run on; overrides `settings.channels`. */
  channels?: readonly ChannelKind[];
  /** Names of voice channels the flow runs on that cannot recognise speech (menus listening for speech get `channel_unsupported`). */
  speechlessChannels?: readonly string[];
  /** Variables set before the flow starts (e.g. by the flow that goes to it). */
  variables?: Iterable<string>;
  /** Most nodes a flow may have (default `FLOW_LIMITS.maxNodes`, 2,000). */
  maxNodes?: number;
}

export const DEFAULT_MAX_NODES = FLOW_LIMITS.maxNodes;

/** Template roots the runtime fills in. */
export const TEMPLATE_ROOTS: ReadonlySet<string> = new Set(["caller", "call", "channel", "flow", "session", "vars", "nodes"]);

/**
 * Checks a flow document and returns its diagnostics, errors first. Never throws, whatever it is given.
 */
export function validate(doc: unknown, context: ValidationContext = {}): Diagnostic[] {
  try {
    return sortBySeverity(validateUnsafe(doc, context));
  } catch (error) {
    // A bug in a check must not take the caller down; report it as a diagnostic.
    return [diagnostic("schema_invalid", `the validator failed on this document: ${error instanceof Error ? error.message : String(error)}`)];
  }
}

function validateUnsafe(doc: unknown, context: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    out.push(diagnostic("schema_invalid", "a flow document must be a JSON object", { path: "" }));
    return out;
  }
  const record: Record<string, unknown> = { ...doc };
  if (!checkVersion(record, out)) return out;

  const checkContext: CheckContext = {};
  if (context.knownFlows !== undefined) {
    const flows = new Set(context.knownFlows);
    if (typeof record.id === "string") flows.add(record.id);
    checkContext.knownFlows = flows;
  }
  if (context.knownTeams !== undefined) checkContext.knownTeams = new Set(context.knownTeams);
  if (context.knownAiProviders !== undefined) checkContext.knownAiProviders = new Set(context.knownAiProviders);
  if (context.knownChannels !== undefined) checkContext.messagingChannels = new Map([...context.knownChannels].map(({ id, ...channel }) => [id, channel]));
  const resolve = context.subflows;
  if (resolve !== undefined) {
    checkContext.subflows = (flowId) => {
      const called = resolve(flowId);
      return called === undefined ? undefined : subflowContract(called);
    };
  }

  const flow = parseFlow(record, checkContext, out);
  // The size limits the API applies on save (all but maxBytes, which is about the request).
  for (const violation of findLimitViolations(record, { ...FLOW_LIMITS, maxNodes: context.maxNodes ?? DEFAULT_MAX_NODES })) {
    if (violation.code !== "flow_too_large") out.push(diagnostic(violation.code, violation.message, { path: violation.pointer }));
  }

  const nodesById = uniqueNodes(flow, out);
  const { bySource: edgesBySource, handlesUsed } = checkEdges(flow, nodesById, out);
  checkEntry(flow, nodesById, out);
  checkNodeProblems(flow, out);
  const reachable = reachableFrom(flow.entry, nodesById, edgesBySource);
  checkLoops(flow, nodesById, edgesBySource, out);
  checkUnreachable(flow, nodesById, reachable, out);
  checkUnconnected(nodesById, handlesUsed, out);
  checkTemplates(flow, nodesById, context, out);
  checkChannels(nodesById, context.channels ?? flow.channels, out);
  if (Array.isArray(record.nodes)) checkSpeechInput(record.nodes, context.speechlessChannels, out);
  checkReturnOutputs(record, out);
  if (resolve !== undefined) checkSubflowCalls(record, resolve, out);
  return out;
}

/** Only version 1 can be validated; older or foreign documents must be migrated or imported first. */
function checkVersion(doc: Record<string, unknown>, out: Diagnostic[]): boolean {
  const version = doc.schemaVersion;
  if (version === CURRENT_SCHEMA_VERSION) return true;
  if (version === undefined) {
    if (doc.version === 2 && typeof doc.entry_node === "string") {
      out.push(
        diagnostic("unsupported_schema_version", "this is a Whatomate IVR graph (version 2); convert it with `switchboard import whatomate FILE` first", {
          path: "/version",
        }),
      );
      return false;
    }
    out.push(diagnostic("schema_invalid", `/schemaVersion: required; this validator reads schemaVersion ${CURRENT_SCHEMA_VERSION}`, { path: "/schemaVersion" }));
    return true;
  }
  if (typeof version === "number" && Number.isInteger(version)) {
    const hint = version < CURRENT_SCHEMA_VERSION ? "run `switchboard migrate FILE` to upgrade it" : "a newer Switchboard wrote it; upgrade Switchboard";
    out.push(
      diagnostic("unsupported_schema_version", `schemaVersion ${version} is not supported (this is version ${CURRENT_SCHEMA_VERSION}); ${hint}`, {
        path: "/schemaVersion",
      }),
    );
    return false;
  }
  out.push(diagnostic("schema_invalid", `/schemaVersion: expected the number ${CURRENT_SCHEMA_VERSION}`, { path: "/schemaVersion" }));
  return true;
}

function uniqueNodes(flow: ParsedFlow, out: Diagnostic[]): Map<string, NodeInfo> {
  const byId = new Map<string, NodeInfo>();
  for (const node of flow.nodes) {
    if (byId.has(node.id)) {
      out.push(diagnostic("duplicate_node_id", `node id "${node.id}" is used by more than one node`, { nodeId: node.id, path: `${node.pointer}/id` }));
      continue;
    }
    byId.set(node.id, node);
  }
  return byId;
}

/** Checks every edge; returns the edges that join two existing nodes, by source. */
function checkEdges(
  flow: ParsedFlow,
  nodes: ReadonlyMap<string, NodeInfo>,
  out: Diagnostic[],
): { bySource: Map<string, EdgeInfo[]>; handlesUsed: Map<string, Set<string>> } {
  const edgeIds = new Set<string>();
  const bySource = new Map<string, EdgeInfo[]>();
  const handlesUsed = new Map<string, Set<string>>();
  for (const edge of flow.edges) {
    const { id, sourceHandle: handle, pointer } = edge;
    if (edgeIds.has(id)) {
      out.push(diagnostic("duplicate_edge_id", `edge id "${id}" is used by more than one edge`, { edgeId: id, handle, path: `${pointer}/id` }));
    }
    edgeIds.add(id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source) {
      out.push(diagnostic("edge_source_missing", `edge "${id}" leaves node "${edge.source}", which does not exist`, { edgeId: id, handle, path: `${pointer}/source` }));
    }
    if (!target) {
      out.push(diagnostic("edge_target_missing", `edge "${id}" enters node "${edge.target}", which does not exist`, { edgeId: id, handle, path: `${pointer}/target` }));
    }
    if (!source) continue;
    if (source.terminal) {
      out.push(
        diagnostic("terminal_has_outgoing", `node "${source.id}" (${source.type}) ends the flow and cannot have outgoing edges`, {
          edgeId: id,
          handle,
          nodeId: source.id,
          path: pointer,
        }),
      );
      continue;
    }
    if (source.facts && !source.facts.outputIds.has(handle)) {
      out.push(
        diagnostic("unknown_handle", `node "${source.id}" (${source.type}) has no handle "${handle}"; its handles are ${[...source.facts.outputIds].join(", ")}`, {
          edgeId: id,
          handle,
          nodeId: source.id,
          path: `${pointer}/sourceHandle`,
        }),
      );
      continue;
    }
    let used = handlesUsed.get(source.id);
    if (used === undefined) {
      used = new Set();
      handlesUsed.set(source.id, used);
    } else if (used.has(handle)) {
      out.push(
        diagnostic("handle_multiple_edges", `handle "${handle}" of node "${source.id}" has more than one edge; keep one`, { edgeId: id, handle, nodeId: source.id, path: pointer }),
      );
      continue;
    }
    used.add(handle);
    if (!target) continue;
    const list = bySource.get(source.id);
    if (list) list.push(edge);
    else bySource.set(source.id, [edge]);
  }
  return { bySource, handlesUsed };
}

function checkEntry(flow: ParsedFlow, nodes: ReadonlyMap<string, NodeInfo>, out: Diagnostic[]): void {
  if (flow.entry === undefined) return; // reported by the schema
  if (!nodes.has(flow.entry)) {
    out.push(diagnostic("entry_missing", `the entry node "${flow.entry}" does not exist`, { path: "/entry" }));
  }
}

function checkNodeProblems(flow: ParsedFlow, out: Diagnostic[]): void {
  for (const node of flow.nodes) {
    if (!node.facts) continue;
    for (const problem of node.facts.problems) {
      out.push(diagnostic(problem.code, problem.message, { nodeId: node.id, path: `${node.pointer}/data${problem.pointer}` }));
    }
    for (const ref of node.facts.patterns) {
      const problem = patternRefProblem(ref);
      if (problem !== undefined) {
        out.push(diagnostic("invalid_regex", patternProblemMessage(ref.pattern, problem), { nodeId: node.id, path: `${node.pointer}/data${ref.pointer}` }));
      }
    }
  }
}

function reachableFrom(entry: string | undefined, nodes: ReadonlyMap<string, NodeInfo>, bySource: ReadonlyMap<string, EdgeInfo[]>): Set<string> {
  const seen = new Set<string>();
  if (entry === undefined || !nodes.has(entry)) return seen;
  const queue = [entry];
  seen.add(entry);
  for (let i = 0; i < queue.length; i++) {
    for (const edge of bySource.get(queue[i] ?? "") ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/** A cycle through nodes that never wait would spin until a guard stops the session. */
function checkLoops(flow: ParsedFlow, nodes: ReadonlyMap<string, NodeInfo>, bySource: ReadonlyMap<string, EdgeInfo[]>, out: Diagnostic[]): void {
  const spinning = [...nodes.values()].filter((node) => !node.waitsForInput).map((node) => node.id);
  const spinningSet = new Set(spinning);
  const successors = new Map<string, string[]>();
  for (const id of spinning) {
    successors.set(
      id,
      (bySource.get(id) ?? []).map((edge) => edge.target).filter((target) => spinningSet.has(target)),
    );
  }
  for (const cycle of findCycles(spinning, successors)) {
    const first = nodes.get(cycle[0] ?? "");
    out.push(
      diagnostic("loop_without_input", `nodes ${cycle.map((id) => `"${id}"`).join(", ")} form a loop that never waits for input; it would spin forever`, {
        nodeId: first?.id,
        path: first?.pointer,
      }),
    );
  }
}

function checkUnreachable(flow: ParsedFlow, nodes: ReadonlyMap<string, NodeInfo>, reachable: ReadonlySet<string>, out: Diagnostic[]): void {
  if (flow.entry === undefined || !nodes.has(flow.entry)) return; // nothing is reachable without an entry; entry_missing says so
  for (const node of nodes.values()) {
    if (!reachable.has(node.id)) {
      out.push(diagnostic("node_unreachable", `node "${node.id}" cannot be reached from the entry node`, { nodeId: node.id, path: node.pointer }));
    }
  }
}

/** An edge whose target is missing still occupies its handle: edge_target_missing says what is wrong. */
function checkUnconnected(nodes: ReadonlyMap<string, NodeInfo>, handlesUsed: ReadonlyMap<string, ReadonlySet<string>>, out: Diagnostic[]): void {
  for (const node of nodes.values()) {
    if (!node.facts || node.terminal) continue;
    const connected = handlesUsed.get(node.id) ?? new Set<string>();
    for (const output of node.facts.outputs) {
      if (connected.has(output.id) || node.facts.optionalHandle(output.id, connected)) continue;
      out.push(
        diagnostic("handle_unconnected", `handle "${output.id}" (${output.label}) of node "${node.id}" is not connected; the session ends there`, {
          nodeId: node.id,
          handle: output.id,
          path: node.pointer,
        }),
      );
    }
  }
}

function checkTemplates(flow: ParsedFlow, nodes: ReadonlyMap<string, NodeInfo>, context: ValidationContext, out: Diagnostic[]): void {
  const setVariables = new Set([...flow.declaredVariables, ...(context.variables ?? [])]);
  for (const node of nodes.values()) for (const name of node.facts?.writes ?? []) setVariables.add(name);

  for (const node of nodes.values()) {
    for (const { pointer, template, roots } of node.facts?.templates ?? []) {
      const where = { nodeId: node.id, path: `${node.pointer}/data${pointer}` };
      for (const problem of templateSyntaxProblems(template)) {
        out.push(diagnostic("template_syntax", `${problem}; placeholders look like {{vars.name}}`, where));
      }
      for (const path of templateVariables(template)) {
        const [root, name] = path.split(".");
        if (root !== undefined && roots?.includes(root)) continue;
        if (root === undefined || !TEMPLATE_ROOTS.has(root)) {
          out.push(diagnostic("template_unknown_root", `{{${path}}} reads "${root}", which is not one of ${[...TEMPLATE_ROOTS, ...(roots ?? [])].join(", ")}`, where));
        } else if (root === "vars" && name !== undefined && !setVariables.has(name)) {
          out.push(diagnostic("variable_never_set", `{{${path}}} reads a variable that no node sets and the flow does not declare; it will be empty`, where));
        } else if (root === "nodes" && name !== undefined && !nodes.has(name)) {
          out.push(diagnostic("variable_never_set", `{{${path}}} reads node "${name}", which does not exist; it will be empty`, where));
        }
      }
    }
  }
}

function checkChannels(nodes: ReadonlyMap<string, NodeInfo>, channels: readonly ChannelKind[] | undefined, out: Diagnostic[]): void {
  if (channels === undefined) return;
  for (const node of nodes.values()) {
    if (!node.facts) continue;
    for (const channel of channels) {
      if (!node.facts.channels.includes(channel)) {
        out.push(
          diagnostic("channel_unsupported", `node "${node.id}" (${node.type}) cannot run on ${channel} channels as configured (e.g. audio without text in a chat)`, {
            nodeId: node.id,
            path: node.pointer,
          }),
        );
      }
    }
  }
}

function sortBySeverity(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics.filter((d) => d.severity === "error"), ...diagnostics.filter((d) => d.severity === "warning")];
}
