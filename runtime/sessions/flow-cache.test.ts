import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "../store/test-support/test-store";
import { FlowCache, type FlowSource } from "./flow-cache";
import { exampleDocument } from "./test-support/example-documents";

let t: TestStore;
beforeEach(async () => {
  t = openTestStore("flow-cache");
  for (const id of ["support-line", "after-hours", "chat-escalation"]) await t.store.flows.createFlow(exampleDocument(id), "u1");
  await t.store.flows.publish("support-line", { author: "u1" });
  await t.store.flows.publish("after-hours", { author: "u1" });
});
afterEach(() => t.dispose());

describe("FlowCache", () => {
  it("loads the published version of every flow; loadFlow is synchronous", async () => {
    const cache = new FlowCache(t.store.flows);
    await cache.load();
    expect(cache.loadFlow("support-line")).toMatchObject({ flowId: "support-line", version: 1, document: { id: "support-line" } });
    expect(cache.loadFlow("after-hours")?.version).toBe(1);
    expect(cache.loadFlow("chat-escalation")).toBeUndefined();
  });

  it("follows publish, rollback and delete on refresh", async () => {
    const cache = new FlowCache(t.store.flows);
    await cache.load();
    await t.store.flows.publish("support-line", { author: "u1" });
    expect(cache.loadFlow("support-line")?.version).toBe(1);
    expect((await cache.refresh("support-line"))?.version).toBe(2);
    await t.store.flows.rollback("support-line", 1, "u1");
    await cache.refresh("support-line");
    expect(cache.loadFlow("support-line")?.version).toBe(3);
    await t.store.flows.deleteFlow("support-line");
    expect(await cache.refresh("support-line")).toBeUndefined();
    expect(cache.loadFlow("support-line")).toBeUndefined();
    // Sessions pinned to a version of a deleted flow still get it.
    expect((await cache.getVersion("support-line", 2))?.version).toBe(2);
  });

  it("keeps older versions in an LRU and reads the store only on a miss", async () => {
    await t.store.flows.publish("support-line", { author: "u1" });
    await t.store.flows.publish("after-hours", { author: "u1" });
    const reads: string[] = [];
    const source: FlowSource = {
      listFlows: () => t.store.flows.listFlows(),
      getPublished: (id) => t.store.flows.getPublished(id),
      getVersion: (id, n) => {
        reads.push(`${id}@${n}`);
        return t.store.flows.getVersion(id, n);
      },
    };
    const cache = new FlowCache(source, { versionCacheSize: 1 });
    await cache.load();
    reads.length = 0;
    expect((await cache.getVersion("support-line", 2))?.version).toBe(2); // the live one
    expect((await cache.getVersion("support-line", 1))?.version).toBe(1);
    expect((await cache.getVersion("support-line", 1))?.version).toBe(1);
    expect(reads).toEqual(["support-line@1"]);
    expect(await cache.getVersion("after-hours", 9)).toBeUndefined();
    await cache.getVersion("after-hours", 1); // evicts support-line@1 (capacity 1)
    await cache.getVersion("support-line", 1);
    expect(reads).toEqual(["support-line@1", "after-hours@9", "after-hours@1", "support-line@1"]);
  });

  it("lets the latest refresh win when two overlap", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const source: FlowSource = {
      listFlows: () => t.store.flows.listFlows(),
      getVersion: (id, n) => t.store.flows.getVersion(id, n),
      getPublished: async (id) => {
        calls += 1;
        const published = await t.store.flows.getPublished(id);
        if (calls === 1) await gate; // the first refresh is slow and reads the old version
        return published;
      },
    };
    const cache = new FlowCache(source);
    const slow = cache.refresh("support-line");
    await t.store.flows.publish("support-line", { author: "u1" });
    await cache.refresh("support-line");
    release();
    await slow;
    expect(cache.loadFlow("support-line")?.version).toBe(2);
  });
});
