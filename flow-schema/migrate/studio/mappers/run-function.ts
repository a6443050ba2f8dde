import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";
import { formBody, formParameters } from "./http-parameters";

/** Identifiers of the Twilio Function; the URL is what Switchboard calls, these say nothing more. */
const FUNCTION_IDS = ["service_sid", "environment_sid", "function_sid"];

/**
 * run-function → http: a POST of `parameters` as a form to the Function's `url`, like Studio does
 * (the Function keeps running at Twilio). `success` → success, `fail` and `failed` → failure.
 * Without a URL there is nothing to call: the importer makes a placeholder of it (see needsUrl).
 */
export const runFunctionMapper: WidgetMapper = {
  map: ({ properties }) => {
    for (const key of FUNCTION_IDS) properties.raw(key);
    const url = properties.liquid("url")?.trim() ?? "";
    const form = formParameters(properties);
    const data = { url, method: "POST", timeoutSeconds: 10, ...(form === undefined ? {} : formBody(properties, form)) };
    return {
      type: "http",
      data,
      handles: eventTable("run-function", { success: "success", fail: "failure", failed: "failure" }),
      mappedTo: "an HTTP callback to the Function's URL",
    };
  },
};
