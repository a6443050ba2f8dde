import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { readWav } from "../../../media/audio-files/wav-reader";
import { freeSipPort } from "./sipp";

/** Debian's baresip (package `baresip-core`, pulled in by `baresip`). */
export const BARESIP = "/usr/bin/baresip";
/** Where Debian puts baresip's modules (`/usr/lib/<triplet>/baresip/modules` on some releases). */
const MODULE_DIRS = ["/usr/lib/baresip/modules", "/usr/lib/x86_64-linux-gnu/baresip/modules", "/usr/lib/aarch64-linux-gnu/baresip/modules"];
/** The modules a headless test call needs: G.711, a WAV as the microphone, no sound card, dumps of both directions, SDES-SRTP, the control socket. */
const MODULES = ["g711.so", "aufile.so", "aubridge.so", "sndfile.so", "srtp.so"];
const APP_MODULES = ["account.so", "menu.so", "ctrl_tcp.so"];

/** Throws (a test then fails, saying how to fix it) when baresip or one of its modules is missing. */
export function requireBaresip(program = BARESIP): { program: string; modulePath: string } {
  const install = "`sudo apt-get install baresip-core` (or `baresip`)";
  if (!existsSync(program)) throw new Error(`Debian package baresip is not installed (${program} is missing): ${install}`);
  const modulePath = MODULE_DIRS.find((dir) => existsSync(join(dir, "g711.so")));
  if (modulePath === undefined) throw new Error(`Debian package baresip is not installed completely: no baresip modules in ${MODULE_DIRS.join(" or ")}: ${install}`);
  const missing = [...MODULES, ...APP_MODULES].filter((module) => !existsSync(join(modulePath, module)));
  if (missing.length > 0) throw new Error(`baresip's modules ${missing.join(", ")} are missing from ${modulePath}: ${install}`);
  return { program, modulePath };
}

/**
 * Writes a mono 16-bit PCM WAV of a sine (amplitude 1/8) at 8 kHz: what baresip's `aufile` plays
 * into a G.711 call. aufile hangs the call up when the file ends (MEDIA.md 3.7): make it longer
 * than the call.
 */
export function writeCallerToneWav(dir: string, frequency: number, seconds = 60, sampleRate = 8000): string {
  const count = Math.round(seconds * sampleRate);
  const file = Buffer.alloc(44 + count * 2);
  file.write("RIFF", 0, "latin1");
  file.writeUInt32LE(36 + count * 2, 4);
  file.write("WAVEfmt ", 8, "latin1");
  file.writeUInt32LE(16, 16);
  file.writeUInt16LE(1, 20); // PCM
  file.writeUInt16LE(1, 22); // mono
  file.writeUInt32LE(sampleRate, 24);
  file.writeUInt32LE(sampleRate * 2, 28);
  file.writeUInt16LE(2, 32);
  file.writeUInt16LE(16, 34);
  file.write("data", 36, "latin1");
  file.writeUInt32LE(count * 2, 40);
  for (let i = 0; i < count; i++) file.writeInt16LE(Math.round(4096 * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), 44 + i * 2);
  const path = join(dir, `caller-${frequency}hz-${seconds}s.wav`);
  writeFileSync(path, file);
  return path;
}

export interface BaresipOptions {
  /** The WAV baresip sends as its microphone (s16 PCM; `writeCallerToneWav`). Longer than the call: aufile hangs up at its end. */
  sourceWav: string;
  /** The account's user (`sip:<user>@127.0.0.1:<port>`); default `baresip`. */
  user?: string;
  /**
   * Media encryption for the account's calls (`;mediaenc=`): `srtp` offers SDES keys in an RTP/AVP
   * offer (best effort), `srtp-mand` offers RTP/SAVP and insists on it.
   */
  mediaenc?: "srtp" | "srtp-mand";
  /** For calls over TLS (`sip:…;transport=tls`): trust `caFile` (PEM) for servers. baresip listens for TLS on the SIP port + 1 either way. */
  tls?: { caFile?: string };
  /** `-s`: every SIP message in the output (SDP checks). */
  sipTrace?: boolean;
  /** baresip quits by itself after this long (`-t`, default 60 s): no test leaves one running. */
  maxSeconds?: number;
}

const Event = z.looseObject({ event: z.literal(true), class: z.string(), type: z.string(), param: z.string().optional(), id: z.string().optional(), peeruri: z.string().optional() });
const Response = z.object({ response: z.literal(true), ok: z.boolean(), data: z.string().optional(), token: z.string().optional() });

/** A ctrl_tcp event (`CALL_RINGING`, `CALL_ESTABLISHED`, `CALL_CLOSED` with its reason in `param`…), stamped on arrival. */
export interface BaresipEvent {
  class: string;
  type: string;
  param: string;
  /** `performance.now()` when the event arrived. */
  at: number;
}

export interface BaresipDumps {
  /** What baresip sent (its source after the encoder's input): `dump-…-enc.wav`. */
  enc: { samples: Int16Array; sampleRate: number; path: string } | undefined;
  /** What baresip received, decoded: `dump-…-dec.wav`. */
  dec: { samples: Int16Array; sampleRate: number; path: string } | undefined;
}

export interface BaresipExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its output without the call status line it repaints several times a second. */
  output: string;
}

export interface Baresip {
  /** baresip's SIP port on 127.0.0.1 (UDP and TCP; TLS on the next one). */
  sipPort: number;
  /** Runs a long command over ctrl_tcp (`dial sip:…`, `hangup`, `sndcode 123`) and resolves with baresip's answer; rejects when it refuses. */
  command(command: string, params?: string): Promise<string>;
  /** Calls `uri`. */
  dial(uri: string): Promise<void>;
  /** Sends RFC 4733 telephone-events on the current call (`sndcode`: each digit pressed and released). */
  sendDigits(digits: string): Promise<void>;
  /** Hangs the current call up (BYE, or CANCEL while it rings). */
  hangup(): Promise<void>;
  /** The events so far. */
  events: BaresipEvent[];
  /** The first event of `type` (from `since` on), waiting up to `timeoutMs`. */
  waitForEvent(type: string, timeoutMs?: number, since?: number): Promise<BaresipEvent>;
  /** What baresip printed so far (status line removed). */
  output(): string;
  /** Quits baresip (its dumps are complete afterwards) and resolves with how it ended. */
  stop(): Promise<BaresipExit>;
  /** The sndfile dumps of the (single) call: complete after `stop()`. */
  dumps(): BaresipDumps;
  /** The last `ms` of what baresip has decoded so far in its call (its dec dump, read while it grows); undefined before the call's audio starts. */
  heard(ms: number): { samples: Int16Array; sampleRate: number } | undefined;
  /** Stops baresip if running and removes its directory. */
  dispose(): Promise<void>;
}

const running = new Set<Baresip>();

/** Stops every baresip still running and removes its files (in `afterEach`/`afterAll`). */
export async function disposeAllBaresip(): Promise<void> {
  await Promise.all([...running].map((run) => run.dispose()));
}

/** A SIP port whose next port is free too (baresip's TLS listener takes the SIP port + 1). */
async function freeSipPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeSipPort();
    if (port < 65535 && (await tcpPortFree(port + 1))) return port;
  }
  throw new Error("no free pair of SIP ports on 127.0.0.1");
}

function tcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free TCP port on 127.0.0.1");
  return address.port;
}

/** The `config` file of a headless baresip (MEDIA.md 3.7). */
export function baresipConfig(input: { modulePath: string; sipPort: number; ctrlPort: number; sourceWav: string; dumpDir: string; caFile?: string }): string {
  return [
    "poll_method epoll",
    `sip_listen 127.0.0.1:${input.sipPort}`,
    ...(input.caFile === undefined ? [] : [`sip_cafile ${input.caFile}`]),
    `audio_source aufile,${input.sourceWav}`,
    "audio_player aubridge,nil",
    "audio_alert aubridge,nil",
    `module_path ${input.modulePath}`,
    ...MODULES.map((module) => `module ${module}`),
    ...APP_MODULES.map((module) => `module_app ${module}`),
    `ctrl_tcp_listen 127.0.0.1:${input.ctrlPort}`,
    `snd_path ${input.dumpDir}`,
    "",
  ].join("\n");
}

/**
 * Starts baresip on 127.0.0.1 with its own config directory: G.711, `sourceWav` as its microphone,
 * no sound card, sndfile dumps of what it sends and receives, an account that answers calls by
 * itself, and its ctrl_tcp socket, through which the test dials, keys digits and hears call
 * events. Fails loudly when baresip is not installed or does not come up.
 */
export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  const { program, modulePath } = requireBaresip();
  const dir = mkdtempSync(join(tmpdir(), "switchboard-baresip-"));
  const configDir = join(dir, "config");
  const dumpDir = join(dir, "dumps");
  mkdirSync(configDir);
  mkdirSync(dumpDir);
  // baresip listens for SIP over TLS on the SIP port + 1 whatever the call uses: both must be free.
  const sipPort = await freeSipPortPair();
  const ctrlPort = await freeTcpPort();
  writeFileSync(join(configDir, "config"), baresipConfig({ modulePath, sipPort, ctrlPort, sourceWav: options.sourceWav, dumpDir, ...(options.tls?.caFile === undefined ? {} : { caFile: options.tls.caFile }) }));
  const accountParams = ["regint=0", "answermode=auto", ...(options.mediaenc === undefined ? [] : [`mediaenc=${options.mediaenc}`])];
  writeFileSync(join(configDir, "accounts"), `<sip:${options.user ?? "baresip"}@127.0.0.1:${sipPort}>;${accountParams.join(";")}\n`);

  const args = ["-f", configDir, "-n", "127.0.0.1", "-t", String(options.maxSeconds ?? 60), ...(options.sipTrace === true ? ["-s"] : [])];
  const child: ChildProcess = spawn(program, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  const keep = (chunk: Buffer) => chunks.push(chunk.toString().replace(/\[\d+:\d\d:\d\d\] audio=\d+\/\d+ \(bit\/s\)\s*/g, ""));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const output = () => chunks.join("");
  const exited = new Promise<BaresipExit>((resolve) => {
    child.once("error", (error) => {
      chunks.push(String(error));
      resolve({ code: null, signal: null, output: output() });
    });
    child.once("exit", (code, signal) => {
      // BARESIP_LOG=<dir>: keep each run's output there (debugging a failing call).
      const logDir = process.env.BARESIP_LOG;
      if (logDir !== undefined && logDir !== "") writeFileSync(join(logDir, `baresip-${sipPort}.log`), output());
      resolve({ code, signal, output: output() });
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;

  const events: BaresipEvent[] = [];
  const waiters = new Set<() => void>();
  const pending = new Map<string, { resolve: (data: string) => void; reject: (error: Error) => void }>();
  let tokens = 0;
  let control: Socket;
  const describe = () => `baresip ${args.join(" ")}\n${output().slice(-4000)}`;

  try {
    control = await connectCtrl(ctrlPort, alive, 5_000);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`baresip did not open its control socket: ${error instanceof Error ? error.message : String(error)}\n${describe()}`);
  }
  control.on("error", () => undefined);
  control.on("close", () => {
    for (const [token, waiter] of pending) {
      pending.delete(token);
      waiter.reject(new Error(`baresip's control socket closed\n${describe()}`));
    }
  });
  readNetstrings(control, (text) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const event = Event.safeParse(message);
    if (event.success) {
      events.push({ class: event.data.class, type: event.data.type, param: event.data.param ?? "", at: performance.now() });
      for (const wake of waiters) wake();
      return;
    }
    const response = Response.safeParse(message);
    if (response.success && response.data.token !== undefined) {
      const waiter = pending.get(response.data.token);
      pending.delete(response.data.token);
      if (response.data.ok) waiter?.resolve(response.data.data ?? "");
      else waiter?.reject(new Error(`baresip refused the command: ${response.data.data ?? ""}`));
    }
  });

  const command = (name: string, params?: string): Promise<string> => {
    if (control.destroyed || !control.writable) return Promise.reject(new Error(`baresip's control socket is closed ("${name}")\n${describe()}`));
    const token = String(++tokens);
    const body = JSON.stringify({ command: name, ...(params === undefined ? {} : { params }), token });
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new Error(`baresip did not answer "${name} ${params ?? ""}" in 5 s\n${describe()}`));
      }, 5_000);
      pending.set(token, {
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      control.write(`${Buffer.byteLength(body)}:${body},`);
    });
  };

  let stopped: Promise<BaresipExit> | undefined;
  const stop = (): Promise<BaresipExit> => {
    stopped ??= (async () => {
      if (alive()) {
        // `quit` closes the call and the dumps; a baresip that ignores it is killed.
        await command("quit").catch(() => undefined);
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        const exit = await exited;
        clearTimeout(timer);
        control.destroy();
        return exit;
      }
      control.destroy();
      return exited;
    })();
    return stopped;
  };

  const run: Baresip = {
    sipPort,
    command,
    async dial(uri) {
      await command("dial", uri);
    },
    async sendDigits(digits) {
      await command("sndcode", digits);
    },
    async hangup() {
      await command("hangup");
    },
    events,
    waitForEvent(type, timeoutMs = 10_000, since = 0) {
      return new Promise<BaresipEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find((event) => event.type === type && event.at >= since);
          if (found !== undefined) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`baresip: no ${type} in ${timeoutMs} ms; events: ${events.map((event) => `${event.type}(${event.param})`).join(" ")}\n${describe()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    output,
    stop,
    dumps() {
      return { enc: readDump(dumpDir, "-enc.wav"), dec: readDump(dumpDir, "-dec.wav") };
    },
    heard(ms) {
      const dec = readDump(dumpDir, "-dec.wav");
      if (dec === undefined) return undefined;
      const count = Math.min(dec.samples.length, Math.round((ms * dec.sampleRate) / 1000));
      return { samples: dec.samples.subarray(dec.samples.length - count), sampleRate: dec.sampleRate };
    },
    async dispose() {
      await stop();
      running.delete(run);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(run);
  return run;
}

/**
 * The sndfile dump ending in `suffix` (one call per run: one file each), read as it is: while the
 * call runs sndfile has written the samples so far with a data size of 0, which readWav takes as
 * "to the end of the file".
 */
function readDump(dumpDir: string, suffix: string): { samples: Int16Array; sampleRate: number; path: string } | undefined {
  const name = readdirSync(dumpDir).find((file) => file.endsWith(suffix));
  if (name === undefined) return undefined;
  const path = join(dumpDir, name);
  const file = readFileSync(path);
  if (file.length < 44) return undefined;
  const wav = readWav(file);
  if (wav.format !== "pcm16" || wav.channels !== 1) throw new Error(`${path}: ${wav.format} with ${wav.channels} channels, mono pcm16 expected`);
  return { samples: new Int16Array(wav.data.buffer.slice(wav.data.byteOffset, wav.data.byteOffset + wav.data.length)), sampleRate: wav.sampleRate, path };
}

/** Connects to ctrl_tcp, retrying while baresip starts. */
async function connectCtrl(port: number, alive: () => boolean, timeoutMs: number): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error("baresip exited");
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1");
        socket.once("connect", () => resolve(socket));
        socket.once("error", reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Splits a stream of netstrings (`12:{"a":"bcd"},`) into their payloads. */
export function readNetstrings(socket: Socket, onMessage: (text: string) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(":");
      if (colon < 0) return;
      const length = Number(buffer.toString("latin1", 0, colon));
      if (!Number.isInteger(length) || length < 0) {
        socket.destroy(new Error(`ctrl_tcp: not a netstring: ${buffer.toString("latin1", 0, Math.min(buffer.length, 40))}`));
        return;
      }
      if (buffer.length < colon + 1 + length + 1) return;
      onMessage(buffer.toString("utf8", colon + 1, colon + 1 + length));
      buffer = buffer.subarray(colon + 1 + length + 1);
    }
  });
}
