import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../test-support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const range = () => `from=${day(-1)}&to=${day(2)}&tz=UTC`;

describe("GET /api/analytics", () => {
  it("answers from the rollups a simulated call wrote: sessions, the time series, the support line's paths", async () => {
    const started = await server.api("POST", "/api/simulations", { flowId: "support-line", source: "published", channel: "voice" });
    expect(started.status).toBe(201);
    const summary = await server.api("GET", `/api/analytics/summary?${range()}&flow=support-line`);
    expect(summary).toMatchObject({ status: 200, body: { sessions: { started: 1 }, answer: { serviceLevel: { seconds: 20 } } } });
    const series = await server.api("GET", `/api/analytics/timeseries?${range()}&interval=day`);
    expect(series.status).toBe(200);
    const points = z.object({ points: z.array(z.object({ sessions: z.number() })) }).parse(series.body).points;
    expect(points).toHaveLength(3);
    expect(points.reduce((sum, point) => sum + point.sessions, 0)).toBe(1);
    const paths = await server.api("GET", `/api/analytics/flows/support-line/paths?${range()}&version=all`);
    expect(paths.status).toBe(200);
    const handles = z.object({ handles: z.array(z.object({ nodeId: z.string(), handle: z.string(), count: z.number() })), neverTaken: z.array(z.unknown()) }).parse(paths.body);
    expect(handles.handles.some((handle) => handle.count === 1)).toBe(true);
    expect(handles.neverTaken.length).toBeGreaterThan(0);
    expect((await server.api("GET", `/api/analytics/agents?${range()}`)).status).toBe(200);
    const openapi = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) }).parse((await server.api("GET", "/api/openapi.json")).body);
    for (const path of ["/api/analytics/summary", "/api/analytics/timeseries", "/api/analytics/flows/{id}/paths", "/api/analytics/agents"]) expect(openapi.paths[path]?.get, path).toBeDefined();
  });

  it("refuses bad filters with 400 naming the field, unknown flows with 404, and agents with 403", async () => {
    expect((await server.api("GET", `/api/analytics/summary?from=${day(0)}&to=${day(1)}&tz=Nowhere/Special`)).body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("query.tz") } });
    expect((await server.api("GET", `/api/analytics/summary?to=${day(1)}`)).body).toMatchObject({ error: { message: expect.stringContaining("query.from") } });
    expect((await server.api("GET", `/api/analytics/summary?from=${day(0)}T10:05&to=${day(1)}`)).body).toMatchObject({ error: { message: expect.stringContaining("query.from") } });
    expect((await server.api("GET", `/api/analytics/timeseries?${range()}&interval=week`)).body).toMatchObject({ error: { message: expect.stringContaining("query.interval") } });
    expect((await server.api("GET", `/api/analytics/summary?${range()}&serviceLevelSeconds=0`)).body).toMatchObject({ error: { message: expect.stringContaining("query.serviceLevelSeconds") } });
    expect((await server.api("GET", `/api/analytics/flows/support-line/paths?${range()}&version=zero`)).body).toMatchObject({ error: { message: expect.stringContaining("query.version") } });
    expect((await server.api("GET", `/api/analytics/flows/no-such-flow/paths?${range()}`)).status).toBe(404);
    const issued = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
    const { key } = z.object({ key: z.string() }).parse(issued.body);
    expect((await server.api("GET", `/api/analytics/summary?${range()}`, undefined, { key })).status).toBe(403);
  });
});
