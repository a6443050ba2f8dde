import { z } from "zod";

/** `GET /api/media/ice-servers`: what a browser's RTCPeerConnection takes (TURN credentials made for the user, short-lived). */
export const IceServersView = z
  .object({
    iceServers: z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() })),
  })
  .meta({ id: "IceServers" });
export type IceServersView = z.infer<typeof IceServersView>;
