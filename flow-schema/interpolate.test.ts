import { describe, expect, it } from "vitest";
import { interpolate, templateSyntaxProblems, templateVariables } from "./interpolate";

const scope = {
  caller: { phone: "+15551234567" },
  vars: { account_number: "1234", zero: 0, flag: false, nothing: null },
  nodes: { lookup: { status: 200, body: { balance: 42.5, items: [{ name: "first" }], nested: { a: 1 } } } },
};

describe("interpolate", () => {
  it("fills caller, vars and nested node values", () => {
    expect(interpolate("Call {{caller.phone}} about {{ vars.account_number }}", scope)).toBe("Call +15551234567 about 1234");
    expect(interpolate("Balance {{nodes.lookup.body.balance}} ({{nodes.lookup.status}})", scope)).toBe("Balance 42.5 (200)");
    expect(interpolate("{{nodes.lookup.body.items.0.name}}", scope)).toBe("first");
  });

  it("renders missing values, null and out-of-range indexes as empty", () => {
    expect(interpolate("[{{vars.missing}}][{{nobody.at.all}}][{{vars.nothing}}][{{nodes.lookup.body.items.5.name}}]", scope)).toBe("[][][][]");
  });

  it("keeps falsy values that are present", () => {
    expect(interpolate("{{vars.zero}}/{{vars.flag}}", scope)).toBe("0/false");
  });

  it("renders objects as JSON", () => {
    expect(interpolate("{{nodes.lookup.body.nested}}", scope)).toBe('{"a":1}');
  });

  it("does not walk into inherited properties", () => {
    expect(interpolate("{{vars.constructor}}{{vars.toString}}", scope)).toBe("");
  });

  it("leaves text that is not a placeholder alone", () => {
    expect(interpolate("{{ not a path }} and {single}", scope)).toBe("{{ not a path }} and {single}");
  });

  it("encodes each substituted value when asked", () => {
    expect(interpolate("https://x.test/?q={{vars.q}}", { vars: { q: "a b&c" } }, { encode: encodeURIComponent })).toBe(
      "https://x.test/?q=a%20b%26c",
    );
  });
});

describe("templateVariables", () => {
  it("lists each path once, in order", () => {
    expect(templateVariables("{{vars.a}} {{caller.phone}} {{vars.a}}")).toEqual(["vars.a", "caller.phone"]);
    expect(templateVariables("plain text")).toEqual([]);
  });
});

describe("templateSyntaxProblems", () => {
  it("finds unclosed and malformed placeholders", () => {
    expect(templateSyntaxProblems("{{vars.ok}}")).toEqual([]);
    expect(templateSyntaxProblems("hello {{vars.x")).toHaveLength(1);
    expect(templateSyntaxProblems("{{ vars x }}")).toHaveLength(1);
  });
});
