import { isRecord } from "../../is-record";
import type { WidgetProperties } from "../widget-properties";

/** Encodes the literal parts of a template for a URL or a form; placeholders are left to the engine. */
function encodeLiteral(template: string): string {
  return template
    .split(/(\{\{[^}]*\}\})/)
    .map((part, index) => (index % 2 === 1 ? part : encodeURIComponent(part)))
    .join("");
}

/** `parameters [{key, value}]` of make-http-request and run-function, as `key=value&…` with the Liquid rewritten. */
export function formParameters(properties: WidgetProperties): string | undefined {
  const raw = properties.raw("parameters");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    properties.warn("parameters should be a list of {key, value}; ignored", "parameters");
    return undefined;
  }
  const pairs = raw.flatMap((item: unknown, index) => {
    if (!isRecord(item) || typeof item.key !== "string" || item.key === "") {
      properties.warn(`parameters/${index} has no key; it is dropped`, "parameters", index);
      return [];
    }
    const value = typeof item.value === "string" ? item.value : item.value === undefined || item.value === null ? "" : String(item.value);
    return [`${encodeURIComponent(item.key)}=${encodeLiteral(properties.liquidAt(value, properties.at("parameters", index, "value")))}`];
  });
  return pairs.length === 0 ? undefined : pairs.join("&");
}

/** The parameters as a form body, with its content type; reported when values are templates (the engine does not URL-encode a body). */
export function formBody(properties: WidgetProperties, form: string): { body: string; headers: Record<string, string> } {
  if (form.includes("{{")) {
    properties.warn("parameters are sent as a form whose values are filled in without URL encoding: a value with & or = breaks it; prefer a JSON body", "parameters");
  }
  return { body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}
