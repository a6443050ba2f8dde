import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Debian's sipp (package `sip-tester`). */
export const SIPP = "/usr/bin/sipp";
/** The pcap files sipp's `uac_pcap` plays (A-law audio, RFC 2833 digits), shipped with the package. */
export const SIPP_PCAP_DIR = "/usr/share/sip-tester";
/** The scenario files of this folder, by name: `scenario("uas-bye")` is `scenarios/uas-bye.xml`. */
export const SCENARIOS_DIR = fileURLToPath(new URL("./scenarios/", import.meta.url));

/** The path of a scenario of `scenarios/` by its name without `.xml`. */
export function scenario(name: string): string {
  const path = join(SCENARIOS_DIR, `${name}.xml`);
  if (!existsSync(path)) throw new Error(`no sipp scenario ${path}`);
  return path;
}

/** Throws (a test then fails, saying how to fix it) when sipp is not installed. */
export function requireSipp(path = SIPP): string {
  if (existsSync(path)) return path;
  throw new Error(`Debian package sip-tester is not installed (${path} is missing): \`sudo apt-get install sip-tester\`; .ci/run installs it`);
}

export interface SippOptions {
  /** A scenario file (`-sf`, absolute path: see `scenario()`) or a built-in (`-sn uac`, `uas`, `uac_pcap`…). */
  scenario: { file: string } | { builtin: string };
  /** Where a UAC scenario sends (`127.0.0.1:5070`); omitted for a UAS that waits for us. */
  remote?: string;
  /** `-t`: `u1` UDP (default), `t1` TCP, `un`/`tn` one socket per call. */
  transport?: "u1" | "un" | "t1" | "tn";
  /** `-s`: the Request-URI user (default `service`). */
  service?: string;
  /** `-d`: how long a `<pause/>` without `milliseconds` lasts, in ms (default 0). */
  pauseMs?: number;
  /** `-r` calls per second (with `-rp` period in ms when given). */
  rate?: number;
  ratePeriodMs?: number;
  /** `-l`: at most this many calls at once. */
  limit?: number;
  /** `-m`: stop after this many calls (default 1). */
  calls?: number;
  /** `-au` / `-ap`: credentials for `<send … auth="true">` and `<verifyauth/>`. */
  auth?: { username: string; password: string };
  /** `-key name value`: `[name]` in the scenario. */
  keys?: Record<string, string>;
  /** `-lost`: percent of packets sipp drops (UDP retransmission tests). */
  lost?: number;
  /** The local SIP port (`-p`; default a free one). */
  port?: number;
  /** More arguments, passed as they are, last. */
  extraArgs?: string[];
  /** sipp is killed after this long (default 30 s): `timedOut` in the result. */
  timeoutMs?: number;
}

export interface SippResult {
  /** sipp's exit code: 0 every call succeeded, 1 some failed, 99 no call processed, 255/254 fatal; null when killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Cumulative counters from sipp's last statistics screen. */
  successful: number;
  failed: number;
  stderr: string;
  /** The statistics screens sipp printed (the last is the final one). */
  stdout: string;
  /** `-trace_msg`: every message sent and received (see `sippMessages`). */
  messages: string;
  /** `-trace_err`: unexpected messages and aborted calls. */
  errors: string;
  /** The full command line, for failure messages. */
  command: string;
}

export interface SippRun {
  /** sipp's SIP port on 127.0.0.1. */
  port: number;
  /** `127.0.0.1:<port>`. */
  address: string;
  /** sipp's exit (it exits by itself after `calls` calls, or is killed at `timeoutMs`). */
  result: Promise<SippResult>;
  /** Resolves when sipp's SIP socket is bound (a UAS is listening). */
  ready(): Promise<void>;
  /** Kills sipp now (if running) and resolves with its result. */
  kill(): Promise<SippResult>;
}

const running = new Set<SippRun>();

/** Kills every sipp still running (in `afterEach`): no test leaves one behind. */
export async function killAllSipp(): Promise<void> {
  await Promise.all([...running].map((run) => run.kill()));
}

/** A UDP and TCP port free on 127.0.0.1 right now, picked at random in 21000–32000 (sipp binds both for t1). */
export async function freeSipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Outside Linux's ephemeral range (32768–60999) and the media plane's RTP range (10000–20000):
    // a port the kernel hands out for port 0 is soon handed to another test's client socket, and
    // sipp, started a moment later, found it taken ("Unable to bind main socket, errno = 98").
    const port = 21_000 + randomInt(11_000);
    const udp = createSocket("udp4");
    const bound = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, "127.0.0.1", () => resolve(true));
    });
    const tcpFree = bound && (await portTakenTcp(port).then((taken) => !taken));
    if (bound) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
  throw new Error("no free UDP+TCP port on 127.0.0.1 between 21000 and 32000");
}

function portTakenUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket("udp4");
    probe.once("error", () => {
      probe.close();
      resolve(true);
    });
    probe.bind(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

function portTakenTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

function lastCounter(screens: string, name: string): number {
  const pattern = new RegExp(`^\\s*${name}\\s*\\|[^|]*\\|\\s*(\\d+)`, "gm");
  let value = 0;
  for (const match of screens.matchAll(pattern)) value = Number(match[1]);
  return value;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** The sipp command line for `options` (without the program). */
export function sippArgs(options: SippOptions, port: number, mediaPort: number, dir: string): string[] {
  const args: string[] = [];
  if ("file" in options.scenario) args.push("-sf", options.scenario.file);
  else args.push("-sn", options.scenario.builtin);
  if (options.remote) args.push(options.remote);
  args.push("-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", String(port), "-mp", String(mediaPort));
  args.push("-nostdin", "-m", String(options.calls ?? 1), "-t", options.transport ?? "u1");
  args.push("-d", String(options.pauseMs ?? 0));
  if (options.service !== undefined) args.push("-s", options.service);
  if (options.rate !== undefined) args.push("-r", String(options.rate));
  if (options.ratePeriodMs !== undefined) args.push("-rp", String(options.ratePeriodMs));
  if (options.limit !== undefined) args.push("-l", String(options.limit));
  if (options.auth) args.push("-au", options.auth.username, "-ap", options.auth.password);
  if (options.lost !== undefined) args.push("-lost", String(options.lost));
  for (const [name, value] of Object.entries(options.keys ?? {})) args.push("-key", name, value);
  args.push("-trace_msg", "-message_file", join(dir, "messages.log"));
  args.push("-trace_err", "-error_file", join(dir, "errors.log"));
  args.push(...(options.extraArgs ?? []));
  return args;
}

/**
 * Starts sipp on 127.0.0.1 in a temporary directory (with `pcap` linked to the package's pcap files,
 * for `uac_pcap`), message and error traces in it. Fails loudly when sipp is not installed.
 */
export async function startSipp(options: SippOptions): Promise<SippRun> {
  const program = requireSipp();
  const port = options.port ?? (await freeSipPort());
  const mediaPort = await freeSipPort();
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sipp-"));
  symlinkSync(SIPP_PCAP_DIR, join(dir, "pcap"));
  const args = sippArgs(options, port, mediaPort, dir);
  const command = `sipp ${args.join(" ")}`;
  const child: ChildProcess = spawn(program, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stdoutLength = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
    // Screens repeat every second: keep the last ~256 KB.
    stdout.push(chunk.toString());
    stdoutLength += chunk.length;
    while (stdoutLength > 262_144 && stdout.length > 1) stdoutLength -= stdout.shift()?.length ?? 0;
  });
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 30_000);
  const result = new Promise<SippResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      const screens = stdout.join("");
      const messages = readOr(join(dir, "messages.log"));
      const errors = readOr(join(dir, "errors.log"));
      rmSync(dir, { recursive: true, force: true });
      running.delete(run);
      resolve({
        code,
        signal,
        timedOut,
        successful: lastCounter(screens, "Successful call"),
        failed: lastCounter(screens, "Failed call"),
        stderr: stderr.join(""),
        stdout: screens,
        messages,
        errors,
        command,
      });
    };
    child.once("error", (error) => {
      stderr.push(String(error));
      finish(null, null);
    });
    child.once("exit", (code, signal) => finish(code, signal));
  });
  const tcp = options.transport === "t1" || options.transport === "tn";
  const run: SippRun = {
    port,
    address: `127.0.0.1:${port}`,
    result,
    async ready() {
      const deadline = Date.now() + 5000;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
          const done = await result;
          throw new Error(`sipp exited before binding port ${port}: ${done.stderr || done.errors}\n${command}`);
        }
        if (await (tcp ? portTakenTcp(port) : portTakenUdp(port))) return;
        if (Date.now() > deadline) throw new Error(`sipp did not bind port ${port} in 5 s\n${command}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      return result;
    },
  };
  running.add(run);
  return run;
}

/** Starts sipp and waits for it to exit. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  const run = await startSipp(options);
  return run.result;
}

/** One message from sipp's `-trace_msg` log. */
export interface SippMessage {
  direction: "sent" | "received";
  transport: string;
  /** `INVITE sip:…` or `SIP/2.0 200 OK`. */
  startLine: string;
  /** The method of a request, or the status (as text) of a response. */
  kind: string;
  text: string;
}

/** The messages of a `-trace_msg` log in order. */
export function sippMessages(log: string): SippMessage[] {
  const messages: SippMessage[] = [];
  const blocks = log.split(/^-{20,} [^\n]*\n/m);
  for (const block of blocks) {
    const header = /^(\S+) message (sent|received)[^\n]*\n\n?/.exec(block);
    if (!header) continue;
    const text = block.slice(header[0].length).replace(/^\s+/, "");
    const startLine = text.split(/\r?\n/, 1)[0] ?? "";
    const status = /^SIP\/2\.0 (\d{3})/.exec(startLine);
    const method = /^([A-Z]+) /.exec(startLine);
    messages.push({
      direction: header[2] === "sent" ? "sent" : "received",
      transport: header[1] ?? "",
      startLine,
      kind: status?.[1] ?? method?.[1] ?? "",
      text,
    });
  }
  return messages;
}

/** What sipp sent or received, as methods and statuses in order: `["INVITE", "100", "180", "200", "ACK"]`. */
export function sippFlow(log: string, direction?: "sent" | "received"): string[] {
  return sippMessages(log)
    .filter((message) => direction === undefined || message.direction === direction)
    .map((message) => message.kind);
}

/** One row of sipp's final scenario screen: a message of the scenario and its counters. */
export interface SippScreenRow {
  /** `INVITE ---------->`, `200 <----------`, `Pause [ 200ms]`… */
  label: string;
  messages: number;
  retransmissions: number;
  timeouts: number;
  unexpected: number;
  /** Messages sipp dropped on purpose (`-lost`). */
  lost: number;
}

/** The rows of the last scenario screen sipp printed (its counters per scenario step). */
export function sippScreenRows(stdout: string): SippScreenRow[] {
  const start = stdout.lastIndexOf("Scenario Screen");
  if (start < 0) return [];
  const screen = stdout.slice(start, stdout.indexOf("Test Terminated", start) >>> 0);
  const rows: SippScreenRow[] = [];
  for (const line of screen.split("\n")) {
    const match = /^\s*(\S+ (?:<-+|-+>))\s+(?:E-RTD\d\s+)?(\d+)\s+(\d+)\s+(\d+)?\s*(\d+)?\s*(\d+)?\s*$/.exec(line);
    if (!match) continue;
    rows.push({
      label: match[1] ?? "",
      messages: Number(match[2] ?? 0),
      retransmissions: Number(match[3] ?? 0),
      timeouts: Number(match[4] ?? 0),
      unexpected: Number(match[5] ?? 0),
      lost: Number(match[6] ?? 0),
    });
  }
  return rows;
}

/** A one-paragraph account of a sipp run for a failing assertion. */
export function describeSipp(result: SippResult): string {
  return `${result.command}\nexit ${result.code}${result.timedOut ? " (killed at its timeout)" : ""}, ${result.successful} successful, ${result.failed} failed\nflow: ${sippFlow(result.messages).join(" ")}\n${result.stderr}\n${result.errors.slice(0, 4000)}`;
}
