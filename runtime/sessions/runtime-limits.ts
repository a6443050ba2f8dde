import type { HttpCallbackLimits } from "../callbacks/perform-http-request";
import { addressPolicy } from "../callbacks/address-policy";
import { DEFAULT_LIMITS, type EngineLimits } from "../engine/index";

/** Every guard the runner applies around the engine. */
export interface RuntimeLimits {
  /** The engine's guards (steps, same node in a row, session age, document size). */
  engine: EngineLimits;
  /** HTTP callbacks: the address policy, response size cap and time cap. */
  http: HttpCallbackLimits;
  /**
   * Added to a callback's time for its `http_timeout` safety timer: if the process dies during the
   * request, the timer answers `http_result {error: "timeout"}` after a restart.
   */
  httpTimerGraceMs: number;
  /** How often an event is recomputed after another writer moved the session (StaleRevision). */
  maxCommitAttempts: number;
}

export interface RuntimeLimitsInput {
  engine?: Partial<EngineLimits>;
  /** Addresses (`127.0.0.1`), CIDRs (`10.1.0.0/16`) or host names callbacks may reach although private. */
  httpAllowList?: readonly string[];
  /** Default 1 MB. */
  httpMaxResponseBytes?: number;
  /** Default 10 s. */
  httpMaxSeconds?: number;
  /** Default 5 s. */
  httpTimerGraceMs?: number;
  /** Default 5. */
  maxCommitAttempts?: number;
}

/** The runner's limits: the documented defaults, with what the configuration overrides. */
export function runtimeLimits(input: RuntimeLimitsInput = {}): RuntimeLimits {
  return {
    engine: { ...DEFAULT_LIMITS, ...input.engine },
    http: {
      policy: addressPolicy(input.httpAllowList ?? []),
      maxResponseBytes: input.httpMaxResponseBytes ?? 1_000_000,
      maxSeconds: input.httpMaxSeconds ?? 10,
    },
    httpTimerGraceMs: input.httpTimerGraceMs ?? 5_000,
    maxCommitAttempts: input.maxCommitAttempts ?? 5,
  };
}
