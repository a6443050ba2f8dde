import type { Diagnostic } from "../../../../flow-schema/validate/diagnostic";
import type { ProblemCount } from "./editor-state";

/** Errors and warnings per node id, for the badges on the canvas. */
export function problemsByNode(diagnostics: readonly Diagnostic[]): Record<string, ProblemCount> {
  const counts: Record<string, ProblemCount> = {};
  for (const diagnostic of diagnostics) {
    if (diagnostic.nodeId === undefined) continue;
    const count = (counts[diagnostic.nodeId] ??= { errors: 0, warnings: 0 });
    if (diagnostic.severity === "error") count.errors++;
    else count.warnings++;
  }
  return counts;
}
