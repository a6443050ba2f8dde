import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freeSipPort, requireSipp } from "../runtime/channels/sip-trunk/test-support/sipp";

/** The caller scenario: INVITE → 200 (response time 1), ACK, `-d` ms of listening, RFC 2833 key 1, our BYE answered. */
export const IVR_CALLER_SCENARIO = fileURLToPath(new URL("./fixtures/sipp-ivr-caller.xml", import.meta.url));

export interface CarrierOptions {
  /** `127.0.0.1:<port>` of the runtime's SIP endpoint. */
  remote: string;
  /** The Request-URI user: the trunk's number. */
  service: string;
  /** `-m`: calls in all. */
  calls: number;
  /** `-r calls` per `-rp periodMs`: `-r 200 -rp 7800` is 200 calls per 7.8 s. */
  rate: { calls: number; periodMs: number };
  /** `-l`: at most this many calls at once. */
  limit: number;
  /** `-d`: how long the caller listens after the ACK before pressing 1. */
  holdMs: number;
  /** `-rtp_echo`: the caller sends back every RTP packet it gets (a caller's audio, 50 packets/s per call). */
  echo: boolean;
  /** sipp is killed after this long. */
  timeoutMs: number;
}

/** One line of sipp's `-trace_stat` file (every second), the counters by column name. */
export type SippStatRow = Record<string, string>;

export interface CarrierResult {
  code: number | null;
  timedOut: boolean;
  /** sipp's start, ms since the epoch (its StartTime). */
  startedAtMs: number;
  /** The statistics file's rows, oldest first. */
  stats: SippStatRow[];
  /** Response time 1 of each call (INVITE sent → 200 OK received, whole ms) and when it was measured (ms since the epoch). */
  responseTimes: { atMs: number; ms: number }[];
  /** sipp's `-trace_err` log (unexpected messages, aborted calls), at most 4 KB. */
  errors: string;
  command: string;
}

export interface CarrierRun {
  pid: number;
  result: Promise<CarrierResult>;
}

/** A counter from a `-trace_stat` row (0 when missing). */
export function statNumber(row: SippStatRow | undefined, column: string): number {
  const value = Number(row?.[column] ?? "");
  return Number.isFinite(value) ? value : 0;
}

/** The epoch ms of a `-trace_stat` time column (`date\ttime\tepoch.micros`). */
export function statTimeMs(row: SippStatRow | undefined, column: string): number {
  const epoch = Number((row?.[column] ?? "").split("\t")[2] ?? "");
  return Number.isFinite(epoch) ? epoch * 1000 : Number.NaN;
}

function parseStats(text: string): SippStatRow[] {
  const [header, ...lines] = text.split("\n").filter((line) => line.trim() !== "");
  const names = (header ?? "").split(";");
  return lines.map((line) => Object.fromEntries(line.split(";").map((value, index) => [names[index] ?? String(index), value])));
}

function readOr(path: string | undefined): string {
  if (path === undefined) return "";
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Debian's sipp as a carrier sending calls to the runtime at a fixed rate (bench/sip-calls.bench.ts),
 * from 127.0.0.1 over one UDP socket, media on another. It writes its statistics every second
 * (`-trace_stat`) and each call's INVITE → 200 time (`-trace_rtt`); no message trace (it would
 * cost sipp more than the calls).
 */
export async function startCarrier(options: CarrierOptions): Promise<CarrierRun> {
  const program = requireSipp();
  const [port, mediaPort] = [await freeSipPort(), await freeSipPort()];
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sipp-bench-"));
  const args = [
    "-sf", IVR_CALLER_SCENARIO, options.remote,
    "-s", options.service,
    "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", String(port), "-mp", String(mediaPort),
    "-t", "u1", "-nostdin",
    "-m", String(options.calls), "-r", String(options.rate.calls), "-rp", String(options.rate.periodMs), "-l", String(options.limit),
    "-d", String(options.holdMs),
    ...(options.echo ? ["-rtp_echo"] : []),
    "-trace_stat", "-stf", join(dir, "stats.csv"), "-fd", "1",
    "-trace_rtt", "-rtt_freq", "1",
    "-trace_err", "-error_file", join(dir, "errors.log"),
  ];
  const command = `sipp ${args.join(" ")}`;
  const screen = openSync(join(dir, "screen.log"), "w");
  let child: ChildProcess;
  try {
    child = spawn(program, args, { cwd: dir, stdio: ["ignore", screen, screen] });
  } finally {
    closeSync(screen);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  const result = new Promise<CarrierResult>((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      const stats = parseStats(readOr(join(dir, "stats.csv")));
      const startedAtMs = statTimeMs(stats[0], "StartTime");
      const rttFile = readdirSync(dir).find((name) => name.endsWith("_rtt.csv"));
      const responseTimes = readOr(rttFile === undefined ? undefined : join(dir, rttFile))
        .split("\n")
        .slice(1)
        .map((line) => line.split(";").map(Number))
        .filter(([at, ms, rtd]) => Number.isFinite(at) && Number.isFinite(ms) && rtd === 1)
        .map(([at = 0, ms = 0]) => ({ atMs: startedAtMs + at, ms }));
      const errors = readOr(join(dir, "errors.log")).slice(0, 4096);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, timedOut, startedAtMs, stats, responseTimes, errors, command });
    });
  });
  return { pid, result };
}
