import { chmodSync, mkdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

/** `$DATA_DIR/recordings`: where call recordings (Ogg/Opus) live; `calls.recording_path` is relative to it. */
export function recordingsDir(dataDir: string): string {
  return join(dataDir, "recordings");
}

/** `$DATA_DIR/session-recordings`: the record node's voicemails (`session_recordings.path` is relative to it). */
export function sessionRecordingsDir(dataDir: string): string {
  return join(dataDir, "session-recordings");
}

/**
 * Creates the recordings folder readable by this user only (0700, also when it existed with
 * looser modes): recordings are personal data and are never served without credentials.
 */
export function ensureRecordingsDir(dataDir: string): string {
  const dir = recordingsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The absolute file of a stored recording path, or undefined when the path would leave the folder. */
export function recordingFile(dir: string, path: string): string | undefined {
  const root = resolve(dir);
  const file = resolve(root, path);
  const inside = relative(root, file);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside) || path.includes("\0")) return undefined;
  return file;
}
