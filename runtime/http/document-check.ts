import { FlowDocument } from "../../flow-schema/document";
import { type ImportIssue, migrate, MigrationError } from "../../flow-schema/migrate/index";
import { hasErrors, type Diagnostic } from "../../flow-schema/validate/diagnostic";
import { validate, type ValidationContext } from "../../flow-schema/validate/validate";
import { ApiError } from "./api-error";
import { refuseOverLimits } from "./document-limits";

/**
 * A document sent to the API: checked against the size limits (422 naming the first it goes over,
 * before any other work), migrated to the current schemaVersion, then parsed. A document that
 * does not parse is refused with 422 and the validator's diagnostics; one that parses but has graph
 * errors (an unconnected entry, say) is a draft in progress and is kept, with its diagnostics.
 * `issues`: what the migration noted (e.g. a pattern the linear-time engine cannot run).
 */
export function checkDocument(body: unknown, context: ValidationContext): { document: FlowDocument; diagnostics: Diagnostic[]; issues: ImportIssue[] } {
  refuseOverLimits(body);
  let migrated: unknown;
  let issues: ImportIssue[];
  try {
    ({ document: migrated, issues } = migrate(body));
  } catch (error) {
    if (error instanceof MigrationError) {
      const diagnostics = validate(body, context);
      throw new ApiError(422, "flow_invalid", error.message, { diagnostics });
    }
    throw error;
  }
  const diagnostics = validate(migrated, context);
  const parsed = FlowDocument.safeParse(migrated);
  if (!parsed.success) {
    const first = diagnostics.find((d) => d.severity === "error");
    throw new ApiError(422, "flow_invalid", first ? `the flow document is invalid: ${first.message}` : "the flow document is invalid", { diagnostics });
  }
  return { document: parsed.data, diagnostics, issues };
}

/** Publishing needs a document with no errors at all. */
export function refuseErrors(diagnostics: Diagnostic[]): void {
  if (hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    throw new ApiError(422, "flow_invalid", `the flow has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them before publishing: ${errors[0]?.message ?? ""}`, {
      diagnostics,
    });
  }
}
