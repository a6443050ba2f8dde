import { describe, expect, it } from "vitest";
import { importOne, messages, targetOf } from "../testing";

describe("whatomate transfer", () => {
  it("maps team_id and timeout_seconds", () => {
    const { node, issues } = importOne("transfer", { team_id: "support", timeout_seconds: 60 });
    expect(node.data).toEqual({ teamId: "support", priority: "normal", timeoutSeconds: 60 });
    expect(issues).toEqual([]);
  });

  it("accepts a numeric team id", () => {
    expect(importOne("transfer", { team_id: 42 }).node.data).toMatchObject({ teamId: "42" });
  });

  it("maps completed and no_answer, and reports abandoned, which has no handle", () => {
    const { handles, issues } = importOne("transfer", { team_id: "support" }, ["completed", "no_answer", "abandoned"]);
    expect(handles).toEqual({ completed: targetOf("completed"), no_answer: targetOf("no_answer") });
    expect(issues).toEqual([
      expect.objectContaining({ severity: "error", path: "/edges/2/condition", message: expect.stringContaining("no abandoned outcome") }),
    ]);
  });

  it("with no outgoing edges is a terminal hand-off, with nothing to report", () => {
    const { edges, issues } = importOne("transfer", { team_id: "support" });
    expect(edges).toEqual([]);
    expect(issues).toEqual([]);
  });

  it("is replaced by a hang-up without a team", () => {
    const { node, issues } = importOne("transfer", {});
    expect(node.type).toBe("hangup");
    expect(messages(issues, "error")).toEqual([expect.stringContaining("has no team_id"), expect.stringContaining("could not be converted")]);
  });
});
