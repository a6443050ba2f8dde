import { Agent, request } from "node:http";

/** A closed-loop load generator: a fixed number of virtual callers, each running calls back to back. */

export interface LoadOptions {
  /** Calls to run in all. */
  calls: number;
  /** Virtual callers running at once. */
  concurrency: number;
  /** No call starts after this long (milliseconds). */
  timeCapMs: number;
  /** One call: `index` is 0..calls-1. Record latencies through `timed`. Throws when the call went wrong. */
  call: (index: number, timed: Timed) => Promise<void>;
}

/** Runs `request`, recording how long it took (milliseconds) when it succeeds. */
export type Timed = <T>(request: () => Promise<T>) => Promise<T>;

export interface LoadResult {
  /** Calls that completed without an error. */
  calls: number;
  failedCalls: number;
  /** Requests that completed (their latencies are in `latencies`). */
  requests: number;
  latencies: number[];
  elapsedMs: number;
  /** True when the time cap stopped the run before every call was made. */
  capped: boolean;
  firstError?: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const timed: Timed = async (request) => {
    const start = performance.now();
    const value = await request();
    latencies.push(performance.now() - start);
    return value;
  };
  let next = 0;
  let calls = 0;
  let failedCalls = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.timeCapMs;
  const caller = async () => {
    while (next < options.calls && performance.now() < deadline) {
      const index = next++;
      try {
        await options.call(index, timed);
        calls += 1;
      } catch (error) {
        failedCalls += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, caller));
  const elapsedMs = performance.now() - started;
  return { calls, failedCalls, requests: latencies.length, latencies, elapsedMs, capped: next < options.calls, ...(firstError === undefined ? {} : { firstError }) };
}

export interface JsonClient {
  /** POSTs JSON and returns the parsed answer; throws unless the status is `expected`. */
  post(path: string, body: unknown, expected: number): Promise<unknown>;
  /** GETs JSON; throws unless the status is 2xx. */
  get(path: string): Promise<unknown>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/**
 * A small JSON client on node:http with keep-alive connections (one per virtual caller). Not
 * fetch: on loopback, undici's fetch spent 2-4 times the CPU of the bare server per request, so
 * on a 2-core machine the baseline measured the load generator rather than the server.
 */
export function jsonClient(baseUrl: string, options: { headers?: Record<string, string>; maxSockets: number }): JsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const send = (method: "GET" | "POST", path: string, body: unknown, expected: (status: number) => boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = { ...options.headers };
      if (data !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(data);
      }
      const req = request(`${baseUrl}${path}`, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (!expected(status)) {
            reject(new Error(`${method} ${path.split("?")[0]}: ${status} ${text.slice(0, 300)}`));
            return;
          }
          try {
            resolve(JSON.parse(text) as unknown);
          } catch (error) {
            reject(error);
          }
        });
      });
      req.on("error", reject);
      req.end(data);
    });
  return {
    post: (path, body, expected) => send("POST", path, body, (status) => status === expected),
    get: (path) => send("GET", path, undefined, (status) => status >= 200 && status < 300),
    close: () => agent.destroy(),
  };
}
