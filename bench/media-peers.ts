import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type PeerCommand, PeerMessage } from "./media-peers-protocol";

const ENTRY = fileURLToPath(new URL("./media-peers.worker.ts", import.meta.url));

type Reply<T extends PeerMessage["type"]> = Extract<PeerMessage, { type: T }>;

/**
 * The bench's handle on its peer process (bench/media-peers.worker.ts): one command at a time,
 * each answered by one message. The process is its own, so its CPU and event loop are apart
 * from the bench's and the media process's.
 */
export class MediaPeers {
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: ((message: PeerMessage) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
  ) {
    child.on("message", (message: unknown) => {
      const parsed = PeerMessage.safeParse(message);
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver?.(parsed.success ? parsed.data : { type: "error", message: `unreadable message from the peer process: ${JSON.stringify(message).slice(0, 200)}` });
    });
    child.on("exit", (code, signal) => {
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver?.({ type: "error", message: `the peer process exited (${signal ?? String(code)})` });
    });
  }

  /** `entry`: another worker speaking the same protocol (bench/meta-peers.worker.ts: werift peers shaped like WhatsApp's). */
  static async start(entry = ENTRY): Promise<MediaPeers> {
    const child = fork(entry, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "json" });
    const ready = await new Promise<PeerMessage>((resolve) => {
      child.once("message", (message: unknown) => resolve(PeerMessage.parse(message)));
      child.once("exit", (code, signal) => resolve({ type: "error", message: `the peer process exited at start (${signal ?? String(code)})` }));
    });
    if (ready.type !== "ready") throw new Error(ready.type === "error" ? ready.message : `the peer process said ${ready.type} at start`);
    if (child.pid === undefined) throw new Error("the peer process has no pid");
    return new MediaPeers(child, child.pid);
  }

  /** `count` more peers (numbered on from the last); their offers. */
  async create(count: number): Promise<Reply<"offers">["offers"]> {
    return (await this.ask({ type: "create", count }, "offers")).offers;
  }

  async answers(answers: { peer: number; sdp: string }[]): Promise<Reply<"connected">> {
    return this.ask({ type: "answers", answers }, "connected");
  }

  async send(peers: number[], on: boolean): Promise<void> {
    await this.ask({ type: "send", peers, on }, "done");
  }

  async close(peers: number[]): Promise<void> {
    await this.ask({ type: "close", peers }, "done");
  }

  snapshot(reset: boolean): Promise<Reply<"snapshot">> {
    return this.ask({ type: "snapshot", reset }, "snapshot");
  }

  /** What each peer sent in `epoch` and how much of it reached its partner so far. */
  async epoch(epoch: number): Promise<Reply<"epoch">["peers"]> {
    return (await this.ask({ type: "epoch", epoch }, "epoch")).peers;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (this.child.connected) this.child.send({ type: "stop" } satisfies PeerCommand);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  private ask<T extends PeerMessage["type"]>(command: PeerCommand, expected: T): Promise<Reply<T>> {
    const result = this.queue.then(
      () =>
        new Promise<Reply<T>>((resolve, reject) => {
          this.waiting = (message) => {
            if (isReply(message, expected)) resolve(message);
            else reject(new Error(message.type === "error" ? `peer process: ${message.message}` : `the peer process answered ${command.type} with ${message.type}`));
          };
          this.child.send(command);
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function isReply<T extends PeerMessage["type"]>(message: PeerMessage, type: T): message is Reply<T> {
  return message.type === type;
}
