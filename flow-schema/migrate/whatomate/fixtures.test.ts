import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../document";
import { validate } from "../../validate/validate";
import { importWhatomate } from "./import-whatomate";
import { messages } from "./testing";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../examples/whatomate/${name}`, import.meta.url), "utf8"));
}

describe("examples/whatomate", () => {
  it("support-ivr.json imports to a document with no validation diagnostics", () => {
    const { document, issues } = importWhatomate(fixture("support-ivr.json"), { id: "support-ivr", name: "Support IVR" });
    expect(FlowDocument.safeParse(document).success).toBe(true);
    expect(validate(document)).toEqual([]);
    expect(messages(issues, "error")).toEqual([]);
    // Only what a well-formed Whatomate graph cannot say: its time zone, and what "default" stood for.
    expect(messages(issues, "warning")).toEqual([expect.stringContaining("no time zone"), expect.stringContaining("expanded")]);
    expect(document.nodes.map((node) => node.type)).toEqual([
      "greeting", "timing", "hangup", "menu", "gather", "http", "greeting", "transfer", "goto_flow", "hangup", "hangup",
    ]);
    expect(document.nodes.find((node) => node.id === "account_lookup")?.data).toMatchObject({
      url: "https://crm.example.com/api/accounts/{{vars.account}}?caller={{caller.phone}}",
      headers: { "X-Call-Id": "{{call.id}}" },
      storeAs: "account_info",
    });
  });

  it("legacy-with-problems.json imports with zero validation errors and reports every problem", () => {
    const { document, issues } = importWhatomate(fixture("legacy-with-problems.json"));
    expect(FlowDocument.safeParse(document).success).toBe(true);
    expect(validate(document).filter((d) => d.severity === "error")).toEqual([]);
    const paths = issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/nodes/0/id", // "start node" is not an id
        "/nodes/1/config/timezone", // no time zone
        "/nodes/1/config/schedule/2/day", // "funday"
        "/nodes/2/config/options/10", // key 10
        "/nodes/3/type", // send_sms
        "/edges/5/condition", // digit:10
        "/edges/6/condition", // invalid
        "/edges/10/condition", // abandoned
        "/edges/11/to", // voicemail does not exist
      ]),
    );
    expect(document.nodes.find((node) => node.id === "returns_sms")).toMatchObject({ type: "hangup", label: "Unsupported: send_sms" });
  });
});
