import { isRecord } from "../../is-record";
import { toVariableName } from "../../whatomate/variable-name";
import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";

/**
 * run-subflow → subflow. `flow_sid` names the called Studio flow: it becomes the flowId (import
 * that flow under it: `switchboard import studio --id <sid>`). `parameters [{key, value}]` → inputs
 * (the called flow reads them as `{{flow.data.key}}`, which its import declares as inputs). A Studio
 * subflow ends where it stops; a Switchboard one ends in return nodes: the outcome is `completed`.
 * `completed` → outcome:completed, `failed` → failed. `flow_revision` gives way to the pin made
 * when this flow is published.
 */
export const runSubflowMapper: WidgetMapper = {
  map: ({ properties }) => {
    const sid = properties.string("flow_sid")?.trim() ?? "";
    const flowId = sid.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 100);
    properties.warn(
      `calls Studio flow ${sid || "(none)"}: import it with the id "${flowId}" (switchboard import studio --id ${flowId}) before publishing this one`,
      "flow_sid",
    );
    const revision = properties.string("flow_revision")?.trim();
    if (revision !== undefined && revision !== "" && revision !== "LatestPublished") {
      properties.warn(`flow_revision ${revision} is not carried over: publishing this flow pins the called flow's live version`, "flow_revision");
    }
    const raw = properties.raw("parameters");
    const inputs: Record<string, string> = {};
    (Array.isArray(raw) ? raw : []).forEach((item: unknown, index) => {
      if (!isRecord(item) || typeof item.key !== "string" || item.key.trim() === "") return properties.warn(`parameters/${index} has no key; it is dropped`, "parameters", index);
      const value = typeof item.value === "string" ? item.value : item.value === undefined || item.value === null ? "" : JSON.stringify(item.value);
      inputs[toVariableName(item.key.trim())] = properties.liquidAt(value, properties.at("parameters", index, "value"));
    });
    return {
      type: "subflow",
      data: { flowId, inputs, outcomes: ["completed"] },
      handles: eventTable("run-subflow", { completed: "outcome:completed", failed: "failed" }),
    };
  },
};
