import { dirname, join } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AudioServices } from "../audio/audio-services";
import { createChannelRuntime } from "../channels/channel-runtime";
import type { ChannelSettings } from "../channels/channel-settings";
import type { Rooms } from "../rooms/rooms";
import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import { installPromptAudio } from "../tts/prompt-audio";
import { ApiError, fieldError } from "./api-error";
import { bodySizeLimit } from "./body-size-limit";
import type { AppEnv } from "./app-env";
import { AppOrigins } from "./auth/app-origins";
import { authenticate, findPrincipal } from "./auth/authenticate";
import { refuseCrossSite } from "./auth/refuse-cross-site";
import { errorHandler } from "./error-handler";
import { apiKeysRoutes } from "./routes/api-keys-routes";
import { audioFilesRoutes } from "./routes/audio-files-routes";
import { audioRoutes } from "./routes/audio-routes";
import { authRoutes } from "./routes/auth-routes";
import { callsRoutes, type PlaceCall } from "./routes/calls-routes";
import { channelsRoutes } from "./routes/channels-routes";
import { ProviderInsights } from "../rooms/provider-insights";
import { mountLiveSocket } from "./ws/live-socket";
import { conversationAssistRoutes } from "./routes/conversation-assist-routes";
import { conversationsRoutes } from "./routes/conversations-routes";
import { flowsRoutes } from "./routes/flows-routes";
import { sessionsRoutes } from "./routes/sessions-routes";
import { simulationsRoutes } from "./routes/simulations-routes";
import { teamsRoutes } from "./routes/teams-routes";
import { analyticsRoutes } from "./routes/analytics-routes";
import { speechRoutes } from "./routes/speech-routes";
import { aiRoutes } from "./routes/ai-routes";
import { addressPolicy } from "../callbacks/address-policy";
import { TranscriptionProvider } from "../speech/transcription-provider";
import { AiProviders } from "../ai/ai-providers";
import { ttsRoutes } from "./routes/tts-routes";
import { usersRoutes } from "./routes/users-routes";
import { webhooksRoutes } from "./routes/webhooks-routes";
import { mountWebchatSocket } from "../channels/webchat/webchat-socket";
import { mountWebvoiceSocket } from "../channels/webvoice/webvoice-socket";
import { mountTwilioStreamSocket } from "../channels/twilio-voice/twilio-stream-socket";
import type { MediaServices } from "../media/media-services";
import type { VoiceMedia } from "../channels/twilio-voice/voice-media";
import type { BackgroundServices } from "../background-services";
import type { SipConfig } from "../channels/sip-trunk/sip-config";
import { PlacedCalls } from "../channels/sip-trunk/placed-calls";
import { WhatsAppPlacedCalls } from "../channels/whatsapp-cloud/whatsapp-placed-calls";
import { mediaRoutes } from "./routes/media-routes";
import type { WebchatLimits } from "../channels/webchat/webchat-limits";
import { serveWidgetScript } from "../channels/webchat/widget-script";
import { jsonBodies } from "./json-bodies";
import { SigninThrottle } from "./throttle/signin-throttle";
import type { SigninLimits } from "./throttle/signin-limits";
import { validationHook } from "./validation-hook";
import { serveWebApp } from "./web-app";
import type { AgentSocket } from "./ws/agent-socket";
import { httpMetrics } from "../observability/http-metrics";
import type { Observability } from "../observability/observability";
import { observabilityRoutes } from "../observability/observability-routes";

export interface AppDeps {
  store: Store;
  runner: SessionRunner;
  publicUrl: string;
  /** The one-time setup token while no user exists. */
  setupToken: () => string | undefined;
  onSetupDone: () => void;
  /** After publish, rollback or delete: the flow cache reloads that flow. */
  onLiveVersionChanged: (flowId: string) => Promise<void>;
  log: (line: string) => void;
  /** Writes out log lines still buffered (default: nothing to do). Called as each response is ready, so a request's lines precede its response. */
  flushLog?: () => void;
  /** The built web app (dist/designer). */
  staticDir: string;
  /** Agent rooms and their socket: `/api/conversations` and `/ws/agent` (left out: neither is served). */
  rooms?: { rooms: Rooms; socket: AgentSocket };
  /** Secret key and provider API base URLs for channels. */
  channels: ChannelSettings;
  /** The audio library, text to speech and the public audio files. */
  audio: AudioServices;
  /** The web chat socket's limits (default `DEFAULT_WEBCHAT_LIMITS`). */
  webchatLimits?: WebchatLimits;
  /** The sign-in throttle (default `DEFAULT_SIGNIN_LIMITS`). */
  signinLimits?: SigninLimits;
  /** Origins besides PUBLIC_URL's that serve the app's pages (`ALLOWED_APP_ORIGINS`). */
  allowedOrigins?: readonly string[];
  /** The media plane: browser voice calls and agents' softphones (left out: neither is served). */
  media?: MediaServices;
  /** `$DATA_DIR/recordings`: the call recordings `/api/calls/:id/recording` plays. */
  recordingsDir: string;
  /** `$DATA_DIR/session-recordings`: the voicemails `/api/sessions/:id/recordings/:recordingId` plays (default: beside `recordingsDir`). */
  sessionRecordingsDir?: string;
  /** The SIP endpoint's settings (sip_trunk channels need it and the media plane). */
  sip?: SipConfig;
  /** The media plane's RTP port range, shown to admins connecting a SIP trunk. */
  rtpPorts?: { min: number; max: number };
  /** `HTTP_CALLBACK_ALLOWLIST`: what the SSRF guard lets outbound requests reach (the transcription and AI providers). */
  httpAllowList?: readonly string[];
  /** Where the app's long-running parts (the SIP endpoint) are handed to the server to start and stop. */
  background?: BackgroundServices;
  /** This instance's metrics, readiness and health: `/metrics`, `/ready`, `/health`. */
  observability: Observability;
}

/** Routes anyone may call: signing in needs no credentials. */
const OPEN_ROUTES: ReadonlySet<string> = new Set(["POST /api/auth/login", "POST /api/auth/logout", "POST /api/auth/setup"]);

export const API_VERSION = "1.0.0";

/** The whole HTTP API on one Hono app. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(errorHandler(deps.log));

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    deps.log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
    deps.flushLog?.();
  });
  app.use("*", httpMetrics(deps.observability.metrics));
  observabilityRoutes(app, deps.observability);
  // The web app asks who is signed in before it knows; answering null (not 401) keeps its console clean.
  app.get("/auth/session", async (c) => c.json({ me: (await findPrincipal(c, deps.store)) ?? null }));

  const jsonLimit = bodySizeLimit({ maxSize: 8 * 1024 * 1024, refuse: () => new ApiError(413, "too_large", "the request body is larger than 8 MB") });
  // Cross-site request forgery: state changes riding on the cookie come from the app's own pages, as JSON.
  const origins = new AppOrigins(deps.publicUrl, deps.allowedOrigins);
  app.use("/api/*", refuseCrossSite(origins));
  app.use("/api/*", jsonBodies(new Set(["POST /api/audio"])));
  // Audio uploads have their own limit (20 MB, in audio-routes).
  app.use("/api/*", (c, next) => (c.req.method === "POST" && c.req.path === "/api/audio" ? next() : jsonLimit(c, next)));
  app.use("/api/*", authenticate(deps.store, OPEN_ROUTES));

  const channels = createChannelRuntime({
    store: deps.store,
    runner: deps.runner,
    publicUrl: deps.publicUrl,
    settings: deps.channels,
    log: deps.log,
    ...(deps.rooms === undefined ? {} : { rooms: deps.rooms.rooms }),
    ...(deps.media === undefined ? {} : { mediaCalls: deps.media.calls, iceServersFor: deps.media.iceServersFor, voiceMedia: voiceMediaOf(deps.media) }),
    ...(deps.sip === undefined ? {} : { sip: deps.sip }),
    ...(deps.rtpPorts === undefined ? {} : { rtpPorts: deps.rtpPorts }),
  });
  if (channels.sipTrunks !== undefined) deps.background?.add(channels.sipTrunks);
  app.route(
    "/api/auth",
    authRoutes({
      store: deps.store,
      secureCookies: deps.publicUrl.startsWith("https:"),
      setupToken: deps.setupToken,
      onSetupDone: deps.onSetupDone,
      throttle: new SigninThrottle(deps.signinLimits, deps.log),
    }),
  );
  app.route(
    "/api/flows",
    flowsRoutes({
      store: deps.store,
      onLiveVersionChanged: deps.onLiveVersionChanged,
      knownTeams: async () => (await deps.store.teams.listTeams()).map((team) => team.id),
      knownAiProviders: async () => (await deps.store.aiProviders.list()).flatMap((provider) => [provider.id, provider.name]),
      knownChannels: async () => (await channels.service.listRecords()).map(({ id, name, type, enabled }) => ({ id, name, type, enabled })),
      speechlessChannels: async (flowId) => {
        const records = await channels.service.listRecords();
        return records
          .filter((record) => record.flowId === flowId && record.enabled)
          .filter((record) => channels.drivers.some((driver) => driver.type === record.type && driver.kind === "voice" && !driver.capabilities.speech))
          .map((record) => record.name);
      },
    }),
  );
  app.route("/api/sessions", sessionsRoutes(deps.store, deps.sessionRecordingsDir ?? join(dirname(deps.recordingsDir), "session-recordings")));
  const placedCalls =
    channels.sipTrunks === undefined || deps.media === undefined || deps.rooms === undefined
      ? undefined
      : new PlacedCalls({ trunks: channels.sipTrunks, rooms: deps.rooms.rooms, calls: deps.media.calls, callAgents: deps.media.callAgents, agentLegs: deps.media.agentLegs, store: deps.store, log: deps.log });
  if (placedCalls !== undefined && deps.rooms !== undefined) placedCalls.subscribe(deps.rooms.rooms.bus);
  const whatsappCalls =
    deps.media === undefined || deps.rooms === undefined
      ? undefined
      : new WhatsAppPlacedCalls({
          channels: channels.service,
          rooms: deps.rooms.rooms,
          calls: deps.media.calls,
          callAgents: deps.media.callAgents,
          agentLegs: deps.media.agentLegs,
          store: deps.store,
          voice: channels.whatsapp.voice,
          graph: deps.channels.providerApis.whatsappGraph,
          log: deps.log,
        });
  const placeCall: PlaceCall | undefined =
    placedCalls === undefined && whatsappCalls === undefined
      ? undefined
      : async (actor, input) => {
          const record = await channels.service.getRecord(input.channelId);
          if (record?.type === "whatsapp_cloud" && whatsappCalls !== undefined) return whatsappCalls.forAgent(actor, input);
          if (placedCalls === undefined) throw new ApiError(503, "sip_unavailable", "body.channelId: this server places no SIP calls (no SIP endpoint is configured)");
          if (input.conversationId !== undefined) throw fieldError(400, "invalid_request", "body.conversationId", "only a WhatsApp call goes into an existing conversation");
          return placedCalls.forAgent(actor, input);
        };
  const media = deps.media;
  const hangupCall =
    media === undefined
      ? undefined
      : async (callId: string) => {
          if (media.calls.get(callId) === undefined) return false;
          await media.calls.hangup(callId, "agent");
          return true;
        };
  app.route("/api/calls", callsRoutes({ store: deps.store, recordingsDir: deps.recordingsDir, ...(placeCall === undefined ? {} : { placeCall }), ...(hangupCall === undefined ? {} : { hangupCall }) }));
  app.route("/api/teams", teamsRoutes(deps.store, deps.rooms?.rooms));
  app.route("/api/analytics", analyticsRoutes(deps.store));
  app.route("/api/users", usersRoutes(deps.store));
  app.route("/api/api-keys", apiKeysRoutes(deps.store));
  app.route("/api/audio", audioRoutes(deps.audio.library));
  app.route("/api/tts", ttsRoutes({ tts: deps.audio.tts, voices: deps.audio.voices }));
  const outbound = addressPolicy(deps.httpAllowList ?? []);
  app.route("/api/speech", speechRoutes(new TranscriptionProvider(deps.store.transcriptionProviders, channels.box, outbound)));
  const aiProviders = new AiProviders(deps.store.aiProviders, channels.box, outbound);
  app.route("/api/ai", aiRoutes(aiProviders));
  // ai_agent nodes ask these providers (through the same SSRF guard) for their model turns.
  deps.runner.useAiProviders((idOrName) => aiProviders.client(idOrName));
  app.route("/", audioFilesRoutes({ files: deps.audio.files, voices: deps.audio.voices }));
  // The Twilio voice TwiML asks it which prompts a server engine speaks (see runtime/tts/prompt-audio.ts).
  installPromptAudio(deps.audio.tts);
  app.route("/api/simulations", simulationsRoutes({ store: deps.store, runner: deps.runner }));
  if (deps.rooms !== undefined) {
    app.route("/api/conversations", conversationsRoutes({ store: deps.store, rooms: deps.rooms.rooms, ...(whatsappCalls === undefined ? {} : { whatsappCalls }) }));
    app.route("/api/conversations", conversationAssistRoutes({ store: deps.store, ai: aiProviders }));
    // The assist provider's summary of each closed conversation replaces the offline one when it arrives.
    new ProviderInsights({ store: deps.store, rooms: deps.rooms.rooms, assist: () => aiProviders.assist(), log: deps.log }).start();
    deps.rooms.socket.mount(app, origins);
    mountLiveSocket(app, origins, { store: deps.store, rooms: deps.rooms.rooms, log: deps.log });
  }
  app.route("/api/channels", channelsRoutes(channels));
  if (deps.media !== undefined) app.route("/api/media", mediaRoutes(deps.media));
  app.route("/webhooks", webhooksRoutes(channels, (channelType, outcome) => deps.observability.metrics.webhooks.inc({ channel_type: channelType, outcome })));
  // Web chat: the widget script and its socket (runtime/channels/webchat).
  serveWidgetScript(app, deps.staticDir);
  mountWebchatSocket(app, channels, deps.webchatLimits === undefined ? {} : { limits: deps.webchatLimits });
  if (deps.media !== undefined) mountWebvoiceSocket(app, channels, deps.media, deps.webchatLimits);
  // Twilio Media Streams: Twilio callers bridged to agents' softphones (runtime/media/streams).
  if (deps.media !== undefined) mountTwilioStreamSocket(app, channels, deps.media.streams);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "An API key: Authorization: Bearer sb_…" });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookie", { type: "apiKey", in: "cookie", name: "sb_session" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Switchboard API", version: API_VERSION, description: "Flows, versions, sessions and the simulator. Errors are {\"error\": {code, message, details}}." },
    servers: [{ url: deps.publicUrl }],
    security: [{ apiKey: [] }, { cookie: [] }],
  });

  serveWebApp(app, deps.staticDir);
  app.notFound((c) => c.json(new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`).body(), 404));
  return app;
}

/** What Twilio voice rooms need of the media plane: agents' softphones, and streams expected for calls moved to `<Connect><Stream>`. */
function voiceMediaOf(media: MediaServices): VoiceMedia {
  return {
    softphoneReady: (userId) => media.agentLegs.ready(userId) !== undefined,
    expectStream: (channelId, callSid, conversationId) => media.streams.expect(channelId, callSid, conversationId),
  };
}
