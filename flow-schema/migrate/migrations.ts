import type { MigrationStep } from "./migration-step";

/**
 * Every schemaVersion upgrade, oldest first. Empty while schemaVersion 1 is the only version.
 * Bumping CURRENT_SCHEMA_VERSION to N means adding `{ from: N - 1, to: N, up }` here, plus a test
 * that upgrades an old document (migrations.test.ts checks the chain reaches the current version).
 */
export const migrations: readonly MigrationStep[] = [];
