import { FlowDocument } from "../flow-schema/document";
import { hasErrors } from "../flow-schema/validate/diagnostic";
import { validate } from "../flow-schema/validate/validate";
import { generateLargeFlow } from "./fixtures/generate-large-flow";
import { round, timeRuns } from "./measure";

/** Validates a generated 2,000-node flow. Target: median under 20 ms on the 2-core CI machine. */
export function benchSchemaValidate(): Record<string, number> {
  const doc = generateLargeFlow(200);
  const diagnostics = validate(doc, { knownFlows: ["main-line"] });
  if (hasErrors(diagnostics)) throw new Error(`the generated flow should be valid: ${JSON.stringify(diagnostics.slice(0, 3))}`);
  const validateSample = timeRuns(() => validate(doc, { knownFlows: ["main-line"] }), 40);
  const parseSample = timeRuns(() => FlowDocument.parse(doc), 40);
  const nodes = doc.nodes.length;
  console.log(`schema: validate ${nodes} nodes: median ${round(validateSample.median)} ms, p90 ${round(validateSample.p90)} ms (target < 20 ms)`);
  console.log(`schema: zod parse alone: median ${round(parseSample.median)} ms; validate/parse ratio ${round(validateSample.median / parseSample.median)}`);
  return {
    schema_nodes: nodes,
    schema_validate_median_ms: round(validateSample.median),
    schema_validate_p90_ms: round(validateSample.p90),
    schema_parse_median_ms: round(parseSample.median),
  };
}
