import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TURNSERVER = "/usr/bin/turnserver";

export interface TurnServer {
  /** `turn:127.0.0.1:<port>` (UDP). */
  url: string;
  port: number;
  /** Everything coturn printed (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Debian's coturn on 127.0.0.1 for a test: a random port, no configuration file, time-limited
 * credentials (`use-auth-secret` with `secret`), loopback peers allowed, relay ports from a random
 * range. Fails loudly when coturn is not installed.
 */
export async function startTurnServer(secret: string): Promise<TurnServer> {
  if (!existsSync(TURNSERVER)) throw new Error(`${TURNSERVER} is missing: install Debian's package coturn (\`sudo apt-get install coturn\`); .ci/run installs it`);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-turn-"));
  const port = await freeUdpPort();
  const relayMin = 40_000 + Math.floor(Math.random() * 200) * 100;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    TURNSERVER,
    [
      "-n",
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${relayMin}`,
      `--max-port=${relayMin + 99}`,
      "--use-auth-secret",
      `--static-auth-secret=${secret}`,
      "--realm=switchboard.test",
      "--allow-loopback-peers",
      "--no-tls",
      "--no-dtls",
      "--no-tcp-relay",
      "--no-cli",
      "--fingerprint",
      "--log-file=stdout",
      "--simple-log",
      `--pidfile=${join(dir, "turnserver.pid")}`,
      `--userdb=${join(dir, "turndb")}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await stunAnswers(port, 10_000, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`coturn did not answer STUN on 127.0.0.1:${port}: ${String(error)}\n${output.join("")}`);
  }
  return { url: `turn:127.0.0.1:${port}`, port, log: () => output.join(""), stop };
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Sends STUN Binding requests until one is answered (RFC 5389: 0x0001 with the magic cookie). */
async function stunAnswers(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const socket = createSocket("udp4");
  const transaction = randomBytes(12);
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transaction]);
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      let answered = false;
      socket.on("message", (message) => {
        if (message.length < 20 || message.readUInt16BE(0) !== 0x0101 || !message.subarray(8, 20).equals(transaction)) return;
        answered = true;
        resolve();
      });
      const probe = () => {
        if (answered) return;
        if (gaveUp()) return reject(new Error("turnserver exited"));
        if (Date.now() > deadline) return reject(new Error(`no answer in ${timeoutMs} ms`));
        socket.send(request, port, "127.0.0.1");
        setTimeout(probe, 100).unref();
      };
      probe();
    });
  } finally {
    socket.close();
  }
}
