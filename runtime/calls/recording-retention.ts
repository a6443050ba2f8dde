import { unlink } from "node:fs/promises";
import type { CallsRepo } from "../store/calls-repo";
import { FIRST_RETENTION_AFTER_MS, RETENTION_INTERVAL_MS, runRetentionTimer } from "../store/retention-timer";
import { recordingFile } from "./recordings-folder";

/** How often old recordings are deleted (ms): hourly, the first time a minute after start. */
export const RECORDING_PRUNE_INTERVAL_MS = RETENTION_INTERVAL_MS;
export const FIRST_RECORDING_PRUNE_AFTER_MS = FIRST_RETENTION_AFTER_MS;
/** Calls handled per query: a long backlog is worked through in batches. */
const BATCH = 200;

export interface RecordingRetentionOptions {
  /** Days a recording is kept (`RECORDING_RETENTION_DAYS`); 0 keeps every one. */
  days: number;
  /** `$DATA_DIR/recordings`. */
  dir: string;
  now?: () => number;
  log?: (line: string) => void;
  intervalMs?: number;
  firstAfterMs?: number;
}

/**
 * Deletes the recording files of ended calls created before `cutoff` and clears their rows'
 * recording path (the call rows stay). A file already gone counts as deleted; one that cannot be
 * deleted (permissions, I/O) keeps its row pointing at it and is logged, so the next run tries
 * again. Answers how many recordings were removed.
 */
export async function pruneRecordings(calls: CallsRepo, dir: string, cutoff: number, log?: (line: string) => void): Promise<number> {
  let removed = 0;
  const failed = new Set<string>();
  for (;;) {
    const batch = (await calls.withRecordingsOlderThan(cutoff, BATCH + failed.size)).filter((call) => !failed.has(call.id));
    if (batch.length === 0) return removed;
    for (const call of batch) {
      const file = call.recordingPath === null ? undefined : recordingFile(dir, call.recordingPath);
      try {
        if (file !== undefined) await unlink(file);
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) {
          failed.add(call.id);
          log?.(`recordings: could not delete ${call.recordingPath ?? ""} of call ${call.id}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
      }
      await calls.clearRecording(call.id);
      removed += 1;
    }
  }
}

/**
 * Keeps recordings for `days`: every hour, the files of calls older than that are deleted and
 * their rows' recording path cleared. Returns the function that stops it.
 */
export function pruneRecordingsOnTimer(calls: CallsRepo, options: RecordingRetentionOptions): () => void {
  return runRetentionTimer({
    ...options,
    label: "recordings",
    prune: (cutoff) => pruneRecordings(calls, options.dir, cutoff, options.log),
    deleted: (count) => `recordings: deleted ${count} recordings older than ${options.days} days`,
  });
}
