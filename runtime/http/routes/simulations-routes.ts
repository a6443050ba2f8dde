import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { Effect, type EngineEvent, Waiting } from "../../engine/index";
import { FlowNotFound, FlowNotPublished } from "../../sessions/session-errors";
import type { DispatchResult, SessionRunner } from "../../sessions/session-runner";
import type { JsonValue } from "../../store/json-text";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

/** The channel type simulated sessions are stored under. */
export const SIMULATOR_CHANNEL = "simulator";

const SimulationBody = z.object({
  flowId: z.string().min(1),
  source: z.enum(["draft", "published"]).default("draft").describe("Run the draft as it is now, or the live version"),
  channel: z.enum(["voice", "chat"]).default("voice"),
  caller: z
    .union([z.string().min(1).max(64), z.object({ phone: z.string().max(64).optional(), name: z.string().max(200).optional() })])
    .optional()
    .describe("The caller's number, or {phone, name}"),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe("Variables set before the flow starts"),
});

const SimulationEvent = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("digits"), digits: z.string().regex(/^[0-9*#]{1,64}$/, "keys 0-9, * and #") }),
    z.object({ type: z.literal("text"), text: z.string().min(1).max(4096) }),
    z.object({ type: z.literal("speech"), text: z.string().min(1).max(4096), confidence: z.number().min(0).max(1).optional() }),
    z.object({ type: z.literal("button"), key: z.string().min(1).max(64) }),
    z.object({ type: z.literal("timeout") }),
    z.object({ type: z.literal("transfer_result"), result: z.enum(["completed", "no_answer", "abandoned"]) }),
    z.object({
      type: z.literal("dial_result"),
      status: z.enum(["completed", "busy", "no_answer", "failed"]),
      durationSeconds: z.number().int().min(0).max(86_400).optional(),
    }),
    z.object({ type: z.literal("hangup") }),
  ])
  .meta({ id: "SimulationEvent", description: "What the simulated caller does; timeout fires whatever the session waits for (no input, or no agent)" });

const SimulationResult = z
  .object({
    sessionId: z.string(),
    status: z.enum(["active", "waiting", "ended"]),
    effects: z.array(Effect).describe("What the channel would do, in order: prompts, messages, collects, HTTP requests, transfers, end"),
    currentNodeId: z.string().nullable().describe("The node the session is at, to highlight on the canvas"),
    waitingFor: z.enum(["input", "http", "transfer", "ai", "dial", "send", "record"]).nullable().describe("ai: a model turn of an ai_agent node (the simulator shows it as it goes); dial: a dial node calling out; send: a send_message sending; record: a record node recording"),
    variables: z.record(z.string(), z.unknown()),
    nodes: z.record(z.string(), z.unknown()).describe("Node results: {{nodes.<id>.…}}"),
    endReason: z.string().nullable(),
  })
  .meta({ id: "SimulationResult" });

function result(dispatched: DispatchResult): z.infer<typeof SimulationResult> {
  const state = dispatched.state;
  return {
    sessionId: dispatched.sessionId,
    status: dispatched.status,
    effects: dispatched.effects,
    currentNodeId: state.currentNodeId,
    waitingFor: state.waiting?.kind ?? null,
    variables: state.vars,
    nodes: state.nodes,
    endReason: state.endReason,
  };
}

/** The event the engine gets for what the simulated caller did. `timeout` fires the current wait. */
function engineEvent(event: z.infer<typeof SimulationEvent>, wait: Waiting | null): EngineEvent {
  switch (event.type) {
    case "timeout":
      if (wait?.kind === "transfer") return { type: "transfer_result", result: "no_answer", token: wait.token, nodeId: wait.nodeId };
      if (wait?.kind === "input") return { type: "timeout", token: wait.token, nodeId: wait.nodeId };
      if (wait?.kind === "dial") return { type: "dial_result", status: "no_answer", token: wait.token, nodeId: wait.nodeId };
      // A simulated caller records nothing.
      if (wait?.kind === "record") return { type: "record_result", result: "no_audio", token: wait.token, nodeId: wait.nodeId };
      throw new ApiError(409, "not_waiting", "the session is not waiting for input or an agent, so nothing can time out");
    case "transfer_result":
      if (wait?.kind !== "transfer") throw new ApiError(409, "not_waiting", "the session is not waiting for an agent");
      return { type: "transfer_result", result: event.result, token: wait.token, nodeId: wait.nodeId };
    case "dial_result":
      if (wait?.kind !== "dial") throw new ApiError(409, "not_waiting", "the session is not waiting for a dialled call");
      return { ...event, token: wait.token, nodeId: wait.nodeId };
    default:
      return event;
  }
}

export interface SimulationsDeps {
  store: Store;
  runner: SessionRunner;
}

/** The simulator: the same engine, store and timers as production, driven over HTTP. */
export function simulationsRoutes(deps: SimulationsDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["simulator"],
      summary: "Start a simulated call or chat",
      middleware: [requireRole("admin")],
      request: { body: jsonBody(SimulationBody) },
      responses: { 201: jsonResponse(SimulationResult, "Started; effects of the first step"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const caller = typeof body.caller === "string" ? { phone: body.caller } : (body.caller ?? {});
      // The runner finds the flow in its cache; the store is asked only to explain a refusal.
      const refused = async (): Promise<never> => {
        const flow = await deps.store.flows.getFlowHead(body.flowId);
        if (!flow) throw new ApiError(404, "flow_not_found", `body.flowId: flow ${body.flowId} does not exist`);
        throw new ApiError(409, "flow_not_published", `body.source: flow ${body.flowId} has no published version; simulate the draft`);
      };
      const started = await deps.runner
        .start({
          flowId: body.flowId,
          source: body.source,
          channel: { kind: body.channel, type: SIMULATOR_CHANNEL },
          contact: caller.phone ?? "simulator",
          caller,
          call: { from: caller.phone ?? "simulator", to: "simulator" },
          ...(body.variables ? { variables: body.variables } : {}),
        })
        .catch((error: unknown) => (error instanceof FlowNotPublished || error instanceof FlowNotFound ? refused() : Promise.reject(error)));
      return c.json(result(started), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/events",
      tags: ["simulator"],
      summary: "Send what the simulated caller does",
      middleware: [requireRole("admin")],
      request: {
        params: z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) }),
        body: jsonBody(SimulationEvent),
      },
      responses: { 200: jsonResponse(SimulationResult, "The effects of this event"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await deps.runner.peek(id);
      if (!session || session.channelType !== SIMULATOR_CHANNEL) throw new ApiError(404, "simulation_not_found", `simulation ${id} does not exist`);
      const { state } = session;
      if (state.status === "ended") throw new ApiError(409, "session_ended", `simulation ${id} has ended (${state.endReason ?? "ended"}); start a new one`);
      const dispatched = await deps.runner.dispatch(id, engineEvent(c.req.valid("json"), state.waiting));
      return c.json(result(dispatched), 200);
    },
  );

  return app;
}
