import { describe, expect, it } from "vitest";
import { MAX_BUS_ENVELOPE_BYTES } from "./bus-envelope";
import { BusMessageTooLarge, BusTopicInvalid } from "./bus-errors";
import { InProcessBus } from "./in-process-bus";
import { collect } from "./test-support/bus-conformance";

describe("the in-process bus (one instance)", () => {
  it("delivers its own messages in order, after publish returns, never during it", async () => {
    const bus = new InProcessBus("solo");
    const seen = collect();
    const other = collect();
    await bus.subscribe("rooms", seen.handler);
    await bus.subscribe("presence", other.handler);
    const publishing = [bus.publish("rooms", { n: 1 }), bus.publish("rooms", { n: 2 }), bus.publish("rooms", { n: 3 })];
    expect(seen.deliveries).toEqual([]);
    await Promise.all(publishing);
    await seen.waitFor(3);
    expect(seen.deliveries.map((d) => d.message.n)).toEqual([1, 2, 3]);
    expect(seen.deliveries[0]).toMatchObject({ own: true, from: "solo", topic: "rooms" });
    expect(other.deliveries).toEqual([]);
    expect(await bus.health()).toEqual({ kind: "in-process", reachable: true, lagSeconds: expect.any(Number) });
  });

  it("unsubscribe stops one handler; a throwing handler does not stop the others", async () => {
    const errors: unknown[] = [];
    const bus = new InProcessBus("solo", (error) => errors.push(error));
    const kept = collect();
    const dropped = collect();
    await bus.subscribe("offers", () => {
      throw new Error("boom");
    });
    await bus.subscribe("offers", kept.handler);
    const unsubscribe = await bus.subscribe("offers", dropped.handler);
    await bus.publish("offers", { n: 1 });
    await dropped.waitFor(1);
    await unsubscribe();
    await bus.publish("offers", { n: 2 });
    await kept.waitFor(2);
    expect(dropped.deliveries.map((d) => d.message.n)).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it("refuses what an engine bus would refuse: oversize messages and bad topics", async () => {
    const bus = new InProcessBus("solo");
    const seen = collect();
    await bus.subscribe("rooms", seen.handler);
    await expect(bus.publish("rooms", { body: "é".repeat(MAX_BUS_ENVELOPE_BYTES / 2) })).rejects.toBeInstanceOf(BusMessageTooLarge);
    await expect(bus.publish("", { n: 1 })).rejects.toBeInstanceOf(BusTopicInvalid);
    await expect(bus.subscribe("x".repeat(41), seen.handler)).rejects.toBeInstanceOf(BusTopicInvalid);
    await bus.publish("rooms", { n: 1 });
    await seen.waitFor(1);
    expect(seen.deliveries).toHaveLength(1);
  });
});
