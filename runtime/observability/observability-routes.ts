import type { Env, Hono } from "hono";
import { sameSecret } from "../channels/same-secret";
import { ApiError } from "../http/api-error";
import type { Observability } from "./observability";

/**
 * `GET /health`: can this instance reach its database and its bus (503 when not): one `select 1`
 * and one bus probe (a message through the engine and back to this instance), both bounded.
 * `GET /ready`: may a load balancer send it work (503 while migrations or recovery run).
 * `GET /metrics`: Prometheus text, with `Authorization: Bearer $METRICS_TOKEN`; without
 * METRICS_TOKEN it is off and answers 404, like any unknown path.
 */
export function observabilityRoutes<E extends Env>(app: Hono<E>, observability: Observability): void {
  app.get("/health", async (c) => {
    const bus = observability.bus;
    const [database, busHealth] = await Promise.all([observability.database.check(), bus === undefined ? undefined : bus.health()]);
    const busReport =
      busHealth === undefined
        ? { ok: false, error: "the bus is not open yet" }
        : { ok: busHealth.reachable, kind: busHealth.kind, lagSeconds: busHealth.lagSeconds, ...(busHealth.error === undefined ? {} : { error: busHealth.error }) };
    const ok = database.ok && busReport.ok;
    return c.json({ ok, instance: observability.instance, database, bus: busReport }, ok ? 200 : 503);
  });

  app.get("/ready", (c) => {
    const state = observability.readiness.state;
    return c.json(state, state.ready ? 200 : 503);
  });

  app.get("/metrics", async (c) => {
    const token = observability.metricsToken;
    if (token === undefined) throw new ApiError(404, "not_found", "no route for GET /metrics (set METRICS_TOKEN to serve metrics)");
    const given = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (given === undefined || !sameSecret(given, token)) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      throw new ApiError(401, "unauthorized", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>");
    }
    const { contentType, text } = await observability.metrics.exposition();
    return c.body(text, 200, { "content-type": contentType });
  });
}
