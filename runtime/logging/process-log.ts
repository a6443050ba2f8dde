import { BufferedLog } from "./buffered-log";

let shared: BufferedLog | undefined;

/**
 * The process's log on stdout, buffered (one write per turn of the event loop), made on first use.
 * What is still queued is written when the process exits, however it exits short of a crash.
 * (On Linux, writes to stdout are synchronous for files, pipes and terminals.)
 */
export function processLog(): BufferedLog {
  if (shared !== undefined) return shared;
  const log = new BufferedLog((text) => {
    process.stdout.write(text);
  });
  process.on("exit", () => log.flush());
  shared = log;
  return log;
}
