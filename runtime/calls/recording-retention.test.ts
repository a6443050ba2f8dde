import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../config";
import type { NewCall } from "../store/calls-repo";
import { pollUntil } from "../test-support/api-client";
import { openTestStore, type TestStore } from "../store/test-support/test-store";
import { pruneRecordings, pruneRecordingsOnTimer } from "./recording-retention";
import { ensureRecordingsDir, recordingFile } from "./recordings-folder";

const DAY_MS = 24 * 60 * 60 * 1_000;
const visitorCall: NewCall = { channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-1", to: null };

let t: TestStore;
let dir: string;
beforeEach(() => {
  t = openTestStore("recording-retention");
  dir = ensureRecordingsDir(t.dir);
});
afterEach(() => t.dispose());

/** An ended call with a recording file at `path` (relative to the recordings folder). */
async function recordedCall(path: string): Promise<string> {
  const call = await t.store.calls.create(visitorCall);
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), "OggS fake bytes");
  await t.store.calls.recording(call.id, { mode: "call", path, ms: 3_000 });
  await t.store.calls.ended(call.id, { at: t.clock.time, reason: "hangup", hungUpBy: "caller" });
  return call.id;
}

describe("recording retention", () => {
  it("deletes the files of recordings older than the retention on a timer and clears their rows; recent ones and the calls stay", async () => {
    const old = await recordedCall("2025/01/old.ogg");
    t.clock.advance(91 * DAY_MS);
    const recent = await recordedCall("2025/04/recent.ogg");
    const lines: string[] = [];
    const stop = pruneRecordingsOnTimer(t.store.calls, { days: 90, dir, now: () => t.clock.time, log: (line) => lines.push(line), firstAfterMs: 5, intervalMs: 20 });
    try {
      await pollUntil(async () => ((await t.store.calls.get(old))?.recordingPath === null ? true : undefined), 2_000, () => "the old recording pruned");
    } finally {
      stop();
    }
    expect(existsSync(join(dir, "2025/01/old.ogg"))).toBe(false);
    expect(await t.store.calls.get(old)).toMatchObject({ state: "ended", recordingPath: null, recordingMode: "call", recordingMs: 3_000 });
    expect(existsSync(join(dir, "2025/04/recent.ogg"))).toBe(true);
    expect((await t.store.calls.get(recent))?.recordingPath).toBe("2025/04/recent.ogg");
    expect(lines).toContain("recordings: deleted 1 recordings older than 90 days");
  });

  it("keeps every recording with 0 days", async () => {
    const old = await recordedCall("old.ogg");
    t.clock.advance(3_650 * DAY_MS);
    const stop = pruneRecordingsOnTimer(t.store.calls, { days: 0, dir, now: () => t.clock.time, firstAfterMs: 1, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(existsSync(join(dir, "old.ogg"))).toBe(true);
    expect((await t.store.calls.get(old))?.recordingPath).toBe("old.ogg");
  });

  it("clears a row whose file is already gone, keeps one whose file cannot be deleted (and says so), and works through more than one batch", async () => {
    const gone = await recordedCall("gone.ogg");
    rmSync(join(dir, "gone.ogg"));
    // A directory where the file should be: unlink fails (EISDIR) whoever runs the test.
    const stuck = await recordedCall("stuck.ogg");
    rmSync(join(dir, "stuck.ogg"));
    mkdirSync(join(dir, "stuck.ogg"));
    for (let index = 0; index < 205; index += 1) await recordedCall(`bulk/${index}.ogg`);
    const lines: string[] = [];
    const removed = await pruneRecordings(t.store.calls, dir, t.clock.advance(1), (line) => lines.push(line));
    expect(removed).toBe(206);
    expect((await t.store.calls.get(gone))?.recordingPath).toBeNull();
    expect(readdirSync(join(dir, "bulk"))).toEqual([]);
    expect((await t.store.calls.get(stuck))?.recordingPath).toBe("stuck.ogg");
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^recordings: could not delete stuck.ogg of call ${stuck}: .*EISDIR`))]);
    // The next run tries it again, and succeeds once it can.
    rmSync(join(dir, "stuck.ogg"), { recursive: true });
    expect(await pruneRecordings(t.store.calls, dir, t.clock.time)).toBe(1);
    expect(await t.store.calls.withRecordingsOlderThan(t.clock.time)).toEqual([]);
  });

  it("RECORDING_RETENTION_DAYS: 90 by default, 0 to keep everything, a whole number of days", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb" }).recordingRetentionDays).toBe(90);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", RECORDING_RETENTION_DAYS: "0" }).recordingRetentionDays).toBe(0);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", RECORDING_RETENTION_DAYS: "30" }).recordingRetentionDays).toBe(30);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", RECORDING_RETENTION_DAYS: "" }).recordingRetentionDays).toBe(90);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", RECORDING_RETENTION_DAYS: "-1" })).toThrow(/^configuration: RECORDING_RETENTION_DAYS:/);
    expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", RECORDING_RETENTION_DAYS: "forever" })).toThrow(/^configuration: RECORDING_RETENTION_DAYS:/);
  });
});

describe("the recordings folder", () => {
  it("is created 0700, and made 0700 when it existed with looser modes", () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    chmodSync(dir, 0o755);
    ensureRecordingsDir(t.dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("resolves stored paths inside itself only", () => {
    expect(recordingFile(dir, "2025/01/a.ogg")).toBe(join(dir, "2025/01/a.ogg"));
    expect(recordingFile(dir, "../secret.key")).toBeUndefined();
    expect(recordingFile(dir, "/etc/passwd")).toBeUndefined();
    expect(recordingFile(dir, "a/../../b.ogg")).toBeUndefined();
    expect(recordingFile(dir, "")).toBeUndefined();
  });
});
