import { describe, expect, it } from "vitest";
import { rewriteTemplate } from "./rewrite-template";

describe("rewriteTemplate", () => {
  it("moves Whatomate's built-ins to their Switchboard roots", () => {
    expect(rewriteTemplate("{{caller_phone}} / {{ call_id }}")).toEqual({ text: "{{caller.phone}} / {{call.id}}", renamed: [] });
  });

  it("puts every other name under vars, keeping dotted paths", () => {
    expect(rewriteTemplate("Account {{account}}, balance {{lookup.body.balance}}").text).toBe(
      "Account {{vars.account}}, balance {{vars.lookup.body.balance}}",
    );
  });

  it("makes invalid names valid and says which", () => {
    expect(rewriteTemplate("{{account-no}} {{2fa code}}")).toEqual({
      text: "{{vars.account_no}} {{vars._2fa_code}}",
      renamed: [
        { from: "account-no", to: "vars.account_no" },
        { from: "2fa code", to: "vars._2fa_code" },
      ],
    });
  });

  it("leaves text without placeholders, and empty or unclosed braces, alone", () => {
    expect(rewriteTemplate("Hello {name} {{}} {{open").text).toBe("Hello {name} {{}} {{open");
  });
});
