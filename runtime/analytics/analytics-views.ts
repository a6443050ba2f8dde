import { z } from "zod";

/**
 * What the analytics routes answer (`/api/analytics/*`), apart from the routes so the web app's
 * dashboard parses the same shapes without bundling the server.
 */
const Count = z.number().int();
const Seconds = z.number().nullable();

export const AnalyticsSummary = z
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

export const AnalyticsTimeseries = z
  .object({
    interval: z.enum(["hour", "day"]),
    channelTypes: z.array(z.string()),
    points: z.array(z.object({ start: z.string().describe("The hour's or day's start in tz, ISO 8601 with its offset"), sessions: Count, byChannelType: z.record(z.string(), Count) })),
  })
  .meta({ id: "AnalyticsTimeseries" });

export const AnalyticsPaths = z
  .object({
    flowId: z.string(),
    version: z.union([z.number().int(), z.literal("all")]),
    handles: z.array(z.object({ nodeId: z.string(), handle: z.string(), count: Count, share: z.number().nullable(), edgeId: z.string().nullable(), target: z.string().nullable() })),
    endings: z.array(z.object({ nodeId: z.string(), total: Count, reasons: z.record(z.string(), Count) })),
    neverTaken: z.array(z.object({ nodeId: z.string(), handle: z.string() })),
  })
  .meta({ id: "AnalyticsPaths" });

export const AnalyticsAgents = z
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

export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;
export type AnalyticsTimeseries = z.infer<typeof AnalyticsTimeseries>;
export type AnalyticsPaths = z.infer<typeof AnalyticsPaths>;
export type AnalyticsAgents = z.infer<typeof AnalyticsAgents>;
