import type { Store } from "../store/index";
import type { FlowCache } from "./flow-cache";
import type { AiClients } from "./perform-ai-turn";
import type { RunnerObserver } from "./runner-observer";
import type { RuntimeLimits } from "./runtime-limits";
import type { TransferHandler } from "./transfer-handler";

/**
 * The repositories the runner uses; with `teams`, a team's transfer timeout overrides its transfers'
 * own; with `calls`, a dial node on a WhatsApp call fails (`phoneNetworkRefusal`) instead of dialling.
 */
export type RunnerStore = Pick<Store, "sessions" | "timers" | "flows"> & Partial<Pick<Store, "teams" | "calls">>;

export interface RunnerOptions {
  store: RunnerStore;
  /** Published versions (also the engine's `loadFlow` for goto_flow). */
  cache: FlowCache;
  /** Default: `runtimeLimits()` (engine defaults, no private callback addresses, 1 MB, 10 s). */
  limits?: RuntimeLimits;
  /** Default: the system clock. Tests pass a manual one (and the same to `openStore({now})`). */
  clock?: () => Date;
  /** The AI providers' chat clients ai_agent nodes use (also settable later: `useAiProviders`). Default: none (their turns fail). */
  aiClients?: AiClients;
  /** Default: `noTransfers`. */
  transfers?: TransferHandler;
  /** Step and effect hooks; more can be added with `runner.observe()`. Default: none. */
  observers?: readonly RunnerObserver[];
  /** How many live sessions keep their parsed state in memory (default 1,024; see SessionStateCache). */
  stateCacheSize?: number;
  /** Errors thrown by observers or the transfer handler (they never fail a dispatch). Default: console.error. */
  onError?: (error: unknown, where: string) => void;
}
