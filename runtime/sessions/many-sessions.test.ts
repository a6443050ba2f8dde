import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RuntimeFixture } from "./test-support/runtime-fixture";

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open();
});
afterEach(() => rt.dispose());

function countWhere(sql: string): unknown {
  return rt.store.database.sqlite.prepare(sql).pluck().get();
}

describe("many waiting sessions", () => {
  it("keeps nothing per session in memory: 2,000 calls wait in the store, then their timers fire", async () => {
    const total = 2_000;
    for (let batch = 0; batch < total; batch += 200) {
      await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          rt.runner.start({ flowId: "support-line", source: "published", channel: { kind: "voice", type: "twilio_voice" }, contact: `+1555${batch + index}` }),
        ),
      );
    }
    expect(rt.runner.activeSessions).toBe(0);
    expect(countWhere("select count(*) from sessions where status = 'waiting'")).toBe(total);
    expect(countWhere("select count(*) from timers where fired_at is null and kind = 'input_timeout'")).toBe(total);

    rt.advance(8_000);
    expect(await rt.worker.runDue()).toBe(total);
    expect(rt.runner.activeSessions).toBe(0);
    expect(countWhere("select count(*) from session_steps where outcome = 'no_input'")).toBe(total);
    expect(countWhere("select count(*) from timers where fired_at is null")).toBe(total);
  }, 60_000);
});
