import { type ChildProcess, fork } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { MEDIA_CONFIG_VARIABLE, type MediaConfig } from "./media-config";
import { type MediaCommand, MediaEvent, MediaReply, type MediaStats, type StreamInput } from "./process/media-protocol";

/** The media process's niceness when the system allows it (lower runs first). */
const MEDIA_NICENESS = -10;
const ENTRY = fileURLToPath(new URL("./process/media-process-main.ts", import.meta.url));

/** A command the media process refused or could not carry out. */
export class MediaPlaneError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MediaPlaneError";
  }
}

export interface MediaPlaneOptions {
  log(line: string): void;
  /** The media settings, handed to the media process. */
  config: MediaConfig;
  /** How long a command may take before it fails with `media_timeout` (default 20 s: an SDP answer waits for ICE gathering). */
  timeoutMs?: number;
  /** Extra node flags for the media process (benchmarks: `--cpu-prof`, `--cpu-prof-dir=<dir>`). */
  nodeArgs?: string[];
}

type Reply = MediaReply;
type Pending = { resolve(reply: Reply): void; reject(error: Error): void; timer: NodeJS.Timeout };

/**
 * The runtime's handle on the media process (`runtime/media/process/`): it starts the process
 * when first needed, sends it commands and hands its events to listeners. If the process dies,
 * every leg it held is reported ended (`media_process_exit`) and the next command starts a new
 * one. Audio passes through here only for stream legs (`post`, `stream.media` events).
 */
export class MediaPlane {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: MediaEvent) => void>();
  /** Legs the media process holds, as far as this side knows. */
  private readonly liveLegs = new Set<string>();
  private stopping = false;

  constructor(private readonly options: MediaPlaneOptions) {}

  onEvent(listener: (event: MediaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a command; resolves with the reply, rejects with MediaPlaneError when it was refused. */
  async send(command: MediaCommand): Promise<Reply> {
    await this.start();
    const child = this.child;
    if (child === undefined || !child.connected) throw new MediaPlaneError("media_unavailable", "the media process is not running");
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MediaPlaneError("media_timeout", `the media process did not answer ${command.type} in time`));
      }, this.options.timeoutMs ?? 20_000);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ id, command });
    });
    if (!reply.ok) throw new MediaPlaneError(reply.error?.code ?? "media_error", reply.error?.message ?? `${command.type} failed`);
    if (command.type === "leg.webrtc" || command.type === "leg.webrtc_offer" || command.type === "leg.rtp" || command.type === "leg.stream") this.liveLegs.add(command.legId);
    return reply;
  }

  /**
   * Hands a stream leg what its peer sent (a frame, a key, the end), without a reply. Dropped when
   * the media process is not running: its legs were reported ended when it went.
   */
  post(input: StreamInput): void {
    const child = this.child;
    if (child === undefined || !child.connected || !this.liveLegs.has(input.legId)) return;
    child.send(input);
  }

  /** The media process's counters; `resetLateness` starts a new window for the clock's lateness after this answer. */
  async stats(options: { resetLateness?: boolean } = {}): Promise<MediaStats | undefined> {
    return (await this.send({ type: "stats", ...(options.resetLateness === true ? { resetLateness: true } : {}) })).stats;
  }

  /** The media process's pid, once it runs (tests, diagnostics). */
  async pid(): Promise<number | undefined> {
    await this.start();
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** Starts the media process if it is not running (commands do this themselves). */
  start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    this.stopping = false;
    const child = fork(ENTRY, [], {
      execArgv: [...(this.options.nodeArgs ?? []), "--import", "tsx"],
      env: { ...process.env, [MEDIA_CONFIG_VARIABLE]: JSON.stringify(this.options.config) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    this.child = child;
    this.raisePriority(child);
    const lines = (prefix: string) => (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") this.options.log(`media: ${prefix}${line}`);
    };
    child.stdout?.on("data", lines(""));
    child.stderr?.on("data", lines(""));
    this.ready = new Promise<void>((resolve, reject) => {
      const started = (message: unknown) => {
        const reply = MediaReply.safeParse(message);
        if (reply.success && reply.data.id === 0) {
          child.off("message", started);
          resolve();
        }
      };
      child.on("message", started);
      child.once("exit", (code, signal) => reject(new MediaPlaneError("media_unavailable", `the media process exited at start (${signal ?? code})`)));
    });
    child.on("message", (message: unknown) => this.received(message));
    child.on("exit", (code, signal) => this.exited(child, code, signal));
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** Stops the media process (its legs end with `shutdown`). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }

  /**
   * Media is paced by a 20 ms clock: the media process runs at a higher priority than the runtime
   * when the system allows it (niceness −10 needs CAP_SYS_NICE, e.g. root), so a busy machine
   * delays the flows before it delays frames. Without the privilege it runs at the runtime's.
   */
  private raisePriority(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      setPriority(child.pid, MEDIA_NICENESS);
    } catch {
      this.options.log(`media: the media process runs at normal priority (raising it to niceness ${MEDIA_NICENESS} needs CAP_SYS_NICE)`);
    }
  }

  private received(message: unknown): void {
    const reply = MediaReply.safeParse(message);
    if (reply.success) {
      const pending = this.pending.get(reply.data.id);
      if (pending === undefined) return;
      this.pending.delete(reply.data.id);
      clearTimeout(pending.timer);
      pending.resolve(reply.data);
      return;
    }
    const event = MediaEvent.safeParse(message);
    if (!event.success) {
      this.options.log(`media: unreadable message from the media process: ${JSON.stringify(message).slice(0, 200)}`);
      return;
    }
    if (event.data.type === "leg.ended") this.liveLegs.delete(event.data.legId);
    this.emit(event.data);
  }

  private emit(event: MediaEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log(`media: an event listener failed on ${event.type}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
    if (!this.stopping) this.options.log(`media: the media process exited (${signal ?? String(code)}); its calls are ended`);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new MediaPlaneError("media_unavailable", "the media process exited"));
      this.pending.delete(id);
    }
    const legs = [...this.liveLegs];
    this.liveLegs.clear();
    for (const legId of legs) this.emit({ type: "leg.ended", legId, reason: this.stopping ? "shutdown" : "media_process_exit" });
  }
}
