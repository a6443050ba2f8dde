import { isIP } from "node:net";
import { z } from "zod";
import { type IceServerEntry, parseIceServers } from "./transport/ice-servers";

/** The media plane's settings (README: Configuration). */
export interface MediaConfig {
  /** UDP ports for RTP/ICE (`RTP_PORT_MIN`–`RTP_PORT_MAX`), shared with the SIP channel. */
  rtpPorts: { min: number; max: number };
  /** `MEDIA_PUBLIC_IP`: the address written into our candidates and SDP behind a 1:1 NAT. */
  publicIp: string | undefined;
  /** `MEDIA_BIND_ADDRESS`: the local address media sockets bind (default: every interface). */
  bindAddress: string | undefined;
  /** `ICE_SERVERS`: STUN/TURN servers; TURN with `secret` gives browsers short-lived credentials. */
  iceServers: IceServerEntry[];
}

const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const Port = z.preprocess(unsetIfBlank, z.coerce.number().int().min(1024).max(65535).optional());
const Address = z.preprocess(
  unsetIfBlank,
  z
    .string()
    .refine((value) => isIP(value) !== 0, "must be an IP address")
    .optional(),
);

const Env = z.object({
  RTP_PORT_MIN: Port.default(10_000),
  RTP_PORT_MAX: Port.default(20_000),
  MEDIA_PUBLIC_IP: Address,
  MEDIA_BIND_ADDRESS: Address,
});

/** Reads the media settings; throws a message naming the variable when one is wrong. */
export function readMediaConfig(env: Record<string, string | undefined>): MediaConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  const { RTP_PORT_MIN: min, RTP_PORT_MAX: max } = parsed.data;
  if (min > max) throw new Error(`configuration: RTP_PORT_MIN (${min}) is above RTP_PORT_MAX (${max})`);
  return { rtpPorts: { min, max }, publicIp: parsed.data.MEDIA_PUBLIC_IP, bindAddress: parsed.data.MEDIA_BIND_ADDRESS, iceServers: parseIceServers(env.ICE_SERVERS) };
}
