import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, redisTestsEnabled, startRedisServer } from "../bus/test-support/redis-server";
import { startTestServer } from "../test-support/test-server";
import { parseExposition, type Sample } from "./test-support/exposition";

const TOKEN = "metrics-token-0123456789";

const sample = (samples: readonly Sample[], name: string) => samples.find((s) => s.name === name)?.value;

describe.skipIf(!redisTestsEnabled())("/health and /metrics with the Redis bus (REDIS_URL, a real redis-server)", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("report the bus reachable with its lag, then unreachable (503, bus_up 0) within the bus timeout once Redis is down", async () => {
    const server = await startTestServer({ REDIS_URL: redis.url, METRICS_TOKEN: TOKEN, INSTANCE_ID: "bus-health-a" });
    const scrape = async () => parseExposition(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text());
    try {
      const up = await fetch(`${server.url}/health`);
      expect(up.status).toBe(200);
      expect(await up.json()).toMatchObject({ ok: true, instance: "bus-health-a", database: { ok: true }, bus: { ok: true, kind: "redis", lagSeconds: expect.any(Number) } });
      const upSamples = await scrape();
      expect(sample(upSamples, "switchboard_bus_up")).toBe(1);
      expect(sample(upSamples, "switchboard_bus_lag_seconds")).toBeGreaterThanOrEqual(0);

      await redis.kill();
      const started = Date.now();
      const down = await fetch(`${server.url}/health`);
      const healthMs = Date.now() - started;
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, database: { ok: true }, bus: { ok: false, kind: "redis", error: expect.any(String) } });
      expect(healthMs).toBeLessThan(4000); // the bus timeout is 3 s
      expect(sample(await scrape(), "switchboard_bus_up")).toBe(0);

      await redis.restart();
      await expect.poll(async () => (await fetch(`${server.url}/health`)).status, { timeout: 10_000, interval: 100 }).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("the server refuses to start when REDIS_URL names a Redis nobody answers at", async () => {
    await expect(startTestServer({ REDIS_URL: "redis://127.0.0.1:1" })).rejects.toThrow(/the redis bus is unavailable/);
  });
});
