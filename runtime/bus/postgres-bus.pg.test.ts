import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, postgresTestsEnabled, startPostgresCluster } from "../store/test-support/postgres-cluster";
import type { Bus, BusGap } from "./bus";
import { BusUnavailable } from "./bus-errors";
import { PostgresBus } from "./postgres-bus";
import { busConformance, collect } from "./test-support/bus-conformance";

describe.skipIf(!postgresTestsEnabled())("the PostgreSQL LISTEN/NOTIFY bus (a real server)", () => {
  let cluster: PostgresCluster;
  let url: string;
  const opened: Bus[] = [];
  const open = async (instanceId: string, timeoutMs = 1500) => {
    const bus = await PostgresBus.open({ url, instanceId, timeoutMs });
    opened.push(bus);
    return bus;
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase("bus");
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  busConformance((instanceId) => open(instanceId));

  it("keeps one dedicated listening connection per instance, whatever the number of topics", async () => {
    const a = await open("instance-a");
    for (const topic of ["rooms", "offers", "presence", "conversations"]) await a.subscribe(topic, () => {});
    expect((await a.health()).reachable).toBe(true); // the probe's NOTIFY opens the publishing connection
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin<{ query: string }[]>`select query from pg_stat_activity where application_name = 'switchboard-bus instance-a'`;
      expect(rows.filter((row) => /^listen /i.test(row.query))).toHaveLength(1);
      expect(rows).toHaveLength(2); // the listening connection and the publishing one
    } finally {
      await admin.end();
    }
  });

  it("survives the server terminating its listening connection: the gap is reported, then messages flow again", async () => {
    const a = await open("instance-a");
    const b = await open("instance-b");
    const atA = collect();
    const gaps: BusGap[] = [];
    await a.subscribe("rooms", atA.handler, { onGap: (gap) => gaps.push(gap) });
    await b.publish("rooms", { n: 1 });
    await atA.waitFor(1);

    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const terminated = await admin<{ pid: number }[]>`
        select pid from pg_stat_activity
        where application_name = 'switchboard-bus instance-a' and query ilike 'listen %' and pg_terminate_backend(pid)`;
      expect(terminated).toHaveLength(1);
    } finally {
      await admin.end();
    }
    const deadline = Date.now() + 10_000;
    while (gaps.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(gaps).toEqual([{ topic: "rooms", reconnectedAt: expect.any(Number), lastDeliveryAt: expect.any(Number) }]);
    await b.publish("rooms", { n: 2 });
    await atA.waitFor(2);
    expect(atA.deliveries.map((d) => d.message.n)).toEqual([1, 2]);
    expect((await a.health()).reachable).toBe(true);
  });

  it("survives a restart of the server: unreachable while it is down, one gap once it is back, then messages flow again", async () => {
    const own = await startPostgresCluster();
    try {
      const a = await PostgresBus.open({ url: own.url, instanceId: "instance-a", timeoutMs: 1000 });
      const b = await PostgresBus.open({ url: own.url, instanceId: "instance-b", timeoutMs: 1000 });
      opened.push(a, b);
      const atA = collect();
      const gaps: BusGap[] = [];
      await a.subscribe("rooms", atA.handler, { onGap: (gap) => gaps.push(gap) });
      await b.publish("rooms", { n: 1 });
      await atA.waitFor(1);

      await own.shutDown();
      expect(await a.health()).toMatchObject({ reachable: false, error: expect.stringMatching(/the postgres bus is unavailable/) });
      await expect(b.publish("rooms", { n: 0 })).rejects.toBeInstanceOf(BusUnavailable);
      await new Promise((resolve) => setTimeout(resolve, 2000)); // postgres.js retries the LISTEN meanwhile
      await own.startAgain();
      const back = Date.now();
      await expect.poll(async () => (await a.health()).reachable, { timeout: 5000, interval: 100 }).toBe(true);
      console.log(`postgres restarted: the bus reachable again after ${Date.now() - back} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(gaps).toEqual([{ topic: "rooms", reconnectedAt: expect.any(Number), lastDeliveryAt: expect.any(Number) }]);
      await expect.poll(() => b.publish("rooms", { n: 2 }).then(() => true, () => false), { timeout: 10_000, interval: 200 }).toBe(true);
      await atA.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(atA.deliveries.map((d) => d.message.n)).toEqual([1, 2]);
    } finally {
      await own.stop();
    }
  }, 30_000);

  it("with the server gone, health() says so and publish rejects with a clear error, both within the timeout", async () => {
    const own = await startPostgresCluster();
    try {
      const a = await PostgresBus.open({ url: own.url, instanceId: "instance-a", timeoutMs: 1000 });
      opened.push(a);
      expect((await a.health()).reachable).toBe(true);
      await own.stop();
      let started = Date.now();
      const health = await a.health();
      const healthMs = Date.now() - started;
      expect(health).toMatchObject({ kind: "postgres", reachable: false, error: expect.any(String) });
      started = Date.now();
      const published = a.publish("rooms", { n: 1 });
      await expect(published).rejects.toBeInstanceOf(BusUnavailable);
      await expect(published).rejects.toThrow(/the postgres bus is unavailable: NOTIFY on "rooms"/);
      const publishMs = Date.now() - started;
      console.log(`postgres down: health ${healthMs} ms, publish ${publishMs} ms`);
      expect(healthMs).toBeLessThan(2500);
      expect(publishMs).toBeLessThan(2500);
    } finally {
      await own.stop();
    }
  });

  it("with its backends hung (connections open, no answers), publish and health() give up after the timeout instead of hanging", async () => {
    const a = await open("instance-a", 800);
    expect((await a.health()).reachable).toBe(true);
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const pids = (await admin<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'switchboard-bus instance-a'`).map((row) => row.pid);
    expect(pids).toHaveLength(2);
    for (const pid of pids) process.kill(pid, "SIGSTOP");
    try {
      let started = Date.now();
      await expect(a.publish("rooms", { n: 1 })).rejects.toThrow(/the postgres bus is unavailable: NOTIFY on "rooms" got no answer within 800 ms/);
      const publishMs = Date.now() - started;
      started = Date.now();
      expect(await a.health()).toMatchObject({ reachable: false, error: expect.stringMatching(/within 800 ms/) });
      const healthMs = Date.now() - started;
      expect(publishMs).toBeGreaterThanOrEqual(700);
      expect(publishMs).toBeLessThan(2000);
      expect(healthMs).toBeLessThan(2000);
    } finally {
      for (const pid of pids) process.kill(pid, "SIGCONT");
      await admin.end();
    }
  });

  it("open() rejects with BusUnavailable when nothing listens at the URL", async () => {
    const started = Date.now();
    await expect(PostgresBus.open({ url: "postgres://postgres@127.0.0.1:1/postgres", instanceId: "nowhere", timeoutMs: 500 })).rejects.toBeInstanceOf(BusUnavailable);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
