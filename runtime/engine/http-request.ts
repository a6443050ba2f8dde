import { type NodeDataMap, replacePlaceholders, resolvePath, stringify, type TemplateScope } from "../../flow-schema/index";
import type { z } from "zod";
import type { HttpRequestEffect } from "./effects";
import { renderBody } from "./json-body";
import type { Run } from "./run";
import { templateScope } from "./template-scope";

type Request = Omit<z.infer<typeof HttpRequestEffect>, "type" | "nodeId" | "token">;

/** Header values are single lines: a value carrying CR or LF could smuggle in another header. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

/**
 * The URL of an http node: each value is encodeURIComponent-ed, except a placeholder that starts
 * the URL (`{{vars.base_url}}/accounts/{{vars.id}}`), which names the base URL and is used as is.
 */
export function renderUrl(template: string, scope: TemplateScope): string {
  return replacePlaceholders(template, ({ path, offset }) => {
    const text = stringify(resolvePath(scope, path));
    return offset === 0 ? text : encodeURIComponent(text);
  });
}

/**
 * The request an http node makes: the URL rendered by renderUrl, headers
 * rendered, the body rendered by renderBody. A body gets a Content-Type (application/json for a
 * JSON body, text/plain otherwise) unless the node sets one.
 */
export function buildHttpRequest(run: Run, data: NodeDataMap["http"]): Request {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(data.headers)) headers[name] = oneLine(run.render(template));
  const request: Request = {
    url: renderUrl(data.url, templateScope(run.state)),
    method: data.method,
    headers,
    timeoutSeconds: data.timeoutSeconds,
  };
  if (data.body === undefined) return request;
  const { body, json } = renderBody(data.body, templateScope(run.state));
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
  if (!hasContentType) headers["Content-Type"] = json ? "application/json" : "text/plain; charset=utf-8";
  return { ...request, body };
}
