import { type ServerType, serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { RuntimeConfig } from "./config";
import { provisionAccess } from "./bootstrap/provision-access";
import { seedDemoTeam } from "./bootstrap/seed-demo-team";
import { seedExamples } from "./bootstrap/seed-examples";
import { createApp } from "./http/app";
import { FlowCache } from "./sessions/flow-cache";
import { runtimeLimits } from "./sessions/runtime-limits";
import { SessionRunner } from "./sessions/session-runner";
import { TimerWorker } from "./sessions/timer-worker";
import { openStore, type Store } from "./store/open-store";

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  store: Store;
  runner: SessionRunner;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
}

/**
 * Brings the runtime up: opens (and migrates) the database, provisions access, seeds the
 * examples on first start, loads the published flows, starts the timer worker, serves HTTP.
 */
export async function startServer(config: RuntimeConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = openStore({ dataDir: config.dataDir });
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
  const runner = new SessionRunner({
    store,
    cache,
    limits: runtimeLimits({ httpAllowList: config.httpAllowList }),
    observers: [{ onStep: (record) => log(`step ${record.sessionId} #${record.seq} ${record.flowId}@${record.version} ${record.nodeId} ${record.outcome}`) }],
  });
  const worker = new TimerWorker({ store, runner });
  worker.start();

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
    staticDir: config.staticDir,
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(started));
    started.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? (address satisfies AddressInfo).port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log(`switchboard listening on ${url}`);
  if (setupToken !== undefined) {
    const base = config.port === 0 && config.publicUrl.endsWith(":0") ? url : config.publicUrl;
    log(`no admin yet: open ${base}/setup?token=${setupToken} to create one (or POST /api/auth/setup with that token)`);
  }

  return {
    url,
    store,
    runner,
    close: async () => {
      await worker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
