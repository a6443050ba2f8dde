import { z } from "zod";

/** The SIP endpoint's settings (README: Configuration), read once at start. */
export const SipConfig = z.object({
  /** `SIP_HOST`: the address the SIP listeners bind (default 127.0.0.1). */
  host: z.string().min(1),
  /** `SIP_PORT`: UDP and TCP (default 5060; 0 picks a free port, tests). */
  port: z.number().int().min(0).max(65535),
  /** `SIP_TLS_PORT` with `SIP_TLS_CERT` and `SIP_TLS_KEY` (PEM files, reloaded when they change): TLS for trunks that require it. */
  tls: z.object({ port: z.number().int().min(0).max(65535), certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** `SIP_TLS_CA`: a PEM file of certificate authorities trusted (besides the system's) when we connect to a trunk over TLS. */
  tlsCaFile: z.string().min(1).optional(),
  /** `SIP_ADVERTISED_HOST`: the name or address written in Via and Contact behind NAT (default `MEDIA_PUBLIC_IP`, else `SIP_HOST`). */
  advertisedHost: z.string().min(1).optional(),
  /** `SIP_REQUESTS_PER_MINUTE`: requests an address that is no trunk's carrier may send before it is answered 503 (0: no limit). */
  requestsPerMinute: z.number().int().min(0),
  /** `SIP_OPTIONS_INTERVAL_SECONDS`: how often trunks without a registrar are asked OPTIONS (default 30). */
  optionsIntervalMs: z.number().int().positive(),
});
export type SipConfig = z.infer<typeof SipConfig>;

const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const Port = z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).max(65535).optional());
const Text = z.preprocess(unsetIfBlank, z.string().trim().min(1).optional());

const Env = z.object({
  SIP_HOST: Text.default("127.0.0.1"),
  SIP_PORT: Port.default(5060),
  SIP_TLS_PORT: Port.default(5061),
  SIP_TLS_CERT: Text,
  SIP_TLS_KEY: Text,
  SIP_TLS_CA: Text,
  SIP_ADVERTISED_HOST: Text,
  MEDIA_PUBLIC_IP: Text,
  SIP_REQUESTS_PER_MINUTE: z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).max(1_000_000).optional()).default(600),
  SIP_OPTIONS_INTERVAL_SECONDS: z.preprocess(unsetIfBlank, z.coerce.number().min(1).max(3600).optional()).default(30),
});

/** Reads the SIP settings from the environment; throws a message naming the variable when one is wrong. */
export function readSipConfig(env: Record<string, string | undefined>): SipConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  if ((e.SIP_TLS_CERT === undefined) !== (e.SIP_TLS_KEY === undefined)) {
    throw new Error(`configuration: ${e.SIP_TLS_CERT === undefined ? "SIP_TLS_CERT" : "SIP_TLS_KEY"}: SIP over TLS needs both SIP_TLS_CERT and SIP_TLS_KEY (PEM files)`);
  }
  const advertised = e.SIP_ADVERTISED_HOST ?? e.MEDIA_PUBLIC_IP;
  return {
    host: e.SIP_HOST,
    port: e.SIP_PORT,
    ...(e.SIP_TLS_CERT === undefined || e.SIP_TLS_KEY === undefined ? {} : { tls: { port: e.SIP_TLS_PORT, certFile: e.SIP_TLS_CERT, keyFile: e.SIP_TLS_KEY } }),
    ...(e.SIP_TLS_CA === undefined ? {} : { tlsCaFile: e.SIP_TLS_CA }),
    ...(advertised === undefined ? {} : { advertisedHost: advertised }),
    requestsPerMinute: e.SIP_REQUESTS_PER_MINUTE,
    optionsIntervalMs: Math.round(e.SIP_OPTIONS_INTERVAL_SECONDS * 1000),
  };
}
