import type { z } from "zod";
import { HttpMethod } from "../../../nodes/http";
import type { ConfigReader } from "../config-reader";
import type { NodeMapper } from "../node-mapper";
import { handleTable } from "../node-mapper";
import { readStoreAs } from "./store-as";

/** Whatomate waits up to 10 s by default; so does the imported node (Switchboard's own default is 5 s). */
const WHATOMATE_TIMEOUT_SECONDS = 10;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/**
 * http_callback → http: url, method, headers, body_template, timeout_seconds, response_store_as,
 * with `{{name}}` placeholders rewritten. Outcomes `http:2xx` → success, `http:non2xx` → failure.
 */
export const httpCallbackMapper: NodeMapper = {
  type: "http",
  data: (config) => {
    const method = readMethod(config);
    let body = readBody(config);
    if (body !== undefined && method === "GET") {
      config.error("body_template is set but the method is GET, which sends no body in Switchboard; the body is dropped", "body_template");
      body = undefined;
    }
    const url = config.template("url")?.trim();
    if (url === undefined || url === "") config.error("has no url", "url");
    return {
      url,
      method,
      headers: readHeaders(config),
      body,
      timeoutSeconds: config.integer("timeout_seconds", { min: 1, max: 10 }) ?? WHATOMATE_TIMEOUT_SECONDS,
      storeAs: readStoreAs(config, "response_store_as"),
    };
  },
  handle: handleTable({ "http:2xx": "success", "http:non2xx": "failure" }),
};

function readMethod(config: ConfigReader): z.infer<typeof HttpMethod> {
  const raw = config.string("method")?.trim();
  if (raw === undefined || raw === "") return "GET";
  const method = HttpMethod.safeParse(raw.toUpperCase());
  if (method.success) return method.data;
  config.error(`method "${raw}" is not one of ${HttpMethod.options.join(", ")}; GET is used`, "method");
  return "GET";
}

function readHeaders(config: ConfigReader): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.record("headers") ?? {})) {
    if (!HEADER_NAME.test(name)) {
      config.error(`header name "${name}" is not a valid HTTP header name; the header is dropped`, "headers", name);
      continue;
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      config.error(`header "${name}" has no text value; the header is dropped`, "headers", name);
      continue;
    }
    headers[name] = config.rewrite(String(value), "headers", name);
  }
  return headers;
}

function readBody(config: ConfigReader): string | undefined {
  const raw = config.raw("body_template");
  if (raw === undefined || raw === "") return undefined;
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return config.rewrite(text, "body_template");
}
