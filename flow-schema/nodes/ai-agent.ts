import { z } from "zod";
import { escapeSegment } from "../json-pointer";
import { Template, VariableName } from "../primitives";
import { HttpMethod } from "./http";
import type { NodeProblem, TemplateRef } from "./node-definition";
import { defineNode, noPatterns, truncate } from "./node-definition";

/**
 * `ai_agent`: a model converses with the customer, calls tools, fills variables and decides how
 * the node ends.
 *
 * ```json
 * {
 *   "provider": "openai",                          // an AI provider's name or id (/api/ai/providers)
 *   "model": "gpt-4o-mini",                        // optional: the provider's default model
 *   "instructions": "You qualify leads for {{vars.product}}…",
 *   "history": "none",                             // "session": a second visit goes on with the same conversation
 *   "tools": [
 *     { "kind": "http", "name": "lookup_order", "description": "Finds an order",
 *       "parameters": { "type": "object", "properties": { "order": { "type": "string" } }, "required": ["order"] },
 *       "url": "https://api.example.com/orders/{{args.order}}", "method": "GET" },
 *     { "kind": "handoff" }, { "kind": "end" }, { "kind": "set_variables", "variables": ["topic"] }
 *   ],
 *   "extract": { "type": "object", "properties": { "email": { "type": "string", "format": "email" } }, "required": ["email"] },
 *   "maxTurns": 10, "timeoutSeconds": 30, "replyTimeoutSeconds": 300
 * }
 * ```
 * Handles: `done` (the model called `end`), `handoff` (it called `handoff`; the reason is in
 * `vars.<handoffVariable>`), `max_turns` (it asked for more model turns than `maxTurns`),
 * `failed` (the provider failed or answered nonsense, a tool it called is not declared, a tool's
 * address is not allowed), `timeout` (the model, or the customer, did not answer in time).
 */

/** A tool's name as the model sees it. */
export const ToolName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "use a letter, then letters, digits, '_' or '-' (at most 64)");

/** The names the built-in tools take; an HTTP tool cannot use them. */
export const BUILT_IN_TOOLS = ["handoff", "set_variables", "end", "save_fields"] as const;

/** A JSON Schema of a tool's arguments: an object with properties (any JSON Schema keywords inside them). */
export const ToolParameters = z.looseObject({
  type: z.literal("object"),
  properties: z.record(z.string().min(1).max(64), z.record(z.string(), z.unknown())).default({}),
  required: z.array(z.string()).optional(),
});

export const HttpTool = z.strictObject({
  kind: z.literal("http"),
  name: ToolName,
  description: z.string().min(1).max(1000).describe("What the tool does, for the model"),
  parameters: ToolParameters.default({ type: "object", properties: {} }).describe("JSON Schema of the arguments the model passes"),
  url: Template.min(1).describe("URL template; {{args.<name>}} reads an argument, e.g. https://api.example.com/orders/{{args.order}}"),
  method: HttpMethod.default("POST"),
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "not a valid HTTP header name"), Template).default({}),
  timeoutSeconds: z.number().int().min(1).max(10).default(5),
});
export type HttpTool = z.infer<typeof HttpTool>;

const BuiltInDescription = z.string().min(1).max(1000).optional().describe("Replaces the built-in description the model sees");
export const HandoffTool = z.strictObject({ kind: z.literal("handoff"), description: BuiltInDescription });
export const EndTool = z.strictObject({ kind: z.literal("end"), description: BuiltInDescription });
export const SetVariablesTool = z.strictObject({
  kind: z.literal("set_variables"),
  variables: z.array(VariableName).min(1).max(50).describe("The only variables the model may set"),
  description: BuiltInDescription,
});

export const AgentTool = z.discriminatedUnion("kind", [HttpTool, HandoffTool, EndTool, SetVariablesTool]);
export type AgentTool = z.infer<typeof AgentTool>;

/** One field `extract` fills: a JSON Schema of a scalar. */
export const ExtractField = z.strictObject({
  type: z.enum(["string", "number", "integer", "boolean"]),
  description: z.string().max(1000).optional(),
  enum: z.array(z.union([z.string().max(200), z.number()])).min(1).max(50).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  format: z.enum(["email", "date"]).optional().describe("date: YYYY-MM-DD"),
});
export type ExtractField = z.infer<typeof ExtractField>;

/**
 * The variables the model fills: a JSON Schema object whose properties are scalars, one variable
 * each (property name = variable name).
 */
export const ExtractSchema = z
  .strictObject({
    type: z.literal("object"),
    properties: z.record(VariableName, ExtractField).refine((properties) => Object.keys(properties).length > 0, "name at least one property"),
    required: z.array(VariableName).optional(),
  })
  .superRefine((schema, ctx) => {
    (schema.required ?? []).forEach((name, index) => {
      if (!Object.hasOwn(schema.properties, name)) ctx.addIssue({ code: "custom", message: `"${name}" is required but is not a property`, path: ["required", index] });
    });
  });
export type ExtractSchema = z.infer<typeof ExtractSchema>;

export const AiAgentData = z
  .strictObject({
    provider: z.string().min(1).max(100).describe("An AI provider's name or id"),
    model: z.string().min(1).max(200).optional().describe("Default: the provider's default model"),
    instructions: Template.min(1).describe("The system prompt, with {{vars.x}} placeholders"),
    history: z.enum(["session", "none"]).default("none").describe("session: entering the node again goes on with its earlier conversation"),
    tools: z.array(AgentTool).max(20).default([]),
    extract: ExtractSchema.optional(),
    maxTurns: z.number().int().min(1).max(50).default(10).describe("Model turns per visit of the node"),
    timeoutSeconds: z.number().int().min(1).max(120).default(30).describe("How long one model turn may take"),
    replyTimeoutSeconds: z.number().int().min(5).max(86_400).default(300).describe("How long to wait for the customer's next message"),
    handoffVariable: VariableName.default("handoff_reason").describe("Receives the reason the model gives for a handoff"),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.tools.forEach((tool, index) => {
      const name = toolName(tool);
      if (tool.kind === "http" && (BUILT_IN_TOOLS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: "custom", message: `"${name}" is a built-in tool's name`, path: ["tools", index, "name"] });
      }
      if (seen.has(name)) ctx.addIssue({ code: "custom", message: `tool "${name}" is declared twice`, path: ["tools", index, tool.kind === "http" ? "name" : "kind"] });
      seen.add(name);
    });
  });
export type AiAgentData = z.infer<typeof AiAgentData>;

/** The name the model calls a tool by: an HTTP tool's own, a built-in's kind. */
export function toolName(tool: AgentTool): string {
  return tool.kind === "http" ? tool.name : tool.kind;
}

export const aiAgentNode = defineNode({
  type: "ai_agent",
  title: "AI agent",
  description: "A model converses with the customer, calls your APIs, fills variables, then hands off or ends.",
  data: AiAgentData,
  starter: () => ({
    provider: "openai",
    instructions: "You are the assistant of Acme. Answer briefly. When the customer wants a person, call handoff.",
    tools: [{ kind: "handoff" }, { kind: "end" }],
  }),
  outputs: () => [
    { id: "done", label: "Done" },
    { id: "handoff", label: "Handoff" },
    { id: "max_turns", label: "Max turns" },
    { id: "failed", label: "Failed" },
    { id: "timeout", label: "Timeout" },
  ],
  terminal: false,
  waitsForInput: true,
  // Voice needs speaking and listening turn by turn (see runtime/engine/README.md): chat for now.
  channels: () => ["chat"],
  templates: (data) => [
    { pointer: "/instructions", template: data.instructions },
    ...data.tools.flatMap((tool, index): TemplateRef[] =>
      tool.kind !== "http"
        ? []
        : [
            { pointer: `/tools/${index}/url`, template: tool.url, roots: ["args"] },
            ...Object.entries(tool.headers).map(([name, template]) => ({ pointer: `/tools/${index}/headers/${escapeSegment(name)}`, template, roots: ["args"] })),
          ],
    ),
  ],
  writes: (data) => [
    ...Object.keys(data.extract?.properties ?? {}),
    ...data.tools.flatMap((tool) => (tool.kind === "set_variables" ? tool.variables : tool.kind === "handoff" ? [data.handoffVariable] : [])),
  ],
  patterns: noPatterns,
  // A node may end only by handoff or only by end (the model takes neither without its built-in tool).
  optionalHandle: (handle) => handle === "handoff" || handle === "done",
  check: (data, context): NodeProblem[] =>
    context.knownAiProviders === undefined || context.knownAiProviders.has(data.provider)
      ? []
      : [{ code: "ai_provider_missing", message: `ai_agent uses AI provider "${data.provider}", which does not exist (add it under AI providers)`, pointer: "/provider" }],
  summary: (data) => truncate(`${data.provider}${data.model === undefined ? "" : ` · ${data.model}`} · ${data.instructions}`),
});
