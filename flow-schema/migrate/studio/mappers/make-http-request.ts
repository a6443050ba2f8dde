import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";
import { formBody, formParameters } from "./http-parameters";

/**
 * make-http-request → http. GET: `parameters` go into the query string. POST with a form
 * content type: `parameters` are the form body. POST with a JSON content type: `body`. The
 * content type may carry a charset. `success` → success, `failed` (and `fail`) → failure;
 * `{{widgets.NAME.parsed.x}}` reads `{{nodes.<id>.body.x}}`.
 */
export const makeHttpRequestMapper: WidgetMapper = {
  map: ({ properties }) => {
    const method = (properties.string("method") ?? "GET").trim().toUpperCase() || "GET";
    const url = properties.liquid("url")?.trim() ?? "";
    const contentType = (properties.string("content_type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const form = formParameters(properties);
    const body = properties.liquid("body");
    if (properties.boolean("add_twilio_auth") === true) properties.error("add_twilio_auth is not carried over: Switchboard has no Twilio credentials to sign with; add an Authorization header", "add_twilio_auth");
    let data: Record<string, unknown> = { url, method, timeoutSeconds: 10 };
    if (method === "GET" || method === "DELETE") {
      if (form !== undefined) data.url = `${url}${url.includes("?") ? "&" : "?"}${form}`;
      if (body !== undefined) properties.warn(`a ${method} request has no body; body is dropped`, "body");
    } else if (contentType === "application/json") {
      if (form !== undefined) properties.warn("parameters are not sent with a JSON body; write them into body", "parameters");
      data = { ...data, headers: { "Content-Type": "application/json" }, ...(body === undefined ? {} : { body }) };
    } else {
      if (body !== undefined && form === undefined) data = { ...data, headers: { "Content-Type": contentType || "text/plain" }, body };
      else if (form !== undefined) data = { ...data, ...formBody(properties, form) };
      if (body !== undefined && form !== undefined) properties.warn("body is dropped: a form request sends its parameters", "body");
    }
    return { type: "http", data, handles: eventTable("make-http-request", { success: "success", failed: "failure", fail: "failure" }) };
  },
};
