import { describe, expect, it } from "vitest";
import { conversationsIn, inView, sortConversations } from "./conversation-order";
import { agent, at, conversation } from "./testing/room-views";

const ann = agent("ann", { teamIds: ["support"] });

describe("sorting conversations", () => {
  it("puts urgent first, then high, normal, low; the oldest first within a priority", () => {
    const sorted = sortConversations([
      conversation("low", { priority: "low", waitingSince: at(0) }),
      conversation("new-normal", { waitingSince: at(30) }),
      conversation("old-normal", { waitingSince: at(10) }),
      conversation("urgent", { priority: "urgent", waitingSince: at(40) }),
      conversation("high", { priority: "high", waitingSince: at(50) }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(["urgent", "high", "old-normal", "new-normal", "low"]);
  });

  it("ages a conversation that is not waiting from its creation", () => {
    const sorted = sortConversations([conversation("b", { waitingSince: null, createdAt: at(20) }), conversation("a", { waitingSince: null, createdAt: at(5) })]);
    expect(sorted.map((item) => item.id)).toEqual(["a", "b"]);
  });
});

describe("filtering by mine / team / waiting", () => {
  const all = Object.fromEntries(
    [
      conversation("mine", { status: "active", assigneeId: "ann" }),
      conversation("mine-held", { status: "on_hold", assigneeId: "ann" }),
      conversation("colleague", { status: "active", assigneeId: "bob" }),
      conversation("queue"),
      conversation("other-team", { teamId: "sales" }),
      conversation("closed", { status: "closed", assigneeId: "ann" }),
    ].map((item) => [item.id, item]),
  );
  const idsIn = (view: "mine" | "team" | "waiting", who = ann) => conversationsIn(all, view, who).map((item) => item.id).sort();

  it("mine: open conversations assigned to me", () => {
    expect(idsIn("mine")).toEqual(["mine", "mine-held"]);
  });
  it("waiting: my teams' waiting conversations", () => {
    expect(idsIn("waiting")).toEqual(["queue"]);
  });
  it("team: my teams' open conversations, and mine", () => {
    expect(idsIn("team")).toEqual(["colleague", "mine", "mine-held", "queue"]);
  });
  it("admins see every team", () => {
    expect(idsIn("waiting", agent("root", { role: "admin", teamIds: [] }))).toEqual(["other-team", "queue"]);
  });
  it("closed conversations are in no list", () => {
    expect(["mine", "team", "waiting"].some((view) => inView(all.closed!, view as "mine", ann))).toBe(false);
  });
});
