/**
 * `npm run db:copy -- --from data/switchboard.db --to postgres://…`: one-way copy of a SQLite
 * store into an empty PostgreSQL database, checked by row counts and content hashes (see
 * runtime/store/README.md, "Copying SQLite to PostgreSQL"). Runs under the
 * `switchboard-postgres` import condition (the npm script passes it). Prints a table of counts
 * and hashes; exit 1 with the reason when it refuses, fails or the check differs.
 */
import { parseArgs } from "node:util";
import { redactUrl } from "../database-target";
import { CopyRefused } from "./copy-errors";
import { copyDatabase, CopyMismatch, type CopyReport, sameDigest } from "./copy-database";

function printReport(report: CopyReport): void {
  const rows = report.tables.map((table) => [
    table.table,
    String(table.sqlite.rows),
    String(table.postgres.rows),
    table.sqlite.hash.slice(0, 16),
    table.postgres.hash.slice(0, 16),
    sameDigest(table) ? "ok" : "DIFFERS",
  ]);
  const header = ["table", "sqlite rows", "postgres rows", "sqlite sha256", "postgres sha256", ""];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

let to = "";
try {
  const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } }, strict: true, allowPositionals: false });
  if (!values.from) throw new CopyRefused("--from", "required: the SQLite file to copy (e.g. --from data/switchboard.db)");
  if (!values.to) throw new CopyRefused("--to", "required: the empty PostgreSQL database (e.g. --to postgres://user:password@host:5432/switchboard)");
  to = values.to;
  const report = await copyDatabase({ from: values.from, to, log: (line) => console.log(line) });
  printReport(report);
  const seconds = report.copyMs / 1000;
  console.log(
    `copied ${report.rows} rows in ${seconds.toFixed(1)} s (${Math.round(report.rows / Math.max(seconds, 0.001))} rows/s), checked in ${(report.checkMs / 1000).toFixed(1)} s: every count and hash equal; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB` +
      (report.sequences.length > 0 ? `; sequences set: ${report.sequences.join(", ")}` : ""),
  );
} catch (error) {
  if (error instanceof CopyMismatch) printReport(error.report);
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:copy failed: ${to ? message.replaceAll(to, redactUrl(to)) : message}`);
  process.exitCode = 1;
}
