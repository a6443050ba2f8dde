import { z } from "zod";
import { FLOW_LIMITS } from "../../flow-schema/limits";

/** The runtime guards. Hitting one ends the session with a `guard_*` reason, never a crash. */
export const EngineLimits = z.strictObject({
  /** Node executions (entries and decisions on events) per session. */
  maxSteps: z.number().int().positive(),
  /** Entries of one node without caller input in between; the entry that reaches it ends the session. */
  maxSameNodeInARow: z.number().int().positive(),
  /** Age of a session, from `startedAt`, after which any event ends it. */
  maxSessionAgeMs: z.number().int().positive(),
  /** Nodes in a flow document. */
  maxNodes: z.number().int().positive(),
});
export type EngineLimits = z.infer<typeof EngineLimits>;

export const DEFAULT_LIMITS: EngineLimits = Object.freeze({
  maxSteps: 1000,
  maxSameNodeInARow: 10,
  maxSessionAgeMs: 30 * 24 * 60 * 60 * 1000,
  maxNodes: FLOW_LIMITS.maxNodes,
});
