import { isIP } from "node:net";
import { z } from "zod";
import { type IceServerEntry, parseIceServers } from "./transport/ice-servers";

/** An empty variable is an unset one. */
const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const RtpPort = z.preprocess(unsetIfBlank, z.coerce.number().int().min(1024).max(65535).optional());

const Env = z.object({
  ICE_SERVERS: z.string().optional(),
  MEDIA_PUBLIC_IP: z.preprocess(unsetIfBlank, z.string().trim().refine((ip) => isIP(ip) !== 0, "must be an IPv4 or IPv6 address (the address written into our ICE candidates)").optional()),
  RTP_PORT_MIN: RtpPort.default(10_000),
  RTP_PORT_MAX: RtpPort.default(20_000),
});

/** The media plane's settings (README: Configuration). */
export interface MediaConfig {
  /** ICE_SERVERS as configured; hand browsers `iceServersForClient(iceServers, userId)`, never these. */
  iceServers: IceServerEntry[];
  /** MEDIA_PUBLIC_IP: written into our host candidates (1:1 NAT); undefined: the interfaces' own addresses. */
  publicIp: string | undefined;
  /** RTP_PORT_MIN–RTP_PORT_MAX: UDP ports for media (one per WebRTC leg; the SIP channel shares them). */
  rtpPorts: { min: number; max: number };
}

/** Reads the media settings; throws `configuration: <VARIABLE>: <what is wrong>`. */
export function mediaConfigFromEnv(env: Record<string, string | undefined> = process.env): MediaConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  if (e.RTP_PORT_MIN > e.RTP_PORT_MAX) throw new Error(`configuration: RTP_PORT_MIN: ${e.RTP_PORT_MIN} is above RTP_PORT_MAX (${e.RTP_PORT_MAX})`);
  return { iceServers: parseIceServers(e.ICE_SERVERS), publicIp: e.MEDIA_PUBLIC_IP, rtpPorts: { min: e.RTP_PORT_MIN, max: e.RTP_PORT_MAX } };
}
