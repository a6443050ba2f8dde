import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FlowDocument } from "../../flow-schema/document";
import { contentHash } from "./content-hash";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("flows");
});
afterEach(() => t.dispose());

/** The same document with its keys written in reverse order, at every depth. */
function reversedKeys<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "object" && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).reverse()) : inner)));
}

function expectOk<T, E>(result: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("FlowsRepo", () => {
  it("publishes the document a pin function makes of the draft, keeping the draft and the draft's hash", async () => {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    const pinned = (draft: FlowDocument): FlowDocument => ({ ...draft, description: "pinned" });
    const info = expectOk(await t.store.flows.publish("support", { author: "u1", pin: pinned }));
    const version = await t.store.flows.getVersion("support", info.number);
    expect(version?.document).toEqual(pinned(sampleFlow("support")));
    expect(version?.contentHash).toBe(contentHash(sampleFlow("support")));
    const flow = await t.store.flows.getFlow("support");
    expect(flow?.draft).toEqual(sampleFlow("support"));
    expect(flow?.status).toBe("published");
  });

  it("creates a flow at revision 1, unpublished, and refuses a duplicate id", async () => {
    const created = expectOk(await t.store.flows.createFlow(sampleFlow("support"), "u1"));
    expect(created).toMatchObject({ id: "support", name: "Flow support", revision: 1, publishedVersion: null, status: "unpublished" });

    const again = await t.store.flows.createFlow(sampleFlow("support"), "u2");
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatchObject({ code: "flow_exists", status: 409, flowId: "support" });

    expect((await t.store.flows.getFlow("support"))?.draft).toEqual(sampleFlow("support"));
  });

  it("saves against the base revision and reports a stale save with the current revision", async () => {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    expect(await t.store.flows.saveDraft("support", sampleFlow("support", "Hi"), 1, "u1")).toEqual({ ok: true, value: { revision: 2 } });

    const stale = await t.store.flows.saveDraft("support", sampleFlow("support", "Hello"), 1, "u2");
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatchObject({ code: "revision_conflict", status: 409, baseRevision: 1, currentRevision: 2 });

    const flow = await t.store.flows.getFlow("support");
    expect(flow?.revision).toBe(2);
    expect(flow?.draft.nodes[0]?.data).toMatchObject({ prompt: { text: "Hi" } });
  });

  it("refuses a save to a missing flow, or of a document with another id", async () => {
    const missing = await t.store.flows.saveDraft("nope", sampleFlow("nope"), 1);
    expect(!missing.ok && missing.error.code).toBe("flow_not_found");
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    const mismatch = await t.store.flows.saveDraft("support", sampleFlow("other"), 1);
    expect(!mismatch.ok && mismatch.error.code).toBe("flow_id_mismatch");
  });

  it("numbers published versions 1, 2, 3 and keeps each one's content", async () => {
    await t.store.flows.createFlow(sampleFlow("support", "one"), "u1");
    const v1 = expectOk(await t.store.flows.publish("support", { note: "first", author: "u1" }));
    await t.store.flows.saveDraft("support", sampleFlow("support", "two"), 1);
    const v2 = expectOk(await t.store.flows.publish("support", { author: "key:ci" }));
    await t.store.flows.saveDraft("support", sampleFlow("support", "three"), 2);
    const v3 = expectOk(await t.store.flows.publish("support", { author: "u1", baseRevision: 3 }));
    expect([v1.number, v2.number, v3.number]).toEqual([1, 2, 3]);
    expect(v1).toMatchObject({ note: "first", author: "u1", live: true, contentHash: contentHash(sampleFlow("support", "one")) });

    const versions = await t.store.flows.listVersions("support");
    expect(versions?.map((v) => [v.number, v.live])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect((await t.store.flows.getVersion("support", 1))?.document).toEqual(sampleFlow("support", "one"));
    expect((await t.store.flows.getVersion("support", 2))?.document).toEqual(sampleFlow("support", "two"));
    expect((await t.store.flows.getPublished("support"))?.number).toBe(3);
    expect(await t.store.flows.getVersion("support", 4)).toBeUndefined();
  });

  it("refuses to publish a draft that moved past the publisher's base revision", async () => {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    await t.store.flows.saveDraft("support", sampleFlow("support", "changed"), 1);
    const result = await t.store.flows.publish("support", { author: "u1", baseRevision: 1 });
    expect(!result.ok && result.error).toMatchObject({ code: "revision_conflict", currentRevision: 2 });
    expect(await t.store.flows.listVersions("support")).toEqual([]);
  });

  it("never changes a published version when the draft is saved again", async () => {
    await t.store.flows.createFlow(sampleFlow("support", "one"), "u1");
    expectOk(await t.store.flows.publish("support", { author: "u1" }));
    const before = await t.store.flows.getVersion("support", 1);
    await t.store.flows.saveDraft("support", sampleFlow("support", "two"), 1);
    t.clock.advance(1000);
    expect(await t.store.flows.getVersion("support", 1)).toEqual(before);
  });

  it("shows whether the draft differs from the published version", async () => {
    await t.store.flows.createFlow(sampleFlow("a"), "u1");
    await t.store.flows.createFlow(sampleFlow("b"), "u1");
    await t.store.flows.createFlow(sampleFlow("c"), "u1");
    await t.store.flows.publish("b", { author: "u1" });
    await t.store.flows.publish("c", { author: "u1" });
    await t.store.flows.saveDraft("c", sampleFlow("c", "edited"), 1);
    // The same content written with another key order is not a change.
    await t.store.flows.saveDraft("b", reversedKeys(sampleFlow("b")), 1);

    const list = await t.store.flows.listFlows();
    expect(list.map((f) => [f.id, f.status])).toEqual([
      ["a", "unpublished"],
      ["b", "published"],
      ["c", "changed"],
    ]);
    expect((await t.store.flows.getFlow("c"))?.status).toBe("changed");
  });

  it("gives the same content hash whatever the key order", async () => {
    const doc = sampleFlow("support");
    const reordered: FlowDocument = reversedKeys(doc);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(doc));
    await t.store.flows.createFlow(doc, "u1");
    const v1 = expectOk(await t.store.flows.publish("support", { author: "u1" }));
    await t.store.flows.saveDraft("support", reordered, 1);
    const v2 = expectOk(await t.store.flows.publish("support", { author: "u1" }));
    expect(v2.contentHash).toBe(v1.contentHash);
  });

  it("rolls back by publishing the old document as a new version, and makes it the draft", async () => {
    await t.store.flows.createFlow(sampleFlow("support", "one"), "u1");
    await t.store.flows.publish("support", { author: "u1" });
    await t.store.flows.saveDraft("support", sampleFlow("support", "two"), 1);
    await t.store.flows.publish("support", { author: "u1" });

    const rolled = expectOk(await t.store.flows.rollback("support", 1, "u2"));
    expect(rolled.version).toMatchObject({ number: 3, note: "rollback to v1", author: "u2", live: true });
    expect(rolled.revision).toBe(3);

    const v1 = await t.store.flows.getVersion("support", 1);
    const v3 = await t.store.flows.getVersion("support", 3);
    expect(v3?.document).toEqual(v1?.document);
    expect(v3?.contentHash).toBe(v1?.contentHash);
    expect((await t.store.flows.getPublished("support"))?.number).toBe(3);
    const flow = await t.store.flows.getFlow("support");
    expect(flow).toMatchObject({ revision: 3, publishedVersion: 3, status: "published" });
    expect(flow?.draft).toEqual(sampleFlow("support", "one"));

    const missing = await t.store.flows.rollback("support", 9, "u2");
    expect(!missing.ok && missing.error).toMatchObject({ code: "version_not_found", version: 9 });
  });

  it("soft-deletes: the flow disappears, its versions stay readable, the id can be used again", async () => {
    await t.store.flows.createFlow(sampleFlow("support", "one"), "u1");
    await t.store.flows.publish("support", { author: "u1" });
    expectOk(await t.store.flows.deleteFlow("support"));

    expect(await t.store.flows.getFlow("support")).toBeUndefined();
    expect(await t.store.flows.getPublished("support")).toBeUndefined();
    expect(await t.store.flows.listFlows()).toEqual([]);
    expect((await t.store.flows.getVersion("support", 1))?.document).toEqual(sampleFlow("support", "one"));
    const again = await t.store.flows.deleteFlow("support");
    expect(!again.ok && again.error.code).toBe("flow_not_found");

    const revived = expectOk(await t.store.flows.createFlow(sampleFlow("support", "new"), "u2"));
    expect(revived).toMatchObject({ revision: 2, publishedVersion: null, status: "unpublished" });
    const next = expectOk(await t.store.flows.publish("support", { author: "u2" }));
    expect(next.number).toBe(2);
  });

  it("lets one of ten parallel saves on the same revision win, and numbers ten parallel publishes 1..10", async () => {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    const saves = await Promise.all(Array.from({ length: 10 }, (_, i) => t.store.flows.saveDraft("support", sampleFlow("support", `take ${i}`), 1, `u${i}`)));
    const won = saves.flatMap((result, i) => (result.ok ? [i] : []));
    expect(won).toHaveLength(1);
    for (const result of saves) if (!result.ok) expect(result.error).toMatchObject({ code: "revision_conflict", currentRevision: 2 });
    expect((await t.store.flows.getFlow("support"))?.draft.nodes[0]?.data).toMatchObject({ prompt: { text: `take ${won[0]}` } });

    const published = await Promise.all(Array.from({ length: 10 }, () => t.store.flows.publish("support", { author: "u1" })));
    expect(published.map((result) => expectOk(result).number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await t.store.flows.getFlow("support"))?.publishedVersion).toBe(10);
    expect((await t.store.flows.listVersions("support"))?.map((version) => version.number)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("keeps everything across close and reopen", async () => {
    await t.store.flows.createFlow(sampleFlow("support", "one"), "u1");
    await t.store.flows.publish("support", { author: "u1", note: "go live" });
    await t.store.flows.saveDraft("support", sampleFlow("support", "two"), 1);

    const store = await t.reopen();
    expect(await store.flows.getFlow("support")).toMatchObject({ revision: 2, publishedVersion: 1, status: "changed" });
    expect((await store.flows.getPublished("support"))?.note).toBe("go live");
  });
});
