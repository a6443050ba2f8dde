import { CURRENT_SCHEMA_VERSION } from "../document";
import type { ImportIssue } from "./import-issue";
import { isRecord } from "./is-record";
import { MigrationError } from "./migration-error";
import type { MigrationStep } from "./migration-step";
import { patternNotes } from "./pattern-notes";
import { importStudio } from "./studio/import-studio";
import { isStudioFlow } from "./studio/is-studio-flow";
import { type ImportOptions, importWhatomate } from "./whatomate/import-whatomate";
import { isWhatomateGraph } from "./whatomate/is-whatomate-graph";
import { readWhatomateGraph } from "./whatomate/source-graph";

export type MigrateOptions = ImportOptions;

export interface MigrateWithOptions extends MigrateOptions {
  /** The schemaVersion to reach (default: the current one). */
  targetVersion?: number;
}

export interface MigrateResult {
  /** The upgraded document (the input itself when nothing changed); run it through FlowDocument / validate next. */
  document: unknown;
  /** What the input was: `switchboard-v<N>`, `whatomate-v2` or `twilio-studio`. */
  from: string;
  changed: boolean;
  issues: ImportIssue[];
}

/**
 * Brings `doc` to `targetVersion` with the given steps: a Switchboard document is upgraded one
 * schemaVersion at a time; a Whatomate graph or a Twilio Studio flow is imported (as schemaVersion 1)
 * and then upgraded.
 * The issues end with a note for each pattern the linear-time engine cannot run (patternNotes).
 * Throws a MigrationError for anything else, or for a version no step leads from.
 */
export function migrateWith(steps: readonly MigrationStep[], doc: unknown, options: MigrateWithOptions = {}): MigrateResult {
  const { targetVersion = CURRENT_SCHEMA_VERSION, ...importOptions } = options;
  if (!isRecord(doc)) throw new MigrationError("a flow document must be a JSON object", "");
  if (isWhatomateGraph(doc)) {
    const imported = importWhatomate(doc, importOptions);
    const document: Record<string, unknown> = imported.document;
    return upgrade(steps, document, 1, targetVersion, { from: "whatomate-v2", issues: imported.issues });
  }
  if (isStudioFlow(doc)) {
    const imported = importStudio(doc, importOptions);
    const document: Record<string, unknown> = imported.document;
    return upgrade(steps, document, 1, targetVersion, { from: "twilio-studio", issues: imported.issues });
  }
  const version = doc.schemaVersion;
  if (version === undefined) {
    if ("version" in doc || "entry_node" in doc) readWhatomateGraph(doc); // throws, naming the wrong field
    throw new MigrationError(
      "schemaVersion: missing; this is neither a Switchboard flow document, a Whatomate IVR graph (version 2, entry_node, nodes) nor a Twilio Studio flow (states, initial_state)",
      "/schemaVersion",
    );
  }
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new MigrationError(`schemaVersion: expected a whole number from 1, got ${JSON.stringify(version)}`, "/schemaVersion");
  }
  if (version > targetVersion) {
    throw new MigrationError(
      `schemaVersion ${version} is newer than this Switchboard, which reads up to ${targetVersion}; upgrade Switchboard`,
      "/schemaVersion",
    );
  }
  if (version === targetVersion) return { document: doc, from: `switchboard-v${version}`, changed: false, issues: patternNotes(doc) };
  return upgrade(steps, structuredClone(doc), version, targetVersion, { from: `switchboard-v${version}`, issues: [] });
}

function upgrade(
  steps: readonly MigrationStep[],
  doc: Record<string, unknown>,
  version: number,
  target: number,
  result: { from: string; issues: ImportIssue[] },
): MigrateResult {
  const issues = [...result.issues];
  let current = doc;
  let at = version;
  while (at < target) {
    const step = steps.find((candidate) => candidate.from === at);
    if (step === undefined) {
      throw new MigrationError(`schemaVersion ${at} cannot be upgraded: no migration leads from it`, "/schemaVersion");
    }
    if (step.to !== at + 1) throw new Error(`migration ${step.from} → ${step.to} must lead to the next version, ${at + 1}`);
    current = { ...step.up(current, (issue) => issues.push(issue)), schemaVersion: step.to };
    at = step.to;
  }
  return { document: current, from: result.from, changed: true, issues: [...issues, ...patternNotes(current)] };
}
