import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RtpPeerCommand, RtpPeerReply } from "./rtp-peers-protocol";

const ENTRY = fileURLToPath(new URL("./rtp-peers.worker.ts", import.meta.url));
type Reply<T extends RtpPeerReply["type"]> = Extract<RtpPeerReply, { type: T }>;

/** The bench's handle on its SIP-side peer process (bench/rtp-peers.worker.ts): one command at a time. */
export class RtpPeers {
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: ((message: RtpPeerReply) => void) | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: unknown) => {
      const parsed = RtpPeerReply.safeParse(message);
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver?.(parsed.success ? parsed.data : { type: "error", message: `unreadable message from the RTP peer process: ${JSON.stringify(message).slice(0, 200)}` });
    });
    child.on("exit", (code, signal) => {
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver?.({ type: "error", message: `the RTP peer process exited (${signal ?? String(code)})` });
    });
  }

  static async start(): Promise<RtpPeers> {
    const child = fork(ENTRY, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "json" });
    const ready = await new Promise<RtpPeerReply>((resolve) => {
      child.once("message", (message: unknown) => resolve(RtpPeerReply.parse(message)));
      child.once("exit", (code, signal) => resolve({ type: "error", message: `the RTP peer process exited at start (${signal ?? String(code)})` }));
    });
    if (ready.type !== "ready") throw new Error(ready.type === "error" ? ready.message : `the RTP peer process said ${ready.type} at start`);
    return new RtpPeers(child);
  }

  async create(count: number): Promise<number[]> {
    return (await this.ask({ type: "create", count }, "ports")).ports;
  }

  async targets(targets: { peer: number; port: number }[]): Promise<void> {
    await this.ask({ type: "targets", targets }, "done");
  }

  async send(peers: number[], on: boolean): Promise<void> {
    await this.ask({ type: "send", peers, on }, "done");
  }

  snapshot(): Promise<Reply<"snapshot">> {
    return this.ask({ type: "snapshot" }, "snapshot");
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (this.child.connected) this.child.send({ type: "stop" } satisfies RtpPeerCommand);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  private ask<T extends RtpPeerReply["type"]>(command: RtpPeerCommand, expected: T): Promise<Reply<T>> {
    const result = this.queue.then(
      () =>
        new Promise<Reply<T>>((resolve, reject) => {
          this.waiting = (message) => {
            if (isReply(message, expected)) resolve(message);
            else reject(new Error(message.type === "error" ? `RTP peer process: ${message.message}` : `the RTP peer process answered ${command.type} with ${message.type}`));
          };
          this.child.send(command);
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function isReply<T extends RtpPeerReply["type"]>(message: RtpPeerReply, type: T): message is Reply<T> {
  return message.type === type;
}
