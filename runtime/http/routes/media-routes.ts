import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { IceServersView } from "../../media/ice-servers-view";
import type { MediaServices } from "../../media/media-services";
import { errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

/** What a signed-in console needs of the media plane before it makes its softphone's offer. */
export function mediaRoutes(media: MediaServices): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: "get",
      path: "/ice-servers",
      tags: ["media"],
      summary: "STUN/TURN servers for the softphone's RTCPeerConnection (TURN credentials made for you, short-lived)",
      responses: { 200: jsonResponse(IceServersView, "ICE servers"), ...errorResponses(401) },
    }),
    (c) => c.json({ iceServers: media.iceServersFor(c.get("principal").id) }, 200),
  );
  return app;
}
