import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "../../test-support/free-port";

/**
 * A throwaway Redis for tests, from Debian's package `redis-server`: listening on a free 127.0.0.1
 * port, no persistence (no RDB, no AOF), its working directory a temp folder removed by `stop()`.
 * `pause()` freezes it (SIGSTOP) so clients hang. `restart()` kills it and starts it again on the same port (what a Redis restart looks like to
 * clients); `kill()` stops it without restarting.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Its working directory (the log; no data is written), removed by `stop()`. */
  dir: string;
  /** Stops the server (SIGKILL) and starts a fresh one on the same port. */
  restart(): Promise<void>;
  /** Stops the server; `restart()` brings it back. */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing (a hung or black-holed Redis). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** `redis-server` on `$REDIS_SERVER`, else on PATH (Debian puts it in /usr/bin). Undefined when missing. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REDIS_SERVER && existsSync(env.REDIS_SERVER)) return env.REDIS_SERVER;
  return (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "redis-server"))
    .find((path) => existsSync(path));
}

/**
 * Whether the Redis tests run here: when `redis-server` is found, and always with `CI=true` (where a
 * missing binary then fails them in `startRedisServer`). Else they are skipped, and this says so loudly.
 */
export function redisTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (findRedisServer(env) !== undefined || env.CI === "true") return true;
  console.warn(
    "\n!!! Redis tests SKIPPED: no redis-server found ($REDIS_SERVER, PATH).\n" +
      "!!! Install Debian's package `redis-server` (apt-get install redis-server) to run them; with CI=true they fail instead.\n",
  );
  return false;
}


/** Resolves once something accepts TCP connections on the port (the server logs "Ready" just before). */
async function waitForPort(port: number, child: ChildProcess, log: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : ""}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a fresh redis-server (a few ms). Throws, naming the Debian package, when it is missing. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === undefined) throw new Error("redis-server not found ($REDIS_SERVER, PATH): install Debian's package `redis-server`");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-redis-"));
  const log = join(dir, "redis.log");
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", log, "--daemonize", "no", "--protected-mode", "yes"];
    const started = spawn(binary, args, { cwd: dir, stdio: "ignore" });
    child = started;
    await waitForPort(port, started, log);
  };
  const killNow = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
  };
  const onExit = () => {
    if (child?.exitCode === null) spawnSync("kill", ["-9", String(child.pid)]);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  try {
    await launch();
  } catch (error) {
    await killNow();
    process.removeListener("exit", onExit);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async restart() {
      await killNow();
      await launch();
    },
    kill: killNow,
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async stop() {
      process.removeListener("exit", onExit);
      await killNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
