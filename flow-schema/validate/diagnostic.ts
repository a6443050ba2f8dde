import { z } from "zod";

export const ERROR_CODES = [
  "schema_invalid",
  "unsupported_schema_version",
  "entry_missing",
  "duplicate_node_id",
  "duplicate_edge_id",
  "edge_source_missing",
  "edge_target_missing",
  "unknown_handle",
  "handle_multiple_edges",
  "terminal_has_outgoing",
  "goto_target_missing",
  "subflow_target_missing",
  "subflow_target_unpublished",
  "subflow_input_unknown",
  "subflow_input_missing",
  "subflow_output_unknown",
  "subflow_outcome_unknown",
  "subflow_recursion",
  "subflow_too_deep",
  "return_output_unknown",
  "invalid_timezone",
  "invalid_regex",
  "loop_without_input",
  "too_many_nodes",
  "too_many_edges",
  "string_too_long",
  "placeholder_node",
  "ai_provider_missing",
  "message_channel_missing",
  "message_channel_disabled",
] as const;

export const WARNING_CODES = [
  "node_unreachable",
  "handle_unconnected",
  "variable_never_set",
  "channel_unsupported",
  "template_syntax",
  "template_unknown_root",
  "team_missing",
  "subflow_outcome_unlisted",
] as const;

export const DiagnosticCode = z.enum([...ERROR_CODES, ...WARNING_CODES]);
export type DiagnosticCode = z.infer<typeof DiagnosticCode>;

export const Severity = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z.object({
  severity: Severity,
  code: DiagnosticCode,
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  handle: z.string().optional(),
  path: z.string().optional().describe("JSON pointer into the document"),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

const ERROR_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** Builds a diagnostic whose severity follows from its code. */
export function diagnostic(code: DiagnosticCode, message: string, where: Omit<Diagnostic, "severity" | "code" | "message"> = {}): Diagnostic {
  const result: Diagnostic = { severity: ERROR_SET.has(code) ? "error" : "warning", code, message };
  if (where.nodeId !== undefined) result.nodeId = where.nodeId;
  if (where.edgeId !== undefined) result.edgeId = where.edgeId;
  if (where.handle !== undefined) result.handle = where.handle;
  if (where.path !== undefined) result.path = where.path;
  return result;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
