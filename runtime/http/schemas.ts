import { z } from "zod";
import { FlowDocument } from "../../flow-schema/document";
import { Diagnostic } from "../../flow-schema/validate/diagnostic";

/** Time stamps in API bodies: ISO 8601 in UTC. */
export const Timestamp = z.string().datetime().describe("ISO 8601, UTC");
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const FlowStatus = z.enum(["unpublished", "published", "changed"]).describe("changed: the draft differs from the live version");

export const FlowSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    revision: z.number().int().describe("The draft's revision: send it back as baseRevision when saving"),
    publishedVersion: z.number().int().nullable(),
    status: FlowStatus,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "FlowSummary" });

/** Any JSON object sent as a flow document; it is checked by migrate() and validate(), answering 422 with diagnostics. */
export const DocumentBody = z
  .looseObject({})
  .meta({ id: "FlowDocumentBody", description: "A flow document (schemaVersion 1): see the FlowDocument schema and flow.schema.json" });

/** The flow document schema, as the API answers it (defaults filled in). */
export const FlowDocumentResponse = FlowDocument.meta({ id: "FlowDocument" });

export const FlowDetail = FlowSummary.extend({
  document: FlowDocumentResponse,
  diagnostics: z.array(Diagnostic),
}).meta({ id: "Flow" });

export const FlowVersionInfo = z
  .object({
    number: z.number().int(),
    contentHash: z.string(),
    note: z.string().nullable(),
    author: z.string(),
    createdAt: Timestamp,
    live: z.boolean().describe("Whether new sessions start on this version"),
  })
  .meta({ id: "FlowVersionInfo" });

export const SubflowPinResponse = z
  .object({
    nodeId: z.string().describe("The subflow node"),
    flowId: z.string().describe("The flow it calls"),
    version: z.number().int().nullable().describe("The called flow's version this version runs (its live one at publish); null: it had none"),
  })
  .meta({ id: "SubflowPin" });

export const FlowVersionDetail = FlowVersionInfo.extend({ document: FlowDocumentResponse }).meta({ id: "FlowVersion" });

export const Validation = z
  .object({ valid: z.boolean().describe("No errors (warnings allowed)"), diagnostics: z.array(Diagnostic) })
  .meta({ id: "Validation" });

export const FlowIdParam = z.object({
  id: z.string().min(1).max(100).meta({ param: { name: "id", in: "path" }, example: "support-line" }),
});
