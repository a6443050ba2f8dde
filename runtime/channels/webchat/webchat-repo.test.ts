import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secretToken } from "../../store/secret-token";
import { sampleFlow } from "../../store/test-support/sample-flow";
import { openTestStore, type TestStore } from "../../store/test-support/test-store";
import { HISTORY_LIMIT, WebchatRepo } from "./webchat-repo";

let t: TestStore;
let repo: WebchatRepo;
const channel = (id: string) => t.store.channels.createChannel({ id, type: "webchat", name: id, flowId: "support", credentials: "v1.sealed", settings: { allowedOrigins: ["https://shop.example"] }, enabled: true, status: "setup" });

beforeEach(async () => {
  t = openTestStore("webchat");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await channel("site");
  await channel("other-site");
  repo = new WebchatRepo(t.store.db, t.clock.now);
});
afterEach(() => t.dispose());

describe("WebchatRepo", () => {
  it("hands out a token once and keeps only its sha256; the token finds its visitor on its own channel only", () => {
    const { visitor, token } = repo.createVisitor("site");
    expect(token).toMatch(/^wc_[A-Za-z0-9_-]{43}$/);
    const stored = t.store.database.sqlite.prepare("SELECT token_hash FROM webchat_visitors WHERE id = ?").pluck().get(visitor.id);
    expect(stored).toBe(secretToken.hash(token));
    expect(JSON.stringify(t.store.database.sqlite.prepare("SELECT * FROM webchat_visitors").all())).not.toContain(token);
    expect(repo.findVisitor("site", token)).toEqual(visitor);
    expect(repo.findVisitor("other-site", token)).toBeUndefined();
    expect(repo.findVisitor("site", `${token.slice(0, -1)}x`)).toBeUndefined();
    expect(repo.isVisitor("site", visitor.id)).toBe(true);
    expect(repo.isVisitor("other-site", visitor.id)).toBe(false);
  });

  it("numbers lines 1..n per visitor across appends, and replays the latest ones oldest first", () => {
    const a = repo.createVisitor("site").visitor;
    const b = repo.createVisitor("site").visitor;
    const first = repo.append(a.id, [
      { from: "bot", text: "Hi" },
      { from: "bot", text: "Pick one", options: [{ key: "1", label: "Yes", choice: "m:t1:0" }] },
    ]);
    expect(first.map((line) => line.id)).toEqual([1, 2]);
    expect(repo.append(b.id, [{ from: "visitor", text: "hello", clientId: "c1" }])[0]).toMatchObject({ id: 1, clientId: "c1" });
    t.clock.advance(1000);
    expect(repo.append(a.id, [{ from: "agent", text: "Dana here", author: "Dana" }])[0]).toMatchObject({ id: 3, author: "Dana", at: new Date(t.clock.time).toISOString() });
    expect(repo.history(a.id)).toEqual([
      expect.objectContaining({ id: 1, from: "bot", text: "Hi" }),
      { id: 2, from: "bot", text: "Pick one", options: [{ key: "1", label: "Yes", choice: "m:t1:0" }], at: expect.any(String) },
      expect.objectContaining({ id: 3, from: "agent" }),
    ]);
    repo.append(a.id, Array.from({ length: HISTORY_LIMIT }, (_, index) => ({ from: "bot" as const, text: `line ${index}` })));
    const replay = repo.history(a.id);
    expect(replay).toHaveLength(HISTORY_LIMIT);
    expect(replay[0]?.id).toBe(4);
    expect(replay.at(-1)?.id).toBe(HISTORY_LIMIT + 3);
  });

  it("refuses lines for an unknown visitor and leaves nothing behind", () => {
    expect(() => repo.append("nobody", [{ from: "bot", text: "Hi" }])).toThrow(/no web chat visitor/);
    expect(t.store.database.sqlite.prepare("SELECT count(*) FROM webchat_messages").pluck().get()).toBe(0);
  });

  it("goes with its channel: deleting the channel deletes its visitors and their history", async () => {
    const { visitor } = repo.createVisitor("site");
    repo.append(visitor.id, [{ from: "bot", text: "Hi" }]);
    expect(await t.store.channels.deleteChannel("site")).toBe(true);
    expect(repo.isVisitor("site", visitor.id)).toBe(false);
    expect(t.store.database.sqlite.prepare("SELECT count(*) FROM webchat_messages").pluck().get()).toBe(0);
  });
});
