import { unlink } from "node:fs/promises";
import type { CallsRepo } from "../store/calls-repo";
import { recordingFile } from "./recordings-folder";

/** How often old recordings are deleted (ms): hourly, the first time a minute after start. */
export const RECORDING_PRUNE_INTERVAL_MS = 60 * 60 * 1_000;
export const FIRST_RECORDING_PRUNE_AFTER_MS = 60 * 1_000;
const DAY_MS = 24 * 60 * 60 * 1_000;
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
  if (options.days <= 0) return () => undefined;
  const now = options.now ?? Date.now;
  let running = false;
  const prune = async () => {
    if (running) return;
    running = true;
    try {
      const removed = await pruneRecordings(calls, options.dir, now() - options.days * DAY_MS, options.log);
      if (removed > 0) options.log?.(`recordings: deleted ${removed} recordings older than ${options.days} days`);
    } catch (error) {
      options.log?.(`recordings: pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void prune();
    interval = setInterval(() => void prune(), options.intervalMs ?? RECORDING_PRUNE_INTERVAL_MS);
    interval.unref();
  }, options.firstAfterMs ?? FIRST_RECORDING_PRUNE_AFTER_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval !== undefined) clearInterval(interval);
  };
}
