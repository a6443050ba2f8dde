/** Outcomes that are not a handle: the node waits, retries, leaves for another flow, calls a subflow, or ends the session. */
const NOT_A_HANDLE: ReadonlySet<string> = new Set(["waiting", "no_input", "invalid", "goto", "ended", "call"]);

/** A return node's outcome: `return:<name>` (back to the calling flow). */
export function returnedOutcome(outcome: string | null): string | undefined {
  return outcome?.startsWith("return:") ? outcome.slice("return:".length) : undefined;
}

/** Outcomes after which the session is still at the same node. */
const STAYS: ReadonlySet<string> = new Set(["waiting", "no_input", "invalid"]);

/** Whether the step left its node along an edge (`next`, `option:2`, `success`…). */
export function isHandle(outcome: string | null): outcome is string {
  return outcome !== null && !NOT_A_HANDLE.has(outcome) && returnedOutcome(outcome) === undefined;
}

/** Whether the session was still at the step's node after it (waiting for input, an answer or an agent). */
export function staysAtNode(outcome: string | null): boolean {
  return outcome !== null && STAYS.has(outcome);
}
