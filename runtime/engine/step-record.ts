import { z } from "zod";
import { EndReason } from "./end-reason";

/**
 * One node visited or decided, in order: the runtime appends these to `session_steps`.
 * `outcome` is the handle taken (`next`, `option:2`, `success`…), or `waiting`, `no_input`,
 * `invalid` (a retry), `goto` (left for another flow) or `ended` (with `reason`).
 */
export const StepRecord = z.strictObject({
  flowId: z.string(),
  version: z.union([z.number().int(), z.literal("draft")]),
  nodeId: z.string(),
  nodeType: z.string(),
  outcome: z.string(),
  reason: EndReason.optional(),
  /** What the caller sent, as text: digits, typed or spoken text, button key. */
  input: z.string().optional(),
  /**
   * Why the node decided as it did when it could not do what the document asks, e.g. a pattern
   * that cannot run (`rule "vip": /(?=x)/ cannot run: …`). The runtime logs it with the step.
   */
  note: z.string().optional(),
  at: z.iso.datetime(),
});
export type StepRecord = z.infer<typeof StepRecord>;
