import { z } from "zod";
import { type NodeDataMap, type NodeType, nodeCatalog } from "./nodes/catalog";
import { ChannelKind, FlowId, Identifier, LanguageTag, Position, VariableName, VariableValue } from "./primitives";
import { FlowInputs, FlowOutputs } from "./subflow-contract";

export const CURRENT_SCHEMA_VERSION = 1;

function nodeSchema<K extends NodeType>(type: K) {
  return z.strictObject({
    id: Identifier,
    type: z.literal(type),
    label: z.string().max(100).optional().describe("A name for the node on the canvas and in logs"),
    position: Position,
    data: nodeCatalog[type].data,
  });
}

export const FlowNode = z.discriminatedUnion("type", [
  nodeSchema("greeting"),
  nodeSchema("menu"),
  nodeSchema("gather"),
  nodeSchema("http"),
  nodeSchema("timing"),
  nodeSchema("condition"),
  nodeSchema("set_variables"),
  nodeSchema("transfer"),
  nodeSchema("dial"),
  nodeSchema("send_message"),
  nodeSchema("record"),
  nodeSchema("goto_flow"),
  nodeSchema("subflow"),
  nodeSchema("return"),
  nodeSchema("hangup"),
  nodeSchema("ai_agent"),
  nodeSchema("placeholder"),
]);
export type FlowNode = z.infer<typeof FlowNode>;
/** A node of one type, with that type's data. */
export type FlowNodeOf<K extends NodeType> = Extract<FlowNode, { type: K }> & { data: NodeDataMap[K] };

export const FlowEdge = z.strictObject({
  id: Identifier,
  source: Identifier.describe("Node the edge leaves"),
  sourceHandle: z.string().min(1).max(80).describe("The outcome it follows: next, option:1, timeout, match:<rule>…"),
  target: Identifier.describe("Node the edge enters"),
});
export type FlowEdge = z.infer<typeof FlowEdge>;

export { VariableValue };

export const FlowSettings = z.strictObject({
  language: LanguageTag.optional().describe("Default language of prompts"),
  voice: z.string().min(1).max(100).optional().describe("Default TTS voice"),
  channels: z.array(ChannelKind).min(1).optional().describe("Channel kinds this flow is meant for"),
  unsupportedInputMessage: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .optional()
    .describe(
      "Chat: what a customer is told when they send something the flow cannot read (a voice note, an image, a sticker, a location, a contact card…), before the question they are at is asked again. Templates allowed. When unset, the runtime says it in the flow's language (English: \"Sorry, I can only read text messages here.\")",
    ),
});

export const FlowDocument = z
  .strictObject({
    $schema: z.string().optional().describe("URL or path of flow.schema.json, for editors"),
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: FlowId,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    entry: Identifier.describe("Id of the node the flow starts at"),
    nodes: z.array(FlowNode),
    edges: z.array(FlowEdge),
    variables: z.record(VariableName, VariableValue).optional().describe("Declared variables and their defaults"),
    inputs: FlowInputs.optional(),
    outputs: FlowOutputs.optional(),
    settings: FlowSettings.optional(),
  })
  .describe("A Switchboard flow document");
export type FlowDocument = z.infer<typeof FlowDocument>;
/** A document as written by hand: defaults may be left out. */
export type FlowDocumentInput = z.input<typeof FlowDocument>;
