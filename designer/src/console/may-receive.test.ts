import { describe, expect, it } from "vitest";
import { mayReceive } from "./may-receive";

const agent = (teamIds: string[], role: "agent" | "admin" = "agent") => ({ role, teamIds });

describe("mayReceive (the server's rule for assign and transfer to an agent)", () => {
  it("offers an agent members of the conversation's team and admins only", () => {
    const me = agent(["support"]);
    expect(mayReceive(agent(["support", "billing"]), "support", me)).toBe(true);
    expect(mayReceive(agent(["billing"]), "support", me)).toBe(false);
    expect(mayReceive(agent([], "admin"), "support", me)).toBe(true);
    expect(mayReceive(agent(["support"]), null, me)).toBe(false);
  });

  it("offers an admin everyone", () => {
    expect(mayReceive(agent(["billing"]), "support", agent([], "admin"))).toBe(true);
  });
});
