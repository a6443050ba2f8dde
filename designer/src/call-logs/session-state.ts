import { z } from "zod";

const Results = z.record(z.string(), z.unknown());

/** What the session page shows of the engine's state: variables and node results (empty when unreadable). */
export const SessionStateView = z.object({
  vars: Results.catch({}),
  nodes: Results.catch({}),
  currentNodeId: z.string().nullable().catch(null),
});
export type SessionStateView = z.infer<typeof SessionStateView>;

export function sessionStateView(state: unknown): SessionStateView {
  const parsed = SessionStateView.safeParse(state);
  return parsed.success ? parsed.data : { vars: {}, nodes: {}, currentNodeId: null };
}

/** A variable or result value for display: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}
