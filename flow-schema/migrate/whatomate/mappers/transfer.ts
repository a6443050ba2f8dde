import type { NodeMapper } from "../node-mapper";
import { handleTable } from "../node-mapper";

/**
 * transfer: team_id, timeout_seconds. Outcomes `completed`, `no_answer`; `abandoned` has no handle.
 * A transfer with no outgoing edges ends the flow at the hand-off, in both products.
 */
export const transferMapper: NodeMapper = {
  type: "transfer",
  data: (config) => {
    const raw = config.raw("team_id");
    const teamId = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : undefined;
    if (teamId === undefined || teamId === "") config.error("has no team_id", "team_id");
    return { teamId, timeoutSeconds: config.integer("timeout_seconds", { min: 5, max: 3600 }) };
  },
  handle: handleTable({ completed: "completed", no_answer: "no_answer" }),
  unsupported: new Map([
    ["abandoned", "Switchboard has no abandoned outcome: a caller who hangs up while waiting ends the session"],
  ]),
};
