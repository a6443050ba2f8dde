import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { HttpData, httpNode } from "./http";

const url = "https://api.example.com/accounts/{{vars.account_number}}";

describe("http node", () => {
  it("fills in the defaults: GET, no headers, a 5 s timeout (at most 10)", () => {
    const data = HttpData.parse({ url });
    expect(data).toEqual({ url, method: "GET", headers: {}, timeoutSeconds: 5 });
    expect(data.timeoutSeconds).toBeLessThanOrEqual(10);
  });

  it("has a starter that parses", () => {
    expect(handlesOf(httpNode, httpNode.starter())).toEqual(["success", "failure"]);
  });

  it("offers success and failure, does not wait and is not terminal", () => {
    expect(handlesOf(httpNode, { url })).toEqual(["success", "failure"]);
    expect(httpNode.waitsForInput).toBe(false);
    expect(httpNode.terminal).toBe(false);
  });

  it.each([
    ["a POST with a JSON body", { url, method: "POST", body: '{"id": "{{vars.id}}"}', headers: { "Content-Type": "application/json" } }],
    ["a DELETE", { url, method: "DELETE" }],
    ["a URL that is a template", { url: "{{vars.base_url}}/accounts" }],
    ["spaces inside a placeholder", { url: "https://api.example.com/{{ vars.id }}" }],
    ["a plain http URL", { url: "http://localhost:8080/hook" }],
    ["a 10 second timeout", { url, timeoutSeconds: 10 }],
    ["header names with RFC 9110 token characters", { url, headers: { "X-Api-Key": "k", "x_trace.id": "t", "A~B": "c" } }],
  ])("accepts %s", (_name, input) => {
    expect(HttpData.safeParse(input).success).toBe(true);
  });

  it.each([
    ["a timeout of 11 seconds", { url, timeoutSeconds: 11 }, "timeoutSeconds"],
    ["a timeout of 0", { url, timeoutSeconds: 0 }, "timeoutSeconds"],
    ["a URL without a scheme", { url: "api.example.com/x" }, "url"],
    ["an ftp URL", { url: "ftp://files.example.com/x" }, "url"],
    ["a URL with no host", { url: "https://" }, "url"],
    ["an empty URL", { url: "" }, "url"],
    ["a GET with a body", { url, method: "GET", body: "{}" }, "body"],
    ["a body with the default method (GET)", { url, body: "{}" }, "body"],
    ["a header name with a space", { url, headers: { "X Api Key": "k" } }, "headers.X Api Key"],
    ["a header name with a colon", { url, headers: { "X-Key:": "k" } }, "headers.X-Key:"],
    ["a header value that is not text", { url, headers: { "X-Key": 5 } }, "headers.X-Key"],
    ["a lower-case method", { url, method: "get" }, "method"],
    ["a HEAD request", { url, method: "HEAD" }, "method"],
    ["a storeAs with a dot", { url, storeAs: "vars.account" }, "storeAs"],
    ["an unknown key", { url, retries: 3 }, ""],
    ["a URL with a space in the host", { url: "https://api.exa mple.com/x" }, "url"],
    ["a URL with leading spaces", { url: "  https://api.example.com/x" }, "url"],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(HttpData, input)).toContain(path);
  });

  it("sets its storeAs variable only when it has one", () => {
    expect(httpNode.writes(HttpData.parse({ url, storeAs: "account" }))).toEqual(["account"]);
    expect(httpNode.writes(HttpData.parse({ url }))).toEqual([]);
  });

  it("lists the URL, header and body templates with JSON pointers (escaping ~)", () => {
    const data = HttpData.parse({ url, method: "POST", headers: { "A~B": "{{vars.a}}" }, body: "{{vars.b}}" });
    expect(httpNode.templates(data)).toEqual([
      { pointer: "/url", template: url },
      { pointer: "/headers/A~0B", template: "{{vars.a}}" },
      { pointer: "/body", template: "{{vars.b}}" },
    ]);
  });
});
