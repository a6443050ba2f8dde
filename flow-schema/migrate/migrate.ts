import { type MigrateOptions, type MigrateResult, migrateWith } from "./migrate-with";
import { migrations } from "./migrations";

/**
 * Upgrades a document to the current schemaVersion: a current document comes back unchanged,
 * an older one goes through the registered migrations, a Whatomate IVR graph or a Twilio Studio
 * flow is imported.
 * Throws a MigrationError for anything else.
 */
export function migrate(doc: unknown, options: MigrateOptions = {}): MigrateResult {
  return migrateWith(migrations, doc, options);
}
