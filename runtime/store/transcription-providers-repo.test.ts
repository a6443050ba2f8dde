import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TranscriptionProviderValues } from "./transcription-providers-repo";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("transcription");
});
afterEach(() => t.dispose());

const values: TranscriptionProviderValues = { baseUrl: "http://whisper.internal:8080/v1", apiKey: "v1.sealed", model: "whisper-1", language: null, timeoutSeconds: 15 };

describe("TranscriptionProvidersRepo", () => {
  it("writes the one row, replaces its values keeping when it was created, and deletes it", async () => {
    expect(await t.store.transcriptionProviders.get()).toBeUndefined();
    const created = t.clock.time;
    expect(await t.store.transcriptionProviders.put(values)).toEqual({ id: "default", ...values, createdAt: created, updatedAt: created });
    t.clock.advance(5_000);
    const changed = { ...values, apiKey: null, language: "fr", timeoutSeconds: 30 };
    expect(await t.store.transcriptionProviders.put(changed)).toEqual({ id: "default", ...changed, createdAt: created, updatedAt: t.clock.time });
    expect(await t.store.transcriptionProviders.get("default")).toEqual({ id: "default", ...changed, createdAt: created, updatedAt: t.clock.time });
    expect(await t.store.transcriptionProviders.delete()).toBe(true);
    expect(await t.store.transcriptionProviders.delete()).toBe(false);
    expect(await t.store.transcriptionProviders.get()).toBeUndefined();
  });

  it("refuses a timeout that is not positive and keeps the row as it was", async () => {
    await t.store.transcriptionProviders.put(values);
    await expect(t.store.transcriptionProviders.put({ ...values, timeoutSeconds: 0 })).rejects.toThrow();
    expect(await t.store.transcriptionProviders.get()).toMatchObject({ timeoutSeconds: 15 });
  });
});
