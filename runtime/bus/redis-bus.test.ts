import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Bus, BusGap } from "./bus";
import { BusUnavailable } from "./bus-errors";
import { RedisBus } from "./redis-bus";
import { busConformance, collect } from "./test-support/bus-conformance";
import { type RedisServer, redisTestsEnabled, startRedisServer } from "./test-support/redis-server";

describe.skipIf(!redisTestsEnabled())("the Redis pub/sub bus (a real redis-server)", () => {
  let redis: RedisServer;
  const opened: Bus[] = [];
  const open = async (instanceId: string, timeoutMs = 1000) => {
    const bus = await RedisBus.open({ url: redis.url, instanceId, timeoutMs });
    opened.push(bus);
    return bus;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  busConformance((instanceId) => open(instanceId));

  it("survives a restart of redis-server: subscribers are told of the gap, then messages flow again", async () => {
    const a = await open("instance-a");
    const b = await open("instance-b");
    const atA = collect();
    const gaps: BusGap[] = [];
    await a.subscribe("rooms", atA.handler, { onGap: (gap) => gaps.push(gap) });
    await b.publish("rooms", { n: 1 });
    await atA.waitFor(1);

    await redis.restart();
    const deadline = Date.now() + 10_000;
    while (gaps.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(gaps).toEqual([{ topic: "rooms", reconnectedAt: expect.any(Number), lastDeliveryAt: expect.any(Number) }]);
    // The publisher reconnects on its own schedule: retry until it is back.
    for (;;) {
      try {
        await b.publish("rooms", { n: 2 });
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(BusUnavailable);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await atA.waitFor(2);
    expect(atA.deliveries.map((d) => d.message.n)).toEqual([1, 2]);
    expect((await a.health()).reachable).toBe(true);
  });

  it("with redis-server down, health() says so and publish rejects with a clear error, both within the timeout", async () => {
    const a = await open("instance-a", 1000);
    expect((await a.health()).reachable).toBe(true);
    await redis.kill();
    try {
      let started = Date.now();
      const health = await a.health();
      const healthMs = Date.now() - started;
      expect(health).toMatchObject({ kind: "redis", reachable: false, error: expect.any(String) });
      started = Date.now();
      const published = a.publish("rooms", { n: 1 });
      await expect(published).rejects.toBeInstanceOf(BusUnavailable);
      await expect(published).rejects.toThrow(/the redis bus is unavailable/);
      const publishMs = Date.now() - started;
      expect(healthMs).toBeLessThan(2500);
      expect(publishMs).toBeLessThan(2500);
    } finally {
      await redis.restart();
    }
  });

  it("with redis-server hung (connections open, no answers), publish and health() give up after the timeout instead of hanging", async () => {
    const a = await open("instance-a", 800);
    expect((await a.health()).reachable).toBe(true);
    redis.pause();
    try {
      let started = Date.now();
      await expect(a.publish("rooms", { n: 1 })).rejects.toThrow(/the redis bus is unavailable: PUBLISH on "rooms" got no answer within 800 ms/);
      const publishMs = Date.now() - started;
      started = Date.now();
      expect(await a.health()).toMatchObject({ reachable: false, error: expect.stringMatching(/within 800 ms/) });
      const healthMs = Date.now() - started;
      expect(publishMs).toBeGreaterThanOrEqual(700);
      expect(publishMs).toBeLessThan(2000);
      expect(healthMs).toBeLessThan(2000);
    } finally {
      redis.resume();
    }
  });

  it("open() rejects with BusUnavailable when nothing listens at REDIS_URL", async () => {
    const started = Date.now();
    await expect(RedisBus.open({ url: "redis://127.0.0.1:1", instanceId: "nowhere", timeoutMs: 500 })).rejects.toBeInstanceOf(BusUnavailable);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
