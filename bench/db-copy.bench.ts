import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { postgresTestsEnabled, startPostgresCluster } from "../runtime/store/test-support/postgres-cluster";
import { tempDataDir } from "../runtime/store/test-support/temp-data-dir";
import { generateSqliteStore } from "./fixtures/generate-sqlite-store";
import { round } from "./measure";

const SESSIONS = Number(process.env.BENCH_COPY_SESSIONS ?? 200_000);
const cli = fileURLToPath(new URL("../runtime/store/copy/copy-cli.ts", import.meta.url));

/**
 * `npm run db:copy` on a generated store (200,000 sessions, 3 steps each, their inbound events and
 * timers: about 1.1 million rows) into a throwaway PostgreSQL cluster: rows per second copied
 * (one transaction, batched INSERTs), the check's time (counts and hashes of both sides), and the
 * copy process's peak memory, which stays flat as the file grows (rows are streamed).
 */
export async function benchDbCopy(): Promise<Record<string, number>> {
  if (!postgresTestsEnabled()) return {};
  const data = tempDataDir("bench-copy");
  const cluster = await startPostgresCluster();
  try {
    const generatedAt = performance.now();
    const store = generateSqliteStore(data.dir, { sessions: SESSIONS });
    console.log(`db:copy: generated ${store.rows} rows (${SESSIONS} sessions) in ${round((performance.now() - generatedAt) / 1000, 1)} s`);
    const url = await cluster.createDatabase("bench_copy");
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=switchboard-postgres", "--import", "tsx", cli, "--from", store.file, "--to", url], { maxBuffer: 16 << 20, timeout: 30 * 60_000 });
    const wallS = (performance.now() - started) / 1000;
    const summary = /copied (\d+) rows in ([\d.]+) s \((\d+) rows\/s\), checked in ([\d.]+) s.*peak memory (\d+) MB/.exec(stdout);
    if (!summary) throw new Error(`db:copy printed no summary:\n${stdout}`);
    const [, rows, , rowsPerS, checkS, peakMb] = summary.map(Number);
    console.log(`db:copy: ${rows} rows at ${rowsPerS} rows/s, check ${checkS} s, ${round(wallS, 1)} s in all, peak memory ${peakMb} MB`);
    return { db_copy_rows: rows ?? 0, db_copy_rows_per_s: rowsPerS ?? 0, db_copy_check_s: checkS ?? 0, db_copy_wall_s: round(wallS, 1), db_copy_peak_mb: peakMb ?? 0 };
  } finally {
    await cluster.stop();
    data.remove();
  }
}
