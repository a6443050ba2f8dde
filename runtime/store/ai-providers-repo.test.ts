import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AiProviderValues } from "./ai-providers-repo";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("ai");
});
afterEach(() => t.dispose());

const ollama: AiProviderValues = { name: "ollama", kind: "openai", baseUrl: "http://ollama.internal:11434/v1", apiKey: null, defaultModel: "llama3.1", fallbackModel: null, apiVersion: null, timeoutSeconds: 30, assist: false };
const azure: AiProviderValues = { name: "azure", kind: "azure", baseUrl: "https://acme.openai.azure.com", apiKey: "v1.sealed", defaultModel: "gpt-4o", fallbackModel: "gpt-4o-mini", apiVersion: "2024-10-21", timeoutSeconds: 20, assist: false };

describe("AiProvidersRepo", () => {
  it("creates rows with unique names, lists them by name, finds them by id and name", async () => {
    const created = t.clock.time;
    const first = await t.store.aiProviders.create(ollama, "p-ollama");
    expect(first).toEqual({ id: "p-ollama", ...ollama, createdAt: created, updatedAt: created });
    await t.store.aiProviders.create(azure, "p-azure");
    expect(await t.store.aiProviders.create({ ...azure, defaultModel: "other" }, "p-again")).toBeUndefined();
    expect((await t.store.aiProviders.list()).map((row) => row.name)).toEqual(["azure", "ollama"]);
    expect(await t.store.aiProviders.get("p-azure")).toMatchObject({ defaultModel: "gpt-4o", apiVersion: "2024-10-21" });
    expect(await t.store.aiProviders.byName("ollama")).toMatchObject({ id: "p-ollama" });
    expect(await t.store.aiProviders.get("p-again")).toBeUndefined();
  });

  it("replaces a row's values keeping when it was created; deletes once", async () => {
    const created = t.clock.time;
    await t.store.aiProviders.create(ollama, "p-ollama");
    t.clock.advance(5_000);
    const changed = { ...ollama, defaultModel: "qwen2.5", timeoutSeconds: 60 };
    expect(await t.store.aiProviders.update("p-ollama", changed)).toEqual({ id: "p-ollama", ...changed, createdAt: created, updatedAt: t.clock.time });
    expect(await t.store.aiProviders.update("missing", changed)).toBeUndefined();
    expect(await t.store.aiProviders.delete("p-ollama")).toBe(true);
    expect(await t.store.aiProviders.delete("p-ollama")).toBe(false);
    expect(await t.store.aiProviders.list()).toEqual([]);
  });

  it("refuses a kind the schema does not know and keeps nothing", async () => {
    const unknownKind = { ...ollama };
    Object.assign(unknownKind, { kind: "anthropic" }); // as a caller that skipped the API's check would
    await expect(t.store.aiProviders.create(unknownKind, "p-bad")).rejects.toThrow();
    expect(await t.store.aiProviders.list()).toEqual([]);
  });

  it("keeps at most one assist provider: choosing another (created or updated) unsets the one before", async () => {
    expect(await t.store.aiProviders.assist()).toBeUndefined();
    await t.store.aiProviders.create({ ...ollama, assist: true }, "p-1");
    expect((await t.store.aiProviders.assist())?.id).toBe("p-1");
    await t.store.aiProviders.create({ ...azure, assist: true }, "p-2");
    expect((await t.store.aiProviders.assist())?.id).toBe("p-2");
    expect((await t.store.aiProviders.get("p-1"))?.assist).toBe(false);
    await t.store.aiProviders.update("p-1", { ...ollama, assist: true });
    expect((await t.store.aiProviders.list()).map((row) => [row.id, row.assist])).toEqual([
      ["p-2", false],
      ["p-1", true],
    ]);
    // The database holds the rule too: a second assist row written around the repository is refused.
    const refused: unknown = await t.rows(sql`update ai_providers set assist = true where id = 'p-2' returning id`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused instanceof Error ? `${refused.message} ${String(refused.cause)}` : "not refused").toMatch(/unique|duplicate key/i);
  });
});
