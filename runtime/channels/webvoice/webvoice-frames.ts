import { z } from "zod";

/**
 * The browser voice widget's socket protocol (`/ws/webvoice/:channelId`), JSON text frames.
 * No trickle ICE: the page waits for its ICE gathering to complete and sends the whole offer; the
 * answer comes back whole. One call per socket at a time; closing the socket hangs it up.
 */
export const WebvoiceClientFrame = z.discriminatedUnion("type", [
  /** Starts a call with the page's SDP offer. `visitor`: the widget's stable visitor id (the caller's address). */
  z.strictObject({
    type: z.literal("call"),
    sdp: z.string().min(1).max(60_000),
    visitor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 of A-Z a-z 0-9 _ -")
      .optional(),
  }),
  z.strictObject({ type: z.literal("hangup") }),
]);
export type WebvoiceClientFrame = z.infer<typeof WebvoiceClientFrame>;

const IceServer = z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() });

export const WebvoiceServerFrame = z.discriminatedUnion("type", [
  /** First frame: the ICE servers to give the page's RTCPeerConnection (TURN credentials are short-lived). */
  z.object({ type: z.literal("ready"), iceServers: z.array(IceServer) }),
  z.object({ type: z.literal("answer"), callId: z.string(), sdp: z.string() }),
  /** Media flows: the caller hears the flow from now on. */
  z.object({ type: z.literal("connected"), callId: z.string() }),
  z.object({ type: z.literal("ended"), callId: z.string(), reason: z.string(), hungUpBy: z.enum(["caller", "agent", "system"]) }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type WebvoiceServerFrame = z.infer<typeof WebvoiceServerFrame>;
