import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIALECT } from "#store-dialect";
import { secretToken } from "../../store/secret-token";
import { sampleFlow } from "../../store/test-support/sample-flow";
import { openTestRepos, type TestRepos } from "../../store/test-support/test-repos";
import { HISTORY_LIMIT, WebchatRepo } from "./webchat-repo";

let t: TestRepos;
let repo: WebchatRepo;
const channel = (id: string) => t.store.channels.createChannel({ id, type: "webchat", name: id, flowId: "support", credentials: "v1.sealed", settings: { allowedOrigins: ["https://shop.example"] }, enabled: true, status: "setup" });

beforeEach(async () => {
  t = await openTestRepos("webchat");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await channel("site");
  await channel("other-site");
  repo = new WebchatRepo(t.db, t.clock.now);
});
afterEach(() => t.dispose());

describe("WebchatRepo", () => {
  it("hands out a token once and keeps only its sha256; the token finds its visitor on its own channel only", async () => {
    const { visitor, token } = await repo.createVisitor("site");
    expect(token).toMatch(/^wc_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.rows(sql`SELECT token_hash FROM webchat_visitors WHERE id = ${visitor.id}`);
    expect(stored?.token_hash).toBe(secretToken.hash(token));
    expect(JSON.stringify(await t.rows(sql`SELECT * FROM webchat_visitors`))).not.toContain(token);
    expect(await repo.findVisitor("site", token)).toEqual(visitor);
    expect(await repo.findVisitor("other-site", token)).toBeUndefined();
    expect(await repo.findVisitor("site", `${token.slice(0, -1)}x`)).toBeUndefined();
    expect(await repo.isVisitor("site", visitor.id)).toBe(true);
    expect(await repo.isVisitor("other-site", visitor.id)).toBe(false);
  });

  it("numbers lines 1..n per visitor across appends, and replays the latest ones oldest first", async () => {
    const a = (await repo.createVisitor("site")).visitor;
    const b = (await repo.createVisitor("site")).visitor;
    const first = await repo.append(a.id, [
      { from: "bot", text: "Hi" },
      { from: "bot", text: "Pick one", options: [{ key: "1", label: "Yes", choice: "m:t1:0" }] },
    ]);
    expect(first.map((line) => line.id)).toEqual([1, 2]);
    expect((await repo.append(b.id, [{ from: "visitor", text: "hello", clientId: "c1" }]))[0]).toMatchObject({ id: 1, clientId: "c1" });
    t.clock.advance(1000);
    expect((await repo.append(a.id, [{ from: "agent", text: "Dana here", author: "Dana" }]))[0]).toMatchObject({ id: 3, author: "Dana", at: new Date(t.clock.time).toISOString() });
    expect(await repo.history(a.id)).toEqual([
      expect.objectContaining({ id: 1, from: "bot", text: "Hi" }),
      { id: 2, from: "bot", text: "Pick one", options: [{ key: "1", label: "Yes", choice: "m:t1:0" }], at: expect.any(String) },
      expect.objectContaining({ id: 3, from: "agent" }),
    ]);
    await repo.append(a.id, Array.from({ length: HISTORY_LIMIT }, (_, index) => ({ from: "bot" as const, text: `line ${index}` })));
    const replay = await repo.history(a.id);
    expect(replay).toHaveLength(HISTORY_LIMIT);
    expect(replay[0]?.id).toBe(4);
    expect(replay.at(-1)?.id).toBe(HISTORY_LIMIT + 3);
  });

  it("appends to one visitor from two instances at once: lines numbered 1..n, none lost or doubled", async () => {
    const { visitor } = await repo.createVisitor("site");
    // SQLite is one process's file: the appends race on its one connection. (A second connection in
    // the same process would wait synchronously, in busy_timeout, for a transaction this thread holds.)
    const other = DIALECT === "postgresql" ? await t.another() : undefined;
    try {
      const elsewhere = other === undefined ? repo : new WebchatRepo(other.db, t.clock.now);
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? repo : elsewhere).append(visitor.id, [{ from: "bot", text: `a${n}` }, { from: "bot", text: `b${n}` }])),
      );
      const ids = appended.flat().map((line) => line.id);
      expect(ids.toSorted((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
      for (const pair of appended) expect(pair[1]!.id).toBe(pair[0]!.id + 1);
      expect((await repo.history(visitor.id)).map((line) => line.id)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    } finally {
      await other?.close();
    }
  });

  it("refuses lines for an unknown visitor and leaves nothing behind", async () => {
    await expect(repo.append("nobody", [{ from: "bot", text: "Hi" }])).rejects.toThrow(/no web chat visitor/);
    expect(await repo.countMessages()).toBe(0);
  });

  it("goes with its channel: deleting the channel deletes its visitors and their history", async () => {
    const { visitor } = await repo.createVisitor("site");
    await repo.append(visitor.id, [{ from: "bot", text: "Hi" }]);
    expect(await repo.countMessages(visitor.id)).toBe(1);
    expect(await t.store.channels.deleteChannel("site")).toBe(true);
    expect(await repo.isVisitor("site", visitor.id)).toBe(false);
    expect(await repo.countMessages()).toBe(0);
  });
});
