import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AnalyticsQuery, resolveQuery } from "../../analytics/analytics-query";
import { agents, paths, summary, timeseries } from "../../analytics/analytics-report";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const Count = z.number().int();
const Seconds = z.number().nullable();

const Summary = z
  .object({
    sessions: z.object({
      started: Count,
      completed: Count.describe("Ended by the flow: a hangup node, a return, a hand-off"),
      hung_up: Count.describe("The caller hung up (or the chat closed) in the flow"),
      abandoned: Count.describe("The caller left while waiting for an agent"),
      failed: Count.describe("Guards, broken flows, calls that failed"),
      transferred: Count.describe("Transfers to a team (a session transferred twice counts twice)"),
      answered: Count.describe("Transfers an agent accepted"),
    }),
    answer: z.object({
      answered: Count,
      p50Seconds: Seconds,
      p90Seconds: Seconds,
      meanSeconds: Seconds,
      serviceLevel: z.object({ seconds: Count, share: z.number().nullable().describe("Share (0..1) answered within `seconds`; exact on the histogram's bounds (every 5 s to 120 s), interpolated between") }),
    }),
    handle: z.object({ conversations: Count, totalSeconds: z.number(), meanSeconds: Seconds }),
    hold: z.object({ totalSeconds: z.number(), meanSeconds: Seconds }),
  })
  .meta({ id: "AnalyticsSummary" });

const Timeseries = z
  .object({
    interval: z.enum(["hour", "day"]),
    channelTypes: z.array(z.string()),
    points: z.array(z.object({ start: z.string().describe("The hour's or day's start in tz, ISO 8601 with its offset"), sessions: Count, byChannelType: z.record(z.string(), Count) })),
  })
  .meta({ id: "AnalyticsTimeseries" });

const Paths = z
  .object({
    flowId: z.string(),
    version: z.union([z.number().int(), z.literal("all")]),
    handles: z.array(z.object({ nodeId: z.string(), handle: z.string(), count: Count, share: z.number().nullable(), edgeId: z.string().nullable(), target: z.string().nullable() })),
    endings: z.array(z.object({ nodeId: z.string(), total: Count, reasons: z.record(z.string(), Count) })),
    neverTaken: z.array(z.object({ nodeId: z.string(), handle: z.string() })),
  })
  .meta({ id: "AnalyticsPaths" });

const Agents = z
  .array(
    z.object({
      userId: z.string(),
      name: z.string().nullable(),
      conversations: Count,
      handleSeconds: z.number(),
      meanHandleSeconds: Seconds,
      availableSeconds: z.number(),
      occupancy: z.number().nullable().describe("Handle time ÷ time available"),
    }),
  )
  .meta({ id: "AnalyticsAgents" });

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
    createRoute({ method: "get", path: "/summary", tags: ["analytics"], summary: "Sessions, outcomes, time to answer, handle and hold time", middleware: [admin], request: { query: AnalyticsQuery }, responses: { 200: jsonResponse(Summary, "Figures"), ...errors } }),
    async (c) => {
      const query = resolveQuery(c.req.valid("query"));
      return c.json(await summary(store.analytics, query.filter, query.serviceLevelSeconds), 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/timeseries", tags: ["analytics"], summary: "Sessions started per hour or day (in tz), by channel type", middleware: [admin], request: { query: TimeseriesQuery }, responses: { 200: jsonResponse(Timeseries, "Points"), ...errors } }),
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
      responses: { 200: jsonResponse(Paths, "Counts"), ...errorResponses(400, 401, 403, 404) },
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
    createRoute({ method: "get", path: "/agents", tags: ["analytics"], summary: "Per agent: conversations, handle time, time available, occupancy", middleware: [admin], request: { query: AnalyticsQuery }, responses: { 200: jsonResponse(Agents, "Agents"), ...errors } }),
    async (c) => {
      const query = resolveQuery(c.req.valid("query"));
      const names = new Map((await store.users.listUsers()).map((user) => [user.id, user.name]));
      return c.json(await agents(store.analytics, query.filter, names), 200);
    },
  );

  return app;
}
