import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RuntimeFixture } from "./test-support/runtime-fixture";

let rt: RuntimeFixture;
beforeEach(async () => {
  rt = await RuntimeFixture.open();
});
afterEach(() => rt.dispose());

async function until(condition: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

describe("TimerWorker polling", () => {
  it("fires due timers on its own once started, and stop() waits for it", async () => {
    const started = await rt.runner.start({ flowId: "support-line", source: "published", channel: { kind: "voice", type: "twilio_voice" } });
    rt.worker.start();
    await sleep(50);
    expect(await rt.path(started.sessionId)).toHaveLength(3);

    rt.advance(8_000);
    await until(async () => (await rt.path(started.sessionId)).includes("main_menu:no_input"));
    await rt.worker.stop();

    rt.advance(8_000);
    await sleep(300);
    expect((await rt.path(started.sessionId)).filter((step) => step === "main_menu:no_input")).toHaveLength(1);
  });

  it("stops promptly while sleeping", async () => {
    rt.worker.start();
    await sleep(20);
    const began = Date.now();
    await rt.worker.stop();
    expect(Date.now() - began).toBeLessThan(200);
  });
});
