import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

describe("whatomate http_callback", () => {
  it("maps to an http node with placeholders rewritten to Switchboard roots", () => {
    const { node, issues } = importOne("http_callback", {
      url: "https://api.test/accounts/{{account}}?from={{caller_phone}}",
      method: "post",
      headers: { "X-Call": "{{call_id}}", "X-Retry": 1 },
      body_template: '{"account": "{{account}}"}',
      timeout_seconds: 3,
      response_store_as: "lookup",
    });
    expect(node).toMatchObject({ type: "http" });
    expect(node.data).toEqual({
      url: "https://api.test/accounts/{{vars.account}}?from={{caller.phone}}",
      method: "POST",
      headers: { "X-Call": "{{call.id}}", "X-Retry": "1" },
      body: '{"account": "{{vars.account}}"}',
      timeoutSeconds: 3,
      storeAs: "lookup",
    });
    expect(issues).toEqual([]);
  });

  it("maps http:2xx and http:non2xx to success and failure", () => {
    const { handles } = importOne("http_callback", { url: "https://api.test" }, ["http:2xx", "http:non2xx"]);
    expect(handles).toEqual({ success: targetOf("http:2xx"), failure: targetOf("http:non2xx") });
  });

  it("keeps Whatomate's defaults: GET, 10 s", () => {
    expect(importOne("http_callback", { url: "https://api.test" }).node.data).toMatchObject({ method: "GET", timeoutSeconds: 10, headers: {} });
  });

  it("drops what Switchboard cannot send, and reports it", () => {
    const { node, issues } = importOne("http_callback", {
      url: "https://api.test",
      method: "GET",
      body_template: "{}",
      headers: { "Bad Header": "x", Good: "y", Obj: { a: 1 } },
      timeout_seconds: 30,
    });
    expect(node.data).toMatchObject({ method: "GET", headers: { Good: "y" }, timeoutSeconds: 10 });
    expect(node.data).not.toHaveProperty("body");
    expect(messages(issues, "error")).toEqual([
      expect.stringContaining("the body is dropped"),
      expect.stringContaining('"Bad Header"'),
      expect.stringContaining('header "Obj"'),
    ]);
    expect(messages(issues, "warning")).toEqual([expect.stringContaining("timeout_seconds 30")]);
  });

  it("uses GET for an unknown method, and reports it", () => {
    const { node, issues } = importOne("http_callback", { url: "https://api.test", method: "HEAD" });
    expect(node.data).toMatchObject({ method: "GET" });
    expect(messages(issues, "error")).toEqual([expect.stringContaining('method "HEAD"')]);
  });

  it("is replaced by a hang-up without a usable url", () => {
    for (const config of [{}, { url: "/relative/path" }]) {
      const { node, issues } = importOne("http_callback", config, ["http:2xx"]);
      expect(node).toMatchObject({ type: "hangup", label: "Could not import: http_callback" });
      expect(messages(issues, "error")).toContainEqual(expect.stringContaining("could not be converted"));
      expect(messages(issues, "error")).toContainEqual(expect.stringContaining("replaced by a hang-up"));
    }
  });
});
