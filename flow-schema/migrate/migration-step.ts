import type { ImportIssue } from "./import-issue";

/** One schemaVersion upgrade: `from` → `to` (= from + 1). */
export interface MigrationStep {
  from: number;
  to: number;
  /**
   * Returns the upgraded document; the caller sets `schemaVersion` to `to` afterwards.
   * Gets its own copy of the document, so it may change it in place.
   */
  up: (doc: Record<string, unknown>, report: (issue: ImportIssue) => void) => Record<string, unknown>;
}
