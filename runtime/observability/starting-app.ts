import { Hono } from "hono";
import { errorHandler } from "../http/error-handler";
import { RetryLater } from "../http/retry-later";
import type { Log } from "../logging/log-line";
import type { Observability } from "./observability";
import { httpMetrics } from "./http-metrics";
import { observabilityRoutes } from "./observability-routes";

/**
 * What the server answers between listening and being ready (migrations, recovery): `/health`,
 * `/ready` (503 with the reason) and `/metrics` as always; anything else 503 `starting`, with
 * Retry-After, in the API's JSON error body.
 */
export function startingApp(observability: Observability, log: Log): Hono {
  const app = new Hono();
  app.onError(errorHandler(log));
  app.use("*", httpMetrics(observability.metrics));
  observabilityRoutes(app, observability);
  app.all("*", () => {
    const state = observability.readiness.state;
    throw new RetryLater(503, "starting", `this server is starting (${state.ready ? "almost ready" : state.reason}): try again in a moment`, 1000);
  });
  return app;
}
