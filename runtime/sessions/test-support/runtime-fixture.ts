import type { Effect } from "../../engine/index";
import type { Store } from "../../store/index";
import { openSqliteStore } from "../../store/test-support/open-sqlite-store";
import { tempDataDir } from "../../store/test-support/temp-data-dir";
import { FlowCache } from "../flow-cache";
import type { DispatchOrigin, StepLog } from "../runner-observer";
import { runtimeLimits, type RuntimeLimitsInput } from "../runtime-limits";
import { SessionRunner } from "../session-runner";
import { TimerWorker } from "../timer-worker";
import { exampleDocuments } from "./example-documents";
import { RecordingTransfers } from "./recording-transfers";

/** Wednesday 3 June 2026, 11:00 in New York: the support line is open. */
export const OPEN = Date.parse("2026-06-03T15:00:00Z");

export interface RuntimeFixtureOptions {
  /** Where the examples' HTTP nodes call (a local CallbackServer). */
  apiBase?: string;
  /** Limits of the runner; default: callbacks may reach 127.0.0.1. */
  limits?: RuntimeLimitsInput;
  /** Examples published as version 1 (default: all). The others are only drafts. */
  publish?: readonly string[];
  /** Lease of the timer worker (default 30 s). */
  leaseMs?: number;
}

/**
 * A runtime on a real SQLite file in a temp directory, with every example flow stored, a manual
 * clock shared by store, runner and timer worker, and recorders for steps, effects and transfers.
 * `restart()` drops everything in memory and opens the same directory again, like a new process.
 */
export class RuntimeFixture {
  time = OPEN;
  readonly steps: StepLog[] = [];
  readonly pushed: Array<{ sessionId: string; origin: DispatchOrigin; effects: readonly Effect[] }> = [];
  readonly transfers = new RecordingTransfers();
  store!: Store;
  cache!: FlowCache;
  runner!: SessionRunner;
  worker!: TimerWorker;
  private readonly dir: { dir: string; remove: () => void };

  private constructor(private readonly options: RuntimeFixtureOptions) {
    this.dir = tempDataDir("sessions");
  }

  static async open(options: RuntimeFixtureOptions = {}): Promise<RuntimeFixture> {
    const fixture = new RuntimeFixture(options);
    fixture.store = fixture.openStore();
    for (const document of exampleDocuments(options.apiBase).values()) {
      await fixture.store.flows.createFlow(document, "test");
      if (options.publish === undefined || options.publish.includes(document.id)) await fixture.store.flows.publish(document.id, { author: "test" });
    }
    await fixture.wire();
    return fixture;
  }

  readonly clock = (): Date => new Date(this.time);

  advance(ms: number): void {
    this.time += ms;
  }

  /** Like a crash and a new process on the same data directory. */
  async restart(): Promise<void> {
    await this.worker.stop();
    this.store.close();
    this.store = this.openStore();
    await this.wire();
  }

  async dispose(): Promise<void> {
    await this.worker.stop();
    if (this.store.database.sqlite.open) this.store.close();
    this.dir.remove();
  }

  /** The stored path of a session as `nodeId:outcome`. */
  async path(sessionId: string): Promise<string[]> {
    const steps = await this.store.sessions.listSteps(sessionId);
    return steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
  }

  private openStore(): Store {
    return openSqliteStore({ dataDir: this.dir.dir, now: () => this.time });
  }

  private async wire(): Promise<void> {
    this.cache = new FlowCache(this.store.flows);
    await this.cache.load();
    this.runner = new SessionRunner({
      store: this.store,
      cache: this.cache,
      clock: this.clock,
      limits: runtimeLimits({ httpAllowList: ["127.0.0.1"], ...this.options.limits }),
      transfers: this.transfers,
      observers: [
        {
          onStep: (step) => this.steps.push(step),
          onEffects: (sessionId, effects, context) => this.pushed.push({ sessionId, origin: context.origin, effects }),
        },
      ],
      onError: (error) => {
        throw error;
      },
    });
    this.worker = new TimerWorker({
      store: this.store,
      runner: this.runner,
      workerId: "worker-test",
      leaseMs: this.options.leaseMs ?? 30_000,
      onError: (error) => {
        throw error;
      },
    });
  }
}

/** The texts of the prompts and messages among effects, in order. */
export function said(effects: readonly Effect[]): string[] {
  return effects.flatMap((effect) => (effect.type === "prompt" || effect.type === "message" ? [effect.text ?? ""] : []));
}

/** The effect types, in order. */
export function types(effects: readonly Effect[]): string[] {
  return effects.map((effect) => effect.type);
}
