import { createServer } from "node:http";
import { createHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { configFromEnv } from "../runtime/config";
import { MediaPlane } from "../runtime/media/media-plane";
import { startServer } from "../runtime/server";

/**
 * The runtime as `npm start` runs it (runtime/main.ts), for bench/sip-calls.bench.ts, plus what a
 * bench needs to see inside it on a second port (BENCH_STATS_PORT, 127.0.0.1):
 * `GET /stats?reset=1` → the media process's stats (CPU, RSS, the frame clock's lateness since the
 * last reset), the runtime's event-loop lag since the last reset (beyond the 10 ms the histogram's
 * timer waits), how long the media process took to answer `leg.rtp` (an INVITE's offer → our SDP,
 * inside INVITE → 200) since the last reset, the media process's pid, and the SIP endpoint's
 * counters. The runtime does not hand out its MediaPlane, so this entry notes the instance when it
 * starts (the runtime makes exactly one) and times its `leg.rtp` commands. Env: as
 * runtime/main.ts, plus BENCH_STATS_PORT.
 */
const statsPort = Number(process.env.BENCH_STATS_PORT ?? "");
if (!Number.isInteger(statsPort) || statsPort <= 0) throw new Error("BENCH_STATS_PORT is required");

const planes = new Set<MediaPlane>();
const startPlane = MediaPlane.prototype.start;
MediaPlane.prototype.start = function (this: MediaPlane) {
  planes.add(this);
  return startPlane.call(this);
};
/** `leg.rtp` round trips to the media process, in µs. */
const legSetup = createHistogram();
const sendCommand = MediaPlane.prototype.send;
MediaPlane.prototype.send = async function (this: MediaPlane, command) {
  if (command.type !== "leg.rtp") return sendCommand.call(this, command);
  const started = performance.now();
  try {
    return await sendCommand.call(this, command);
  } finally {
    legSetup.record(Math.max(1, Math.round((performance.now() - started) * 1000)));
  }
};

/** The histogram's timer fires every RESOLUTION_MS: what it records beyond that is the loop's lag. */
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
const server = await startServer(configFromEnv());

const lagMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

async function stats(reset: boolean): Promise<unknown> {
  const [plane] = planes;
  const running = plane?.running === true;
  const media = running ? await plane.stats(reset ? { resetLateness: true } : {}) : undefined;
  const mediaPid = running ? await plane.pid() : undefined;
  const eventLoop = { p50Ms: lagMs(loop.percentile(50)), p99Ms: lagMs(loop.percentile(99)), maxMs: lagMs(loop.max) };
  const legRtp = { count: legSetup.count, p50Ms: legSetup.percentile(50) / 1000, p99Ms: legSetup.percentile(99) / 1000, maxMs: legSetup.max / 1000 };
  if (reset) {
    loop.reset();
    legSetup.reset();
  }
  const sip = server.sipTrunks;
  return {
    media: media ?? null,
    mediaPid: mediaPid ?? null,
    eventLoop,
    legRtp,
    sip: { transport: sip?.transportCounters ?? null, inbound: sip?.inbound.counters ?? null, dialogs: sip?.links.size ?? 0 },
  };
}

const statsServer = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname !== "/stats") {
    response.writeHead(404).end();
    return;
  }
  stats(url.searchParams.get("reset") === "1").then(
    (body) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)),
    (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error)),
  );
});
statsServer.listen(statsPort, "127.0.0.1");

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  statsServer.close();
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
