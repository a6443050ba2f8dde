import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AnalyticsQuery, resolveQuery } from "../../analytics/analytics-query";
import { agents, paths, summary, timeseries } from "../../analytics/analytics-report";
import { AnalyticsAgents, AnalyticsPaths, AnalyticsSummary, AnalyticsTimeseries } from "../../analytics/analytics-views";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const TimeseriesQuery = AnalyticsQuery.extend({ interval: z.enum(["hour", "day"]).default("day").describe("Hours or days of tz") });
const PathsQuery = AnalyticsQuery.extend({
  version: z
    .union([z.literal("all"), z.coerce.number().int().min(1)])
    .default("all")
    .describe("A published version number, or `all` (every version, drafts included; handles from the live version)"),
});
const FlowIdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });

/** Dashboard figures from the rollups (runtime/analytics/README.md): admins only. */
export function analyticsRoutes(store: Store): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");
  const errors = errorResponses(400, 401, 403);

  app.openapi(
    createRoute({ method: "get", path: "/summary", tags: ["analytics"], summary: "Sessions, outcomes, time to answer, handle and hold time", middleware: [admin], request: { query: AnalyticsQuery }, responses: { 200: jsonResponse(AnalyticsSummary, "Figures"), ...errors } }),
    async (c) => {
      const query = resolveQuery(c.req.valid("query"));
      return c.json(await summary(store.analytics, query.filter, query.serviceLevelSeconds), 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/timeseries", tags: ["analytics"], summary: "Sessions started per hour or day (in tz), by channel type", middleware: [admin], request: { query: TimeseriesQuery }, responses: { 200: jsonResponse(AnalyticsTimeseries, "Points"), ...errors } }),
    async (c) => {
      const raw = c.req.valid("query");
      const query = resolveQuery(raw);
      return c.json(await timeseries(store.analytics, query.filter, query.zone, raw.interval), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/flows/{id}/paths",
      tags: ["analytics"],
      summary: "Sessions per edge and their share, endings per node with reasons, handles never taken",
      description: "Steps count under the flow they ran in (after a goto_flow, the target flow). `flow` is ignored: the path names the flow.",
      middleware: [admin],
      request: { params: FlowIdParam, query: PathsQuery },
      responses: { 200: jsonResponse(AnalyticsPaths, "Counts"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const raw = c.req.valid("query");
      const query = resolveQuery(raw);
      const version = raw.version;
      const document =
        version === "all" ? ((await store.flows.getPublished(id))?.document ?? (await store.flows.getFlow(id))?.draft) : (await store.flows.getVersion(id, version))?.document;
      if (document === undefined) throw new ApiError(404, version === "all" ? "flow_not_found" : "version_not_found", version === "all" ? `flow ${id} does not exist` : `flow ${id} has no version ${version}`);
      const { flowId: _ignored, ...filter } = query.filter;
      return c.json(await paths(store.analytics, filter, id, version, document), 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/agents", tags: ["analytics"], summary: "Per agent: conversations, handle time, time available, occupancy", middleware: [admin], request: { query: AnalyticsQuery }, responses: { 200: jsonResponse(AnalyticsAgents, "Agents"), ...errors } }),
    async (c) => {
      const query = resolveQuery(c.req.valid("query"));
      const names = new Map((await store.users.listUsers()).map((user) => [user.id, user.name]));
      return c.json(await agents(store.analytics, query.filter, names), 200);
    },
  );

  return app;
}
