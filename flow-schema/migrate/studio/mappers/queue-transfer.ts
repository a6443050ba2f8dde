import { toIdentifier } from "../../whatomate/unique-ids";
import type { MappedWidget } from "../widget-mapper";
import { eventTable } from "../widget-mapper";
import type { WidgetProperties } from "../widget-properties";

/** What TaskRouter holds that a team transfer does not: the task's attributes, its channel, the wait music URL. */
const TASKROUTER_KEYS = ["attributes", "task_attributes", "channel", "wait_url", "waitUrl", "wait_url_method", "waitUrlMethod", "priority"];

/**
 * enqueue-call and send-to-flex → a transfer to a team. TaskRouter routes by workflow; Switchboard
 * by team: the team is named after the queue (`queue_name`), else the workflow, and the report says
 * which workflow it stood for. `timeout` → timeoutSeconds. `callComplete` → completed,
 * `failedToEnqueue` and `callFailure` → no_answer (the first with a target wins, the other is reported).
 */
export function queueTransfer(properties: WidgetProperties, widget: string, workflowKey: string): MappedWidget {
  const queue = properties.string("queue_name")?.trim();
  const workflow = properties.string(workflowKey)?.trim();
  const teamId = toIdentifier(queue || workflow || "", "support");
  const source = queue ? `queue "${queue}"` : workflow ? `TaskRouter workflow ${workflow}` : "no queue or workflow";
  properties.warn(`${source} becomes a transfer to team "${teamId}": create that team (or pick another) and give it the workflow's agents`, queue ? "queue_name" : workflowKey);
  for (const key of TASKROUTER_KEYS) {
    const value = properties.raw(key);
    if (value !== undefined && value !== "") properties.warn(`${key} is not carried over: a team transfer has no TaskRouter ${key === "priority" ? "priority number (set the transfer's priority by hand)" : "settings"}`, key);
  }
  return {
    type: "transfer",
    data: { teamId, timeoutSeconds: properties.integer("timeout", { min: 5, max: 3600 }) },
    handles: eventTable(widget, { callComplete: "completed", failedToEnqueue: "no_answer", callFailure: "no_answer" }),
    mappedTo: `a transfer to team "${teamId}" (for ${source})`,
  };
}
