import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { callApi, sleep } from "./api-client";
import type { ApiResponse } from "./test-server";

/** The repository root: where `npm start` runs. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ChildRuntimeOptions {
  dataDir: string;
  port: number;
  apiKey: string;
  /** More environment variables (they win). */
  env?: Record<string, string>;
  /** How long to wait for GET /ready (default 20 s). */
  startTimeoutMs?: number;
}

/**
 * What `npm start` runs after building the web app (`tsx --import ./runtime/store/postgres-condition.mjs
 * runtime/main.ts`), as node arguments: the hook puts the process in the PostgreSQL build when
 * `DATABASE_URL` is `postgres://…`.
 */
export const START_ARGS = ["--import", "tsx", "--import", "./runtime/store/postgres-condition.mjs", "runtime/main.ts"];

/** `npm start` as a real child process (`START_ARGS`). */
export class ChildRuntime {
  /** Every line the process wrote to stdout and stderr. */
  readonly output: string[] = [];
  readonly url: string;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: ChildRuntimeOptions,
  ) {
    this.url = `http://127.0.0.1:${options.port}`;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        this.output.push(...lines);
      });
      stream?.on("end", () => {
        if (partial !== "") this.output.push(partial);
      });
    }
    // Should the test process itself go away, the child goes with it.
    const orphanGuard = () => child.kill("SIGKILL");
    process.once("exit", orphanGuard);
    this.exit = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exited = true;
        process.removeListener("exit", orphanGuard);
        resolve({ code, signal });
      });
    });
  }

  /** Spawns the runtime and waits until GET /ready answers 200 (start-up work done). */
  static async start(options: ChildRuntimeOptions): Promise<ChildRuntime> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TMPDIR: process.env.TMPDIR ?? "/tmp",
      HOST: "127.0.0.1",
      MEDIA_BIND_ADDRESS: "127.0.0.1", // the loopback-only rig, as startTestServer
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      SWITCHBOARD_API_KEY: options.apiKey,
      SEED_EXAMPLES: "1",
      ...options.env,
    };
    const child = spawn(process.execPath, START_ARGS, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const runtime = new ChildRuntime(child, options);
    live.add(runtime);
    await runtime.waitForReady(options.startTimeoutMs ?? 20_000);
    return runtime;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Calls the API with the runtime's admin key. */
  api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    return callApi(this.url, method, path, { key: this.options.apiKey, ...(body === undefined ? {} : { body }) });
  }

  /** Sends `signal` to this child (by its pid) and waits until it has exited. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) this.child.kill(signal);
    const result = await this.exit;
    live.delete(this);
    return result;
  }

  private async waitForReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the runtime exited before it was ready:\n${this.output.join("\n")}`);
      try {
        const response = await fetch(`${this.url}/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.kill();
    throw new Error(`the runtime did not answer /ready within ${timeoutMs} ms:\n${this.output.join("\n")}`);
  }
}

const live = new Set<ChildRuntime>();

/** SIGKILLs every child runtime still running (for afterEach/afterAll: nothing outlives a failed test). */
export async function killAllChildRuntimes(): Promise<void> {
  await Promise.all([...live].map((runtime) => runtime.kill("SIGKILL")));
}
