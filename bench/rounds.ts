import { type LoadResult, runLoad, type Timed } from "./load";
import { readProcessCpuMs, type ServerProcess } from "./server-process";

/** One side of a comparison, measured over some calls. */
export interface Side {
  name: string;
  load: LoadResult;
  /** CPU the server process used during the run. */
  cpuMs: number;
  /** CPU this process (the load generator) used during the run. */
  clientCpuMs: number;
}

/** Requests per second of a side. */
export const rate = (side: Side): number => side.load.requests / (side.load.elapsedMs / 1000);

/** Server CPU per request of a side (ms). */
export const cpuPerRequest = (side: Side): number => side.cpuMs / Math.max(1, side.load.requests);

/** Runs `count` calls against a server, with the server's and this process's CPU over the run. */
export async function measureSide(server: ServerProcess, count: number, options: { concurrency: number; timeCapMs: number; call: (index: number, timed: Timed) => Promise<void> }): Promise<Side> {
  const cpuBefore = readProcessCpuMs(server.pid);
  const clientBefore = process.cpuUsage();
  const load = await runLoad({ calls: count, ...options });
  const client = process.cpuUsage(clientBefore);
  return { name: server.name, load, cpuMs: readProcessCpuMs(server.pid) - cpuBefore, clientCpuMs: (client.user + client.system) / 1000 };
}

/**
 * Interleaved rounds, ours then theirs, `rounds` times, each of theirs with exactly as many calls
 * as ours just completed, at the same concurrency: a shared machine's load drifts over seconds,
 * and alternating gives both sides the same share of it.
 */
export async function interleavedRounds(
  rounds: number,
  ours: { server: ServerProcess; calls: number; call: (index: number, timed: Timed) => Promise<void> },
  theirs: { server: ServerProcess; call: (index: number, timed: Timed) => Promise<void> },
  options: { concurrency: number; timeCapMs: number },
): Promise<{ ours: Side[]; theirs: Side[] }> {
  const result: { ours: Side[]; theirs: Side[] } = { ours: [], theirs: [] };
  for (let round = 0; round < rounds; round += 1) {
    const side = await measureSide(ours.server, Math.ceil(ours.calls / rounds), { ...options, call: ours.call });
    result.ours.push(side);
    result.theirs.push(await measureSide(theirs.server, side.load.calls + side.load.failedCalls, { ...options, call: theirs.call }));
  }
  return result;
}

/** Several rounds of one side as one: calls, requests, time, CPU and latencies added up. */
export function combineRounds(name: string, sides: readonly Side[]): Side {
  const firstError = sides.find((side) => side.load.firstError !== undefined)?.load.firstError;
  return {
    name,
    load: {
      calls: sides.reduce((total, side) => total + side.load.calls, 0),
      failedCalls: sides.reduce((total, side) => total + side.load.failedCalls, 0),
      requests: sides.reduce((total, side) => total + side.load.requests, 0),
      latencies: sides.flatMap((side) => side.load.latencies),
      elapsedMs: sides.reduce((total, side) => total + side.load.elapsedMs, 0),
      capped: sides.some((side) => side.load.capped),
      ...(firstError === undefined ? {} : { firstError }),
    },
    cpuMs: sides.reduce((total, side) => total + side.cpuMs, 0),
    clientCpuMs: sides.reduce((total, side) => total + side.clientCpuMs, 0),
  };
}

