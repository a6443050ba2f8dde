import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** What the gauges read at scrape time (each scrape asks once; nothing is tracked between scrapes). */
export interface MetricSources {
  /** Pending timers already due (not fired yet). */
  timersDue(): Promise<number>;
  /** Sessions waiting for outside input (a caller's key, a webhook, an agent…). */
  sessionsWaiting(): Promise<number>;
  /** Agent offers ringing now. */
  offersOpen(): Promise<number>;
  /** Live media calls on this instance, by channel type. */
  callsInProgress(): ReadonlyMap<string, number>;
  /** Seconds from publish to delivery of the last message this instance's bus delivered (probes included). */
  busLagSeconds(): number;
  /** Sends one probe through the bus and back (bounded; see runtime/bus/round-trip-probe.ts). */
  probeBus(): Promise<{ reachable: boolean }>;
  /** Runs one cheap query, timed into `databaseLatency` (see DatabaseProbe). */
  probeDatabase(): Promise<{ ok: boolean }>;
}

export type WebhookOutcomeLabel = "accepted" | "duplicate" | "refused";

const PREFIX = "switchboard_";

/**
 * One instance's Prometheus metrics, on a registry of its own (several servers may run in one
 * process, as in the tests). Counters and histograms are moved by the code they describe; gauges
 * are computed when `/metrics` is scraped, from `MetricSources` (given once the store is open).
 */
export class InstanceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<"route" | "method" | "status">;
  readonly httpDuration: Histogram<"route" | "method">;
  readonly webhooks: Counter<"channel_type" | "outcome">;
  readonly engineSteps: Counter<"node_type">;
  readonly timersClaimed: Counter;
  readonly timersLate: Histogram;
  readonly databaseLatency: Histogram;
  private sources: MetricSources | undefined;

  constructor(instance: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ instance_id: instance });
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.httpRequests = new Counter({ name: `${PREFIX}http_requests_total`, help: "HTTP requests answered, by matched route pattern, method and status.", labelNames: ["route", "method", "status"], registers });
    this.httpDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "Time to answer an HTTP request, by matched route pattern and method.",
      labelNames: ["route", "method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.webhooks = new Counter({
      name: `${PREFIX}webhooks_total`,
      help: "Provider webhooks: accepted (processed), duplicate (a retry recognised by the inbound log) or refused (4xx/5xx, nothing stored).",
      labelNames: ["channel_type", "outcome"],
      registers,
    });
    this.engineSteps = new Counter({ name: `${PREFIX}engine_steps_total`, help: "Committed engine steps, by node type.", labelNames: ["node_type"], registers });
    this.timersClaimed = new Counter({ name: `${PREFIX}timers_claimed_total`, help: "Durable timers claimed by this instance's timer worker.", registers });
    this.timersLate = new Histogram({
      name: `${PREFIX}timers_fired_late_seconds`,
      help: "How late a timer was claimed to fire: claim time minus due time.",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.databaseLatency = new Histogram({
      name: `${PREFIX}database_latency_seconds`,
      help: "Time of one cheap query (select 1), run at each scrape of /metrics and each /health.",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers,
    });
    const sources = () => this.sources;
    new Gauge({
      name: `${PREFIX}timers_due`,
      help: "Pending timers whose due time has passed (computed at scrape).",
      registers,
      async collect() {
        const from = sources();
        if (from !== undefined) this.set(await from.timersDue());
      },
    });
    new Gauge({
      name: `${PREFIX}sessions_waiting`,
      help: "Sessions waiting for outside input (computed at scrape).",
      registers,
      async collect() {
        const from = sources();
        if (from !== undefined) this.set(await from.sessionsWaiting());
      },
    });
    new Gauge({
      name: `${PREFIX}offers_open`,
      help: "Offers ringing at agents (computed at scrape).",
      registers,
      async collect() {
        const from = sources();
        if (from !== undefined) this.set(await from.offersOpen());
      },
    });
    new Gauge({
      name: `${PREFIX}calls_in_progress`,
      help: "Live media calls held by this instance, by channel type (computed at scrape).",
      labelNames: ["channel_type"],
      registers,
      collect() {
        const from = sources();
        if (from === undefined) return;
        this.reset();
        for (const [type, count] of from.callsInProgress()) this.set({ channel_type: type }, count);
      },
    });
    new Gauge({
      name: `${PREFIX}bus_up`,
      help: "1 when a probe published on the bus came back to this instance within the bus timeout at this scrape, else 0.",
      registers,
      async collect() {
        const from = sources();
        this.set(from !== undefined && (await from.probeBus()).reachable ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}bus_lag_seconds`,
      help: "Publish-to-delivery time of the last message this instance received on the bus (probes included; across machines, clock skew too).",
      registers,
      collect() {
        const from = sources();
        if (from !== undefined) this.set(from.busLagSeconds());
      },
    });
    new Gauge({
      name: `${PREFIX}database_up`,
      help: "1 when the probe query (timed into switchboard_database_latency_seconds) succeeded at this scrape, else 0.",
      registers,
      async collect() {
        const from = sources();
        this.set(from !== undefined && (await from.probeDatabase()).ok ? 1 : 0);
      },
    });
  }

  /** What the scrape-time gauges read (from the moment the store is open). */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
