import type { z } from "zod";
import type { ChannelKind } from "../primitives";
import type { SubflowContract } from "../subflow-contract";
import type { DiagnosticCode } from "../validate/diagnostic";

/** One output of a node: the `sourceHandle` an edge follows, and what the designer shows. */
export interface OutputHandle {
  id: string;
  label: string;
}

/** A template inside a node's data, with its JSON pointer relative to `data`. */
export interface TemplateRef {
  pointer: string;
  template: string;
  /** Roots this template may read beyond the session's (an ai_agent tool's `args`). */
  roots?: readonly string[];
}

/** A regular expression inside a node's data that must compile. */
export interface PatternRef {
  pointer: string;
  pattern: string;
  /** It holds `{{…}}`: rendered and compiled at run time, within the smaller size a template may have. */
  templated?: true;
}

/** What the validator knows beyond the document. */
export interface CheckContext {
  /** Ids of the flows a goto_flow may name; unknown when undefined. */
  knownFlows?: ReadonlySet<string>;
  /** Ids of the agent teams a transfer may name; unknown when undefined. */
  knownTeams?: ReadonlySet<string>;
  /**
   * The contract (inputs, outputs, outcomes) of a flow a subflow node may call: its live version's.
   * Undefined for a flow without one; unknown (no checks) when this function is undefined.
   */
  subflows?: (flowId: string) => SubflowContract | undefined;
  /** Names and ids of the AI providers an ai_agent may use; unknown when undefined. */
  knownAiProviders?: ReadonlySet<string>;
  /** The channels a send_message may name, by id; unknown when undefined. */
  messagingChannels?: ReadonlyMap<string, KnownChannel>;
}

/** A channel as the validator knows it. */
export interface KnownChannel {
  name: string;
  type: string;
  enabled: boolean;
}

/** A problem a node type finds in its own data, beyond its zod schema. */
export interface NodeProblem {
  code: DiagnosticCode;
  message: string;
  /** JSON pointer relative to `data`. */
  pointer: string;
}

/**
 * Everything the designer, validator and engine need to know about one node type.
 * A new node type is one file exporting one of these, plus its executor in the runtime.
 */
export interface NodeDefinition<T extends string, Data> {
  type: T;
  /** Short name for the palette. */
  title: string;
  /** One line for the palette and documentation. */
  description: string;
  /** The zod schema of `data`, with defaults. */
  data: z.ZodType<Data>;
  /** Data for a freshly placed node; must parse. */
  starter: () => unknown;
  /** The handles this node offers, computed from its data. */
  outputs: (data: Data) => OutputHandle[];
  /** A terminal node ends the flow (or leaves it): it may have no outgoing edges. */
  terminal: boolean;
  /** The node stops and waits for something from outside (caller input, agents); cycles through it are fine. */
  waitsForInput: boolean;
  /** Channel kinds this node (with this data) can run on. */
  channels: (data: Data) => ChannelKind[];
  /** Templates the node reads. */
  templates: (data: Data) => TemplateRef[];
  /** Variable names (`vars.<name>`) the node sets. */
  writes: (data: Data) => string[];
  /** Regular expressions the node uses. */
  patterns: (data: Data) => PatternRef[];
  /**
   * Whether leaving `handle` unconnected is expected, given the handles that are connected
   * (e.g. a transfer with no edges ends at the hand-off). Unexpected ones are warned about.
   */
  optionalHandle: (handle: string, connected: ReadonlySet<string>) => boolean;
  /** Checks that need more than the schema: time zones, other flows, teams. */
  check: (data: Data, context: CheckContext) => NodeProblem[];
  /** One line describing this node's data, for canvases, search and logs. */
  summary: (data: Data) => string;
}

export function defineNode<T extends string, Data>(definition: NodeDefinition<T, Data>): NodeDefinition<T, Data> {
  return definition;
}

export const noTemplates = (): TemplateRef[] => [];
export const noWrites = (): string[] => [];
export const noPatterns = (): PatternRef[] => [];
export const everyHandleExpected = (): boolean => false;
export const noProblems = (): NodeProblem[] => [];
export const bothChannels = (): ChannelKind[] => ["voice", "chat"];

/** Menu and gather fall back from `timeout` to `max_retries` and back: one of the pair is enough. */
export function retryFallbackOptional(handle: string, connected: ReadonlySet<string>): boolean {
  if (handle === "timeout") return connected.has("max_retries");
  if (handle === "max_retries") return connected.has("timeout");
  return false;
}

export function truncate(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
