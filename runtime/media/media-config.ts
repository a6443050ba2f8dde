import { isIP } from "node:net";
import { z } from "zod";
import { IceServerEntries, parseIceServers } from "./transport/ice-servers";

/** The media plane's settings (README: Configuration), read once by the runtime and handed to the media process. */
export const MediaConfig = z.object({
  /** UDP ports for RTP/ICE (`RTP_PORT_MIN`–`RTP_PORT_MAX`), shared with the SIP channel. */
  rtpPorts: z.object({ min: z.number().int(), max: z.number().int() }),
  /** `MEDIA_PUBLIC_IP`: the address written into our candidates and SDP behind a 1:1 NAT. */
  publicIp: z.string().optional(),
  /** `MEDIA_BIND_ADDRESS`: the local address media sockets bind (default: every interface). */
  bindAddress: z.string().optional(),
  /** `ICE_SERVERS`: STUN/TURN servers; TURN with `secret` gives browsers short-lived credentials. */
  iceServers: IceServerEntries,
  /** `MEDIA_NO_RTP_SECONDS`: a connected leg that receives no RTP for this long ends (`no_rtp`). */
  noRtpTimeoutMs: z.number().int().positive(),
});
export type MediaConfig = z.infer<typeof MediaConfig>;

const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const Port = z.preprocess(unsetIfBlank, z.coerce.number().int().min(1024).max(65535).optional());
const Address = z.preprocess(
  unsetIfBlank,
  z
    .string()
    .trim()
    .refine((value) => isIP(value) !== 0, "must be an IPv4 or IPv6 address")
    .optional(),
);

const Env = z.object({
  RTP_PORT_MIN: Port.default(10_000),
  RTP_PORT_MAX: Port.default(20_000),
  MEDIA_PUBLIC_IP: Address,
  MEDIA_BIND_ADDRESS: Address,
  MEDIA_NO_RTP_SECONDS: z.preprocess(unsetIfBlank, z.coerce.number().min(1).max(3600).optional()).default(30),
});

/** Reads the media settings from the environment; throws a message naming the variable when one is wrong. */
export function readMediaConfig(env: Record<string, string | undefined>): MediaConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  const { RTP_PORT_MIN: min, RTP_PORT_MAX: max } = parsed.data;
  if (min > max) throw new Error(`configuration: RTP_PORT_MIN: ${min} is above RTP_PORT_MAX (${max})`);
  return {
    rtpPorts: { min, max },
    ...(parsed.data.MEDIA_PUBLIC_IP === undefined ? {} : { publicIp: parsed.data.MEDIA_PUBLIC_IP }),
    ...(parsed.data.MEDIA_BIND_ADDRESS === undefined ? {} : { bindAddress: parsed.data.MEDIA_BIND_ADDRESS }),
    iceServers: parseIceServers(env.ICE_SERVERS),
    noRtpTimeoutMs: Math.round(parsed.data.MEDIA_NO_RTP_SECONDS * 1000),
  };
}

/** The variable the media process reads its settings from (JSON, written by the runtime). */
export const MEDIA_CONFIG_VARIABLE = "SWITCHBOARD_MEDIA_CONFIG";
