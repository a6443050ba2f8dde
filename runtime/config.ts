import { z } from "zod";
import { BusTarget, busTargetFromEnv } from "./bus/bus-target";
import { DEFAULT_AUDIO_MAX_SECONDS } from "./audio/audio-errors";
import { decodeSecretKey } from "./secrets/secret-key";
import { DEFAULT_WEBCHAT_LIMITS, WebchatLimits } from "./channels/webchat/webchat-limits";
import { DEFAULT_SIGNIN_LIMITS, SigninLimits } from "./http/throttle/signin-limits";
import { passwordWorkLimits } from "./store/password";
import { MediaConfig, readMediaConfig } from "./media/media-config";
import { SipConfig, readSipConfig } from "./channels/sip-trunk/sip-config";
import { dataDirFromEnv } from "./store/data-dir";
import { DatabaseTarget, databaseTargetFromEnv } from "./store/database-target";
import { defaultInstanceId } from "./logging/log-line";

const Port = z.coerce.number().int().min(0).max(65535);
/** An empty variable is an unset one (`X=` must not read as 0 and turn a limit off). */
const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const Count = z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).optional());
const Seconds = z.preprocess(unsetIfBlank, z.coerce.number().positive().max(86_400).optional());
const Bool = z.enum(["0", "1", "false", "true"]);
const Hops = z.preprocess(unsetIfBlank, z.union([Bool.transform((flag) => (flag === "1" || flag === "true" ? 1 : 0)), z.coerce.number().int().min(0).max(10)]).optional());
const AtLeastOne = z.preprocess(unsetIfBlank, z.coerce.number().int().min(1).max(64).optional());
/** Comma-separated origins (`scheme://host[:port]`, nothing after). */
const Origins = z
  .string()
  .optional()
  .transform((text) => (text ?? "").split(",").map((item) => item.trim().replace(/\/+$/, "")).filter(Boolean))
  .refine((origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin), "each must be an origin like https://app.example.com (scheme, host and port only)");
const List = z
  .string()
  .optional()
  .transform((text) => (text ?? "").split(",").map((item) => item.trim()).filter(Boolean));

/** The server's configuration, read from the environment (see README: Configuration). */
export const RuntimeConfig = z.object({
  host: z.string().min(1),
  port: Port,
  /** Files (audio, recordings, the secret key; the SQLite database unless `database` is PostgreSQL's). */
  dataDir: z.string().min(1),
  /** The store: PostgreSQL for `DATABASE_URL=postgres://…`, else SQLite at `$DATA_DIR/switchboard.db`. */
  database: DatabaseTarget,
  /** The externally visible base URL: webhook signatures and callback URLs use it. */
  publicUrl: z.string().url(),
  /** Creates an admin API key with exactly this value on start (for automation). */
  apiKey: z.string().min(16, "SWITCHBOARD_API_KEY must be at least 16 characters").optional(),
  adminEmail: z.string().email().optional(),
  adminPassword: z.string().min(8, "ADMIN_PASSWORD must be at least 8 characters").optional(),
  /** Addresses, CIDRs or host names HTTP callbacks may reach although they are private. */
  httpAllowList: z.array(z.string()),
  /** Import examples/ and demo users on the first start of an empty database. */
  seedExamples: z.boolean(),
  /** Write the analytics rollups with every step and conversation change (runtime/analytics); off only to measure their cost. */
  analyticsRollups: z.boolean(),
  /** The demo agent's password on first start (random and printed when unset). */
  demoAgentPassword: z.string().min(8, "DEMO_AGENT_PASSWORD must be at least 8 characters").optional(),
  /** Serve the built designer from this folder when it exists. */
  staticDir: z.string().min(1),
  /** Seals channel credentials: 32 bytes, base64 or hex. Unset: `$DATA_DIR/secret.key`, created on first start. */
  secretKey: z.string().optional(),
  /** Provider API base URLs (tests point them at a local stand-in). */
  providerApis: z.object({ twilio: z.string().url(), whatsappGraph: z.string().url(), telegram: z.string().url() }),
  /** The web chat socket's limits on new visitors and messages, and how client addresses are found. */
  webchatLimits: WebchatLimits,
  /** Days inbound events (raw webhooks and their stored answers) are kept; 0 keeps every one. */
  inboundRetentionDays: z.number().int().min(0),
  /** Longest audio an upload may hold, in seconds; longer uploads are refused before transcoding. */
  audioMaxSeconds: z.number().positive(),
  /** Speech recognition on media-plane calls (menus and gathers listening for speech): `pocketsphinx` where it is installed, or `off`. */
  speechRecognition: z.enum(["pocketsphinx", "off"]),
  /** Delays after failed sign-ins and setup tokens, per account and per client address. */
  signinLimits: SigninLimits,
  /** Password hashes computed at once and waiting; beyond them sign-ins are answered 503 at once. */
  passwordWork: z.object({ concurrency: z.number().int().min(1), queue: z.number().int().min(0) }),
  /** Origins besides PUBLIC_URL's whose pages may use the sign-in cookie to change things (and open /ws/agent). */
  allowedAppOrigins: z.array(z.string()),
  /** Days call recordings are kept (then their files are deleted; the call rows stay); 0 keeps every one. */
  recordingRetentionDays: z.number().int().min(0),
  /** The media plane: RTP ports, public address, ICE servers, the no-RTP timeout (runtime/media/media-config.ts). */
  media: MediaConfig,
  /** The SIP endpoint of sip_trunk channels: listeners, TLS, rate limit (runtime/channels/sip-trunk/sip-config.ts). */
  sip: SipConfig,
  /** `GET /metrics` answers with `Authorization: Bearer <this>`; unset: /metrics is off (404). */
  metricsToken: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** `text` (default): lines as today; `json`: one JSON object per line. */
  logFormat: z.enum(["text", "json"]),
  /** This instance's name in JSON logs, /health and metrics (`INSTANCE_ID`, default host name and pid). */
  instanceId: z.string().min(1),
  /** The bus between instances: Redis for `REDIS_URL`, LISTEN/NOTIFY for a PostgreSQL `DATABASE_URL`, else in-process (runtime/bus). */
  bus: BusTarget,
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

const Env = z.object({
  HOST: z.string().default("127.0.0.1"),
  PORT: Port.default(3000),
  PUBLIC_URL: z.string().optional(),
  SWITCHBOARD_API_KEY: z.string().optional(),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  HTTP_CALLBACK_ALLOWLIST: List,
  DEMO_AGENT_PASSWORD: z.string().optional(),
  SEED_EXAMPLES: Bool.default("1"),
  ANALYTICS_ROLLUPS: Bool.default("1"),
  STATIC_DIR: z.string().default("dist/designer"),
  SWITCHBOARD_SECRET_KEY: z
    .string()
    .optional()
    .refine((key) => key === undefined || key.trim() === "" || decodeSecretKey(key) !== undefined, "must be 32 bytes written as base64 or as 64 hex digits"),
  TWILIO_API_BASE_URL: z.string().url().default("https://api.twilio.com"),
  WHATSAPP_GRAPH_BASE_URL: z.string().url().default("https://graph.facebook.com"),
  TELEGRAM_API_BASE_URL: z.string().url().default("https://api.telegram.org"),
  WEBCHAT_NEW_VISITORS_PER_IP: Count.default(DEFAULT_WEBCHAT_LIMITS.newVisitorsPerIp),
  WEBCHAT_NEW_VISITORS_WINDOW_SECONDS: Seconds.default(DEFAULT_WEBCHAT_LIMITS.newVisitorsWindowMs / 1000),
  WEBCHAT_MESSAGES_PER_SOCKET: Count.default(DEFAULT_WEBCHAT_LIMITS.messagesPerSocket),
  WEBCHAT_MESSAGES_WINDOW_SECONDS: Seconds.default(DEFAULT_WEBCHAT_LIMITS.messagesWindowMs / 1000),
  TRUST_PROXY: Hops.default(0),
  WEBCHAT_LIMIT_LOOPBACK: z.preprocess(unsetIfBlank, Bool.optional()),
  INBOUND_RETENTION_DAYS: z.preprocess(
    unsetIfBlank,
    z.coerce
      .number()
      .int()
      .min(0)
      .refine((days) => days === 0 || days >= 7, "at least 7 (WhatsApp retries a delivery for up to 7 days), or 0 to keep every event")
      .default(30),
  ),
  RECORDING_RETENTION_DAYS: z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).default(90)),
  AUDIO_MAX_SECONDS: Seconds.default(DEFAULT_AUDIO_MAX_SECONDS),
  SPEECH_RECOGNITION: z.preprocess(unsetIfBlank, z.enum(["pocketsphinx", "off"]).default("pocketsphinx")),
  SIGNIN_FAILURES_PER_ACCOUNT: Count.default(DEFAULT_SIGNIN_LIMITS.failuresPerAccount),
  SIGNIN_FAILURES_PER_ADDRESS: Count.default(DEFAULT_SIGNIN_LIMITS.failuresPerAddress),
  SIGNIN_WINDOW_SECONDS: Seconds.default(DEFAULT_SIGNIN_LIMITS.windowMs / 1000),
  SIGNIN_DELAY_SECONDS: Seconds.default(DEFAULT_SIGNIN_LIMITS.delayMs / 1000),
  SIGNIN_MAX_DELAY_SECONDS: Seconds.default(DEFAULT_SIGNIN_LIMITS.maxDelayMs / 1000),
  SIGNIN_REFUSAL_HOLD_MS: z.preprocess(unsetIfBlank, z.coerce.number().int().min(0).max(10_000).optional()).default(DEFAULT_SIGNIN_LIMITS.refusalHoldMs),
  PASSWORD_HASH_CONCURRENCY: AtLeastOne,
  PASSWORD_HASH_QUEUE: Count,
  ALLOWED_APP_ORIGINS: Origins,
  METRICS_TOKEN: z.preprocess(unsetIfBlank, z.string().optional()),
  LOG_FORMAT: z.preprocess(unsetIfBlank, z.enum(["text", "json"]).default("text")),
  INSTANCE_ID: z.preprocess(unsetIfBlank, z.string().regex(/^[\w.:-]{1,100}$/, "letters, digits, . _ : - only (at most 100)").optional()),
}).refine((env) => env.SIGNIN_MAX_DELAY_SECONDS >= env.SIGNIN_DELAY_SECONDS, {
  message: "must be at least SIGNIN_DELAY_SECONDS",
  path: ["SIGNIN_MAX_DELAY_SECONDS"],
});

/** Reads the configuration; throws a message naming the variable when one is wrong. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const shownHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
  const config = RuntimeConfig.safeParse({
    host: e.HOST,
    port: e.PORT,
    dataDir: dataDirFromEnv(env),
    database: databaseTargetFromEnv(env),
    publicUrl: (e.PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, ""),
    apiKey: e.SWITCHBOARD_API_KEY || undefined,
    adminEmail: e.ADMIN_EMAIL || undefined,
    adminPassword: e.ADMIN_PASSWORD || undefined,
    httpAllowList: e.HTTP_CALLBACK_ALLOWLIST,
    seedExamples: e.SEED_EXAMPLES === "1" || e.SEED_EXAMPLES === "true",
    analyticsRollups: e.ANALYTICS_ROLLUPS === "1" || e.ANALYTICS_ROLLUPS === "true",
    demoAgentPassword: e.DEMO_AGENT_PASSWORD || undefined,
    staticDir: e.STATIC_DIR,
    secretKey: e.SWITCHBOARD_SECRET_KEY?.trim() || undefined,
    providerApis: {
      twilio: e.TWILIO_API_BASE_URL.replace(/\/+$/, ""),
      whatsappGraph: e.WHATSAPP_GRAPH_BASE_URL.replace(/\/+$/, ""),
      telegram: e.TELEGRAM_API_BASE_URL.replace(/\/+$/, ""),
    },
    webchatLimits: {
      newVisitorsPerIp: e.WEBCHAT_NEW_VISITORS_PER_IP,
      newVisitorsWindowMs: e.WEBCHAT_NEW_VISITORS_WINDOW_SECONDS * 1000,
      messagesPerSocket: e.WEBCHAT_MESSAGES_PER_SOCKET,
      messagesWindowMs: e.WEBCHAT_MESSAGES_WINDOW_SECONDS * 1000,
      trustProxy: e.TRUST_PROXY,
      limitLoopback: e.WEBCHAT_LIMIT_LOOPBACK === "1" || e.WEBCHAT_LIMIT_LOOPBACK === "true",
    },
    inboundRetentionDays: e.INBOUND_RETENTION_DAYS,
    audioMaxSeconds: e.AUDIO_MAX_SECONDS,
    speechRecognition: e.SPEECH_RECOGNITION,
    signinLimits: {
      failuresPerAccount: e.SIGNIN_FAILURES_PER_ACCOUNT,
      failuresPerAddress: e.SIGNIN_FAILURES_PER_ADDRESS,
      windowMs: e.SIGNIN_WINDOW_SECONDS * 1000,
      delayMs: e.SIGNIN_DELAY_SECONDS * 1000,
      maxDelayMs: e.SIGNIN_MAX_DELAY_SECONDS * 1000,
      refusalHoldMs: e.SIGNIN_REFUSAL_HOLD_MS,
      trustProxy: e.TRUST_PROXY,
    },
    passwordWork: passwordWorkLimits({ concurrency: e.PASSWORD_HASH_CONCURRENCY, queue: e.PASSWORD_HASH_QUEUE }),
    allowedAppOrigins: e.ALLOWED_APP_ORIGINS,
    recordingRetentionDays: e.RECORDING_RETENTION_DAYS,
    media: readMediaConfig(env),
    sip: readSipConfig(env),
    metricsToken: e.METRICS_TOKEN,
    logFormat: e.LOG_FORMAT,
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(),
    bus: busTargetFromEnv(env),
  });
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  return config.data;
}
