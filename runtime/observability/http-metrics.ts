import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { InstanceMetrics } from "./instance-metrics";

/**
 * Counts and times every HTTP response by the route PATTERN that answered it (`/api/sessions/:id`,
 * never the path with its ids, so the label's values stay few). Requests no route matched carry
 * the pattern of the last middleware they went through (`*`, `/api/*`).
 */
export function httpMetrics(metrics: InstanceMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c) || "unmatched";
    const method = c.req.method;
    metrics.httpRequests.inc({ route, method, status: String(c.res.status) });
    metrics.httpDuration.observe({ route, method }, (performance.now() - started) / 1000);
  };
}
