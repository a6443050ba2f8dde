import { isRecord } from "../../is-record";
import { toVariableName } from "../../whatomate/variable-name";
import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";

/** set-variables: `variables [{key, value}]` → assignments to vars.<key> (`{{flow.variables.key}}` reads them); `next` → next. */
export const setVariablesMapper: WidgetMapper = {
  map: ({ properties }) => {
    const raw = properties.raw("variables");
    const items = Array.isArray(raw) ? raw : [];
    if (raw !== undefined && !Array.isArray(raw)) properties.warn("variables should be a list of {key, value}; ignored", "variables");
    const assignments = items.flatMap((item: unknown, index) => {
      if (!isRecord(item) || typeof item.key !== "string" || item.key.trim() === "") {
        properties.warn(`variables/${index} has no key; it is dropped`, "variables", index);
        return [];
      }
      const name = toVariableName(item.key.trim());
      if (name !== item.key) properties.warn(`variable "${item.key}" is called vars.${name} in Switchboard`, "variables", index, "key");
      const value = typeof item.value === "string" ? item.value : item.value === undefined || item.value === null ? "" : JSON.stringify(item.value);
      return [{ name, value: properties.liquidAt(value, properties.at("variables", index, "value")) }];
    });
    if (assignments.length === 0) properties.error("sets no variable; vars.unused is set to keep the node", "variables");
    return {
      type: "set_variables",
      data: { assignments: assignments.length > 0 ? assignments : [{ name: "unused", value: "" }] },
      handles: eventTable("set-variables", { next: "next" }),
    };
  },
};
