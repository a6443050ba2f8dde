import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AiError } from "../../ai/ai-error";
import type { AiProviders } from "../../ai/ai-providers";
import { SUGGESTION_COUNT, suggestReplies } from "../../ai/reply-suggestions";
import { conversationLines } from "../../rooms/conversation-lines";
import { viewable } from "../../rooms/room-access";
import { RoomsError } from "../../rooms/rooms-error";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonResponse } from "../openapi-content";
import { principalActor } from "../principal-actor";
import { validationHook } from "../validation-hook";

const IdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });

const ReplySuggestions = z
  .object({
    suggestions: z.array(z.string()).max(SUGGESTION_COUNT).describe("Replies the agent could send next (at most 3): the console inserts one into the composer; none is ever sent by itself"),
    provider: z.string().describe("The assist provider that wrote them"),
    model: z.string(),
  })
  .meta({ id: "ReplySuggestions" });

/** The console's assist on a conversation, by the AI provider chosen for it (`assist`): reply suggestions. */
export function conversationAssistRoutes(deps: { store: Store; ai: AiProviders }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/suggestions",
      tags: ["conversations"],
      summary: "Reply suggestions for the agent, by the assist AI provider",
      description:
        "Asks the AI provider marked `assist` for up to 3 replies the agent could send next, from the conversation's last 30 lines. Nothing is sent to the customer. 409 no_assist_provider when no provider is chosen; 502 ai_provider_failed with the provider's error (timeout, 429, an HTML page…).",
      middleware: [requireRole("agent", "admin")],
      request: { params: IdParam },
      responses: { 200: jsonResponse(ReplySuggestions, "The suggestions"), ...errorResponses(401, 403, 404, 409, 502) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await viewable(deps.store, principalActor(c), id).catch((error: unknown) => {
        throw error instanceof RoomsError ? new ApiError(error.status, error.code, error.message) : error;
      });
      const assist = await deps.ai.assist();
      if (assist === undefined) throw new ApiError(409, "no_assist_provider", "no AI provider is chosen for the console's assist: an admin marks one in Settings → AI");
      const lines = await conversationLines(deps.store.rooms, id);
      try {
        const { suggestions, model } = await suggestReplies(assist.client, lines, c.req.raw.signal);
        return c.json({ suggestions, provider: assist.name, model }, 200);
      } catch (error) {
        if (error instanceof AiError) throw new ApiError(502, "ai_provider_failed", `${assist.name}: ${error.message}`, { kind: error.kind });
        throw error;
      }
    },
  );
  return app;
}
