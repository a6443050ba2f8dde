import type { StepResult } from "../engine/index";

/** The transfer timeout a team sets (seconds); null or undefined: the transfer node's own. */
export type TeamTransferTimeout = (teamId: string) => Promise<number | null | undefined>;

/**
 * The step with each transfer effect's `timeoutSeconds` replaced by its team's transfer timeout,
 * when the team sets one (the same result object when nothing changes, without a lookup when the
 * step emitted no transfer). Done by the runner before the step's timers are planned, so the
 * durable `transfer_timeout` timer, the effects the channels render and the ones observers see all
 * carry the same timeout.
 *
 * The team's value overrides the node's: a transfer node's `timeoutSeconds` is a schema default
 * (120) that a parsed document always has, so "the author set 120" and "the author set nothing"
 * look the same; a team setting that only applied to unset nodes would never apply, and one that
 * only capped them could never lengthen a wait. Teams without one leave every node's value alone.
 */
export async function withTeamTimeouts(result: StepResult, timeoutOf: TeamTransferTimeout): Promise<StepResult> {
  if (!result.effects.some((effect) => effect.type === "transfer")) return result;
  const effects = await Promise.all(
    result.effects.map(async (effect) => {
      if (effect.type !== "transfer") return effect;
      const seconds = await timeoutOf(effect.teamId);
      return seconds === null || seconds === undefined || seconds === effect.timeoutSeconds ? effect : { ...effect, timeoutSeconds: seconds };
    }),
  );
  return effects.every((effect, index) => effect === result.effects[index]) ? result : { ...result, effects };
}
