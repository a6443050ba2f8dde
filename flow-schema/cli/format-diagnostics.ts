import type { Diagnostic } from "../validate/diagnostic";

/** One line per diagnostic, compiler style: `file:/path: error code: message [node x]`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.path ? `${file}:${d.path || "/"}` : file;
  const subject = [d.nodeId && `node ${d.nodeId}`, d.edgeId && `edge ${d.edgeId}`, d.handle && `handle ${d.handle}`].filter(Boolean).join(", ");
  return `${where}: ${d.severity} ${d.code}: ${d.message}${subject ? ` [${subject}]` : ""}`;
}

export function summarize(file: string, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  return `${file}: ${errors === 0 ? "valid" : "invalid"} (${counts})`;
}
