import { type Http2Bindings, type HttpBindings, type ServerType, serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { RuntimeConfig } from "./config";
import { createAudioServices } from "./audio/audio-services";
import { pruneRecordingsOnTimer } from "./calls/recording-retention";
import { ensureRecordingsDir, sessionRecordingsDir } from "./calls/recordings-folder";
import { provisionAccess } from "./bootstrap/provision-access";
import { seedDemoTeam } from "./bootstrap/seed-demo-team";
import { livePatternNotes } from "./bootstrap/live-pattern-notes";
import { seedExamples } from "./bootstrap/seed-examples";
import { channelSettings } from "./channels/channel-settings";
import { createApp } from "./http/app";
import { AgentHub } from "./http/ws/agent-hub";
import { AgentSocket } from "./http/ws/agent-socket";
import { appWebSockets } from "./http/ws/app-websockets";
import { processLog } from "./logging/process-log";
import { type PresenceOptions, PresenceTracker } from "./rooms/presence";
import { Rooms } from "./rooms/rooms";
import { FlowCache } from "./sessions/flow-cache";
import { runtimeLimits } from "./sessions/runtime-limits";
import { SessionRunner } from "./sessions/session-runner";
import { TimerWorker } from "./sessions/timer-worker";
import { pruneInboundOnTimer } from "./store/inbound-retention";
import { describeTarget } from "./store/database-target";
import { openStore, type Store } from "./store/open-store";
import { backfillAnalytics } from "./store/analytics/analytics-backfill";
import { passwordWork } from "./store/password";
import { createMediaServices, type MediaServices } from "./media/media-services";
import { speechOnCalls } from "./speech/speech-on-calls";
import { BackgroundServices } from "./background-services";
import { SipTrunks } from "./channels/sip-trunk/sip-trunks";
import { formatLog } from "./logging/log-line";
import { Observability } from "./observability/observability";
import { startingApp } from "./observability/starting-app";
import { StoreCounts } from "./observability/store-counts";
import { InMemoryEventBus } from "./rooms/event-bus";
import { openBus } from "./bus/open-bus";
import type { RoomEvent } from "./rooms/room-events";

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  store: Store;
  runner: SessionRunner;
  /** Agent rooms (channel drivers post customer messages here). */
  rooms: Rooms;
  /** The SIP endpoint and its trunks (listening once a sip_trunk channel is enabled). */
  sipTrunks: SipTrunks | undefined;
  /** The media plane's runtime side (calls, softphones, Twilio Media Streams). */
  media: MediaServices;
  /** Metrics, readiness and health of this instance. */
  observability: Observability;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Default: stdout, buffered (`processLog`). */
  log?: (line: string) => void;
  /** Agent presence: heartbeat timeout and sweep interval (tests shorten them). */
  presence?: PresenceOptions;
  /** Called once the server listens, before its start-up work runs (tests ask /ready then). */
  onListening?: (url: string) => Promise<void> | void;
}

type FetchHandler = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/**
 * Brings the runtime up: listens at once (answering `/ready` 503 and every API call 503 while it
 * starts), opens (and migrates) the database, provisions access, seeds the examples on first
 * start, loads the published flows, recovers live calls, starts the timer worker, then serves the
 * whole app and says it is ready.
 */
export async function startServer(config: RuntimeConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = formatLog(options.log ?? processLog().write, config.logFormat, config.instanceId);
  const flushLog = options.log === undefined ? () => processLog().flush() : undefined;
  const observability = new Observability(config.instanceId, config.metricsToken);
  let handle: FetchHandler = startingApp(observability, log).fetch;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: (request, env) => handle(request, env), hostname: config.host, port: config.port }, () => resolve(started));
    started.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? (address satisfies AddressInfo).port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  try {
    await options.onListening?.(url);
    return await bringUp();
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  async function bringUp(): Promise<RunningServer> {
    passwordWork.configure(config.passwordWork);
    observability.readiness.notReady("migrating");
    // Migrates first (PostgreSQL: under its advisory lock, so /ready says "migrating" meanwhile).
    const store = await openStore(config.database, { rollups: config.analyticsRollups }).catch((error: unknown) => {
      throw new Error(`cannot open the database, ${describeTarget(config.database)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    const counts = new StoreCounts(store.db);
    observability.database.use(() => counts.ping());
    const bus = await openBus(config.bus, config.instanceId).catch(async (error: unknown) => {
      await store.close(); // an engine bus it cannot reach stops the start (BusUnavailable)
      throw error;
    });
    observability.useBus(bus);
    observability.readiness.notReady("recovering");
    // Once per database: the analytics rollups of what was stored before they existed, before any live write.
    if (await backfillAnalytics(store.db)) log("analytics: rollups filled from the stored sessions and conversations (once)");
    const access = await provisionAccess(store, config);
    let setupToken = access.setupToken;
    if (config.seedExamples) {
      const seeded = await seedExamples(store);
      if (seeded.length > 0) {
        log(`imported and published ${seeded.length} example flows: ${seeded.join(", ")}`);
        for (const note of await seedDemoTeam(store, config.demoAgentPassword)) log(note);
      }
    }
    for (const note of access.notes) log(note);

    const cache = new FlowCache(store.flows);
    await cache.load();
    for (const note of await livePatternNotes(store, cache)) log(note);
    const rooms = new Rooms({ store, bus: new InMemoryEventBus<RoomEvent>(), presence: new PresenceTracker(options.presence) });
    const { metrics } = observability;
    const runner = new SessionRunner({
      store,
      cache,
      limits: runtimeLimits({ httpAllowList: config.httpAllowList }),
      transfers: rooms.transfers,
      observers: [
        {
          onStep: (record) => {
            metrics.engineSteps.inc({ node_type: record.nodeType });
            log(`step ${record.sessionId} #${record.seq} ${record.flowId}@${record.version} ${record.nodeId} ${record.outcome}${record.note === undefined ? "" : ` (${record.note})`}`, { sessionId: record.sessionId });
          },
        },
      ],
    });
    rooms.connect(runner);
    await rooms.start();
    const agentSocket = new AgentSocket(store, new AgentHub(store, rooms));
    const worker = new TimerWorker({
      store,
      runner,
      onClaimed: (timers, now) => {
        metrics.timersClaimed.inc(timers.length);
        for (const timer of timers) metrics.timersLate.observe(Math.max(0, now - timer.dueAt) / 1000);
      },
    });
    const stopPruning = pruneInboundOnTimer(store.inbound, { days: config.inboundRetentionDays, log });
    const recordings = ensureRecordingsDir(config.dataDir);
    const stopRecordingRetention = pruneRecordingsOnTimer(store.calls, { days: config.recordingRetentionDays, dir: recordings, log });

    const audio = await createAudioServices(store, config.dataDir, log, { maxSeconds: config.audioMaxSeconds });
    if (!audio.engines.espeak) log("espeak-ng is not installed: prompts with espeak or piper voices are spoken by the channel (Twilio <Say>)");
    const speech = speechOnCalls(config.speechRecognition, log);
    const media = await createMediaServices({ store, runner, rooms, audio, loadFlow: cache.loadFlow, dataDir: config.dataDir, config: config.media, log, ...(speech === undefined ? {} : { speech }) });
    agentSocket.useSoftphones(media.agentLegs);
    const background = new BackgroundServices();
    const app = createApp({
      store,
      runner,
      publicUrl: config.publicUrl,
      setupToken: () => setupToken,
      onSetupDone: () => {
        setupToken = undefined;
      },
      onLiveVersionChanged: async (flowId) => {
        await cache.refresh(flowId);
      },
      log,
      ...(flushLog === undefined ? {} : { flushLog }),
      staticDir: config.staticDir,
      rooms: { rooms, socket: agentSocket },
      channels: channelSettings(config),
      audio,
      webchatLimits: config.webchatLimits,
      signinLimits: config.signinLimits,
      allowedOrigins: config.allowedAppOrigins,
      media,
      recordingsDir: recordings,
      sessionRecordingsDir: sessionRecordingsDir(config.dataDir),
      sip: config.sip,
      rtpPorts: config.media.rtpPorts,
      httpAllowList: config.httpAllowList,
      background,
      observability,
    });
    await background.startAll();
    observability.metrics.watch({
      timersDue: () => counts.timersDue(),
      sessionsWaiting: () => counts.sessionsWaiting(),
      offersOpen: () => counts.offersOpen(),
      callsInProgress: () => media.calls.liveByChannelType(),
      busLagSeconds: () => bus.lagSeconds(),
      probeBus: () => bus.health(),
      probeDatabase: () => observability.database.check(),
    });

    handle = app.fetch;
    agentSocket.attach(server);
    appWebSockets(app).attach(server); // every socket route (/ws/agent, /ws/webchat/:channelId) shares one upgrade handler
    // Timers last: one overdue after a restart fires at once, and its effects must find the channel
    // drivers (createApp wires the push observer that sends them to the provider).
    worker.start();
    await worker.runDue(); // timers that fell due while the server was down fire before it says it is ready
    observability.readiness.ready();
    log(`switchboard listening on ${url}`);
    if (setupToken !== undefined) {
      const base = config.port === 0 && config.publicUrl.endsWith(":0") ? url : config.publicUrl;
      log(`no admin yet: open ${base}/setup?token=${setupToken} to create one (or POST /api/auth/setup with that token)`);
    }

    return {
      url,
      store,
      runner,
      rooms,
      sipTrunks: background.find(SipTrunks),
      media,
      observability,
      close: async () => {
        observability.readiness.notReady("stopping");
        await worker.stop();
        await background.closeAll();
        await media.close();
        await speech?.close();
        stopPruning();
        stopRecordingRetention();
        agentSocket.close();
        appWebSockets(app).closeAll(1001, "server shutting down");
        await rooms.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await bus.close();
        await store.close(); // after the writes still queued are committed
      },
    };
  }
}
