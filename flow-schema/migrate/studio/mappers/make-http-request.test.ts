import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio make-http-request and run-function", () => {
  it("GET: parameters go into the query string, literal parts encoded; success and failed", () => {
    const { node, handles, issues } = importWidget(
      "make-http-request",
      {
        method: "GET",
        url: "https://api.example.com/lookup?v=2",
        content_type: "application/x-www-form-urlencoded;charset=utf-8",
        parameters: [
          { key: "from", value: "{{trigger.call.From}}" },
          { key: "note", value: "a b&c" },
        ],
      },
      ["success", "failed"],
    );
    expect(node).toMatchObject({ type: "http", data: { method: "GET", url: "https://api.example.com/lookup?v=2&from={{caller.phone}}&note=a%20b%26c", timeoutSeconds: 10 } });
    expect(handles).toEqual({ success: targetOf("success"), failure: targetOf("failed") });
    expect(issues).toEqual([]);
  });

  it("POST JSON: the body with its Liquid rewritten, content type without the charset", () => {
    const { node, issues } = importWidget("make-http-request", {
      method: "POST",
      url: "https://api.example.com/tickets",
      content_type: "application/json;charset=utf-8",
      body: '{"phone": "{{contact.channel.address}}", "pin": "{{widgets.pin.Digits}}"}',
    });
    expect(node.data).toMatchObject({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"phone": "{{caller.phone}}", "pin": "{{widgets.pin.Digits}}"}',
    });
    expect(issues).toEqual([expect.objectContaining({ path: "/states/1/properties/body", message: expect.stringContaining('no widget "pin"') })]);
  });

  it("POST form: parameters are the body; add_twilio_auth is reported", () => {
    const { node, issues } = importWidget("make-http-request", {
      method: "POST",
      url: "https://api.example.com/form",
      content_type: "application/x-www-form-urlencoded",
      parameters: [{ key: "digits", value: "42" }],
      add_twilio_auth: "true",
    });
    expect(node.data).toMatchObject({ body: "digits=42", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(issues.map((issue) => issue.path)).toEqual(["/states/1/properties/add_twilio_auth"]);
  });

  it("run-function: a form POST to the Function's URL; fail → failure", () => {
    const { node, handles, issues } = importWidget(
      "run-function",
      { service_sid: "ZS1", environment_sid: "ZE1", function_sid: "ZH1", url: "https://x-1.twil.io/f", parameters: [{ key: "a", value: "1" }] },
      ["success", "fail"],
    );
    expect(node).toMatchObject({ type: "http", data: { method: "POST", url: "https://x-1.twil.io/f", body: "a=1" } });
    expect(handles).toEqual({ success: targetOf("success"), failure: targetOf("fail") });
    expect(messages(issues)).toEqual([expect.stringContaining("becomes an HTTP callback")]);
  });

  it("run-function without a URL is a placeholder that names the http node it needs", () => {
    const { node, issues } = importWidget("run-function", { function_sid: "ZH1" }, ["success"]);
    expect(node).toMatchObject({ type: "placeholder", data: { originalType: "run-function", mapsTo: "http", outcomes: ["success"] } });
    expect(messages(issues, "error")).toEqual([expect.stringContaining("could not be converted to a http node")]);
  });
});
