import { z } from "zod";
import { escapeSegment } from "../json-pointer";
import { Template, VariableName } from "../primitives";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, truncate, noProblems } from "./node-definition";

export const HttpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** RFC 9110 token characters for header names. */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "not a valid HTTP header name");

export const HttpData = z
  .strictObject({
    url: Template.min(1).describe("URL template, e.g. https://api.example.com/accounts/{{vars.account_number}}"),
    method: HttpMethod.default("GET"),
    headers: z.record(HeaderName, Template).default({}).describe("Header name → value template"),
    body: Template.optional().describe("Request body template (JSON when it parses as JSON)"),
    timeoutSeconds: z.number().int().min(1).max(10).default(5),
    storeAs: VariableName.optional().describe("Variable that receives the response body: vars.<storeAs>"),
  })
  .superRefine((data, ctx) => {
    const url = data.url.trim();
    if (/\s/.test(data.url.replace(/\{\{[^}]*\}\}/g, ""))) {
      ctx.addIssue({ code: "custom", message: "url has spaces outside {{placeholders}}", path: ["url"] });
    } else if (!url.startsWith("{{") && !/^https?:\/\/[^\s/]+/i.test(url)) {
      ctx.addIssue({ code: "custom", message: "url must start with http:// or https://", path: ["url"] });
    }
    if (data.body !== undefined && data.method === "GET") {
      ctx.addIssue({ code: "custom", message: "a GET request has no body; use POST, PUT or PATCH", path: ["body"] });
    }
  });
export type HttpData = z.infer<typeof HttpData>;

export const httpNode = defineNode({
  type: "http",
  title: "HTTP callback",
  description: "Call your API; branch on success (2xx) or failure, and keep the response.",
  data: HttpData,
  starter: () => ({ url: "https://api.example.com/lookup?caller={{caller.phone}}", method: "GET" }),
  outputs: () => [
    { id: "success", label: "Success (2xx)" },
    { id: "failure", label: "Failure" },
  ],
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: (data) => [
    { pointer: "/url", template: data.url },
    ...Object.entries(data.headers).map(([name, template]) => ({ pointer: `/headers/${escapeSegment(name)}`, template })),
    ...(data.body === undefined ? [] : [{ pointer: "/body", template: data.body }]),
  ],
  writes: (data) => (data.storeAs === undefined ? [] : [data.storeAs]),
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(`${data.method} ${data.url}`),
});

