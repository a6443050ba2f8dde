import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The repository root, so children run with the same working directory whatever the caller's. */
export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A free TCP port on `host`: listen on 0, read the port, close. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** The last lines the child wrote (stdout and stderr go to logFile). */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServerOptions {
  name: string;
  /** A TypeScript entry point, relative to the repository root; run with `node --import tsx`. */
  script: string;
  host: string;
  port: number;
  env: Record<string, string>;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  /** Default 30 s. */
  startTimeoutMs?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The path that answers 200 once the server takes work: `/ready` for the runtime (its `/health` is up during start-up), `/health` (default) for the others. */
  readyPath?: "/health" | "/ready";
}

/** Spawns `node --import tsx <script>` and waits until GET `readyPath` answers 200. */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", options.script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env, HOST: options.host, PORT: String(options.port) },
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: could not spawn ${options.script}`);
  const url = `http://${options.host}:${options.port}`;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const tail = (lines = 20) => {
    try {
      return readFileSync(options.logFile, "utf8").split("\n").slice(-lines - 1).join("\n");
    } catch {
      return "";
    }
  };
  const stop = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const server: ServerProcess = { name: options.name, url, pid, child, logFile: options.logFile, tail, stop };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${tail()}`);
    }
    try {
      const response = await fetch(`${url}${options.readyPath ?? "/health"}`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop(1_000);
      throw new Error(`${options.name} did not answer ${options.readyPath ?? "/health"} within ${options.startTimeoutMs ?? 30_000} ms:\n${tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident memory of a process from /proc/<pid>/status, in MB: current (VmRSS) and peak (VmHWM). */
export function readProcessMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]) / 1024;
  };
  return { rssMb: field("VmRSS"), hwmMb: field("VmHWM") };
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function readProcessCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces), which ends with ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/**
 * Starts two servers at once. Whichever started is pushed to `started` (for the caller's
 * `finally` to stop), even when the other failed; then a failure is thrown.
 */
export async function spawnPair(first: SpawnServerOptions, second: SpawnServerOptions, started: ServerProcess[]): Promise<[ServerProcess, ServerProcess]> {
  const [a, b] = await Promise.allSettled([spawnServer(first), spawnServer(second)]);
  for (const result of [a, b]) if (result.status === "fulfilled") started.push(result.value);
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  return [a.value, b.value];
}

/**
 * Time a process's main thread has spent runnable but waiting for a core, in milliseconds, from
 * /proc/<pid>/schedstat (its second field, ns): over a window, how much other work on the
 * machine kept it from running when it wanted to.
 */
export function readRunQueueWaitMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/);
  return Number(fields[1] ?? 0) / 1e6;
}
