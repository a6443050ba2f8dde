import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths, problemsOf } from "../validate/fixtures/schema-helpers";
import { TransferData, transferNode } from "./transfer";

describe("transfer node", () => {
  it("fills in the defaults: normal priority, 120 s to wait for an agent", () => {
    expect(TransferData.parse({ teamId: "support" })).toEqual({ teamId: "support", priority: "normal", timeoutSeconds: 120 });
  });

  it("has a starter that parses", () => {
    expect(handlesOf(transferNode, transferNode.starter())).toEqual(["completed", "no_answer"]);
  });

  it("offers completed and no_answer, waits (for an agent) and is not terminal", () => {
    expect(handlesOf(transferNode, { teamId: "sales", priority: "urgent" })).toEqual(["completed", "no_answer"]);
    expect(transferNode.waitsForInput).toBe(true);
    expect(transferNode.terminal).toBe(false);
  });

  it("may have no edges at all, but once one handle is connected the other is expected", () => {
    expect(transferNode.optionalHandle("completed", new Set())).toBe(true);
    expect(transferNode.optionalHandle("no_answer", new Set())).toBe(true);
    expect(transferNode.optionalHandle("no_answer", new Set(["completed"]))).toBe(false);
  });

  it.each([
    ["no team", {}, "teamId"],
    ["an empty team", { teamId: "" }, "teamId"],
    ["an unknown priority", { teamId: "sales", priority: "critical" }, "priority"],
    ["a 4 second timeout", { teamId: "sales", timeoutSeconds: 4 }, "timeoutSeconds"],
    ["a timeout over an hour", { teamId: "sales", timeoutSeconds: 3601 }, "timeoutSeconds"],
    ["an empty hold audio", { teamId: "sales", holdAudio: "" }, "holdAudio"],
    ["an unknown key", { teamId: "sales", queue: "a" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(TransferData, input)).toContain(path);
  });

  it("warns about a team that does not exist, only when the teams are known", () => {
    expect(problemsOf(transferNode, { teamId: "sales" }, {})).toEqual([]);
    expect(problemsOf(transferNode, { teamId: "sales" }, { knownTeams: new Set(["sales"]) })).toEqual([]);
    expect(problemsOf(transferNode, { teamId: "sales" }, { knownTeams: new Set(["support"]) })).toEqual([{ code: "team_missing", pointer: "/teamId" }]);
  });

  it("reads its waiting message as a template", () => {
    const data = TransferData.parse({ teamId: "sales", waitingMessage: "Hold on, {{vars.name}}." });
    expect(transferNode.templates(data)).toEqual([{ pointer: "/waitingMessage", template: "Hold on, {{vars.name}}." }]);
  });
});
