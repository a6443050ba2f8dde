import { expect, it } from "vitest";
import type { Bus, BusDelivery } from "../bus";
import { MAX_BUS_ENVELOPE_BYTES } from "../bus-envelope";
import { BusMessageTooLarge, BusTopicInvalid } from "../bus-errors";

/** What a subscription received, and a way to wait for more. */
export function collect(): { deliveries: BusDelivery[]; handler: (delivery: BusDelivery) => void; waitFor(count: number, timeoutMs?: number): Promise<BusDelivery[]> } {
  const deliveries: BusDelivery[] = [];
  let wake: (() => void) | undefined;
  return {
    deliveries,
    handler(delivery) {
      deliveries.push(delivery);
      wake?.();
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (deliveries.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${count} deliveries, got ${deliveries.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return deliveries;
    },
  };
}

/**
 * The behaviour every cross-instance bus shares, run against a real engine: `open(instanceId)` gives
 * a new bus instance on the same engine (the caller closes them in `afterEach` through `opened`).
 */
export function busConformance(open: (instanceId: string) => Promise<Bus>): void {
  it("two instances see each other's messages, each publisher's in order per topic, their own included", async () => {
    const a = await open("instance-a");
    const b = await open("instance-b");
    const atA = collect();
    const atB = collect();
    const otherTopicAtB = collect();
    await a.subscribe("rooms", atA.handler);
    await b.subscribe("rooms", atB.handler);
    await b.subscribe("presence", otherTopicAtB.handler);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      sends.push(a.publish("rooms", { kind: "conversation.updated", conversationId: `a-${i}`, i }));
      sends.push(b.publish("rooms", { kind: "offer.created", conversationId: `b-${i}`, i }));
    }
    await Promise.all(sends);
    for (const at of [atA, atB]) {
      await at.waitFor(80);
      const fromA = at.deliveries.filter((d) => d.from === "instance-a").map((d) => d.message.i);
      const fromB = at.deliveries.filter((d) => d.from === "instance-b").map((d) => d.message.i);
      const inOrder = Array.from({ length: 40 }, (_, i) => i);
      expect(fromA).toEqual(inOrder);
      expect(fromB).toEqual(inOrder);
    }
    expect(atA.deliveries.find((d) => d.from === "instance-a")).toMatchObject({ own: true, topic: "rooms", message: { kind: "conversation.updated", conversationId: "a-0" } });
    expect(atA.deliveries.find((d) => d.from === "instance-b")).toMatchObject({ own: false, message: { kind: "offer.created", conversationId: "b-0" } });
    for (const d of atB.deliveries) {
      expect(d.lagMs).toBeGreaterThanOrEqual(0);
      expect(d.sentAt).toBeLessThanOrEqual(Date.now());
    }
    expect(otherTopicAtB.deliveries).toEqual([]);
    expect(b.lagSeconds()).toBeGreaterThanOrEqual(0);
  });

  it("after unsubscribe a handler gets nothing more; the instance's other handlers on the topic still do", async () => {
    const a = await open("instance-a");
    const b = await open("instance-b");
    const kept = collect();
    const dropped = collect();
    await b.subscribe("offers", kept.handler);
    const unsubscribe = await b.subscribe("offers", dropped.handler);
    await a.publish("offers", { n: 1 });
    await kept.waitFor(1);
    await dropped.waitFor(1);
    await unsubscribe();
    await a.publish("offers", { n: 2 });
    await a.publish("offers", { n: 3 });
    await kept.waitFor(3);
    expect(kept.deliveries.map((d) => d.message.n)).toEqual([1, 2, 3]);
    expect(dropped.deliveries.map((d) => d.message.n)).toEqual([1]);
  });

  it("refuses a message over the size cap, or a bad topic, with a clear error, and sends nothing", async () => {
    const a = await open("instance-a");
    const b = await open("instance-b");
    const atB = collect();
    await b.subscribe("conversations", atB.handler);
    const huge = { kind: "conversation.message", body: "x".repeat(MAX_BUS_ENVELOPE_BYTES) };
    const refused = a.publish("conversations", huge);
    await expect(refused).rejects.toBeInstanceOf(BusMessageTooLarge);
    await expect(refused).rejects.toThrow(/bus message on topic "conversations" is \d+ bytes of JSON; the limit is 2000/);
    await expect(a.publish("Rooms With Spaces", { n: 1 })).rejects.toBeInstanceOf(BusTopicInvalid);
    await a.publish("conversations", { kind: "after", conversationId: "c1" });
    await atB.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(atB.deliveries.map((d) => d.message.kind)).toEqual(["after"]);
  });

  it("health(): reachable, with the lag of the last delivery", async () => {
    const a = await open("instance-a");
    const health = await a.health();
    expect(health).toMatchObject({ reachable: true, kind: a.kind });
    expect(health.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(health.error).toBeUndefined();
  });
}
