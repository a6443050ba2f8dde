/**
 * Child process for the concurrent-commit test: opens the test's database (a `DatabaseTarget` as
 * JSON: the SQLite data dir, or the PostgreSQL URL, run with `--conditions=switchboard-postgres`)
 * and, starting at an agreed instant, tries to commit one step on each session at the same
 * expected rev. A short random pause between sessions lets the writers interleave instead of one
 * of them taking every lock while the others sleep in SQLite's busy handler.
 * Prints one JSON line: the ids of the sessions it won.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { openDb } from "#store-dialect";
import { z } from "zod";
import { portableRepos } from "../portable-repos";

const DatabaseTarget = z.discriminatedUnion("dialect", [z.object({ dialect: z.literal("postgresql"), url: z.string() }), z.object({ dialect: z.literal("sqlite"), dataDir: z.string() })]);

const [targetJson, worker, startAtText, ...sessionIds] = process.argv.slice(2);
if (targetJson === undefined || worker === undefined || startAtText === undefined) throw new Error("usage: targetJson worker startAt sessionId…");
const opened = await openDb(DatabaseTarget.parse(JSON.parse(targetJson)));
const store = portableRepos(opened.db);
const startAt = Number(startAtText);
while (Date.now() < startAt) {
  // spin, so every process starts writing at the same moment
}
const won: string[] = [];
for (const sessionId of sessionIds) {
  const result = await store.sessions.commitStep({
    sessionId,
    expectedRev: 1,
    state: { by: worker },
    status: "waiting",
    steps: [{ nodeId: "welcome", nodeType: "greeting", outcome: "next", input: worker }],
    timers: { arm: [{ kind: "input_timeout", dueAt: startAt + 8000, payload: { by: worker } }] },
  });
  if (result.ok) won.push(sessionId);
  else if (result.error.code !== "stale_revision") throw new Error(result.error.message);
  await sleep(Math.random() * 3);
}
await opened.close();
process.stdout.write(`${JSON.stringify({ worker, won })}\n`);
