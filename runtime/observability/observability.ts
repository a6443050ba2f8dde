import type { Bus } from "../bus/bus";
import { DatabaseProbe } from "./database-probe";
import { InstanceMetrics } from "./instance-metrics";
import { Readiness } from "./readiness";

/**
 * One instance's observability: its metrics registry, readiness, database probe and bus, made
 * before anything else starts so `/ready`, `/health` and `/metrics` answer from the moment the
 * server listens. `/metrics` is served only when `metricsToken` is set.
 */
export class Observability {
  readonly metrics: InstanceMetrics;
  readonly readiness = new Readiness();
  readonly database: DatabaseProbe;
  private currentBus: Bus | undefined;

  constructor(
    readonly instance: string,
    readonly metricsToken: string | undefined,
  ) {
    this.metrics = new InstanceMetrics(instance);
    this.database = new DatabaseProbe((seconds) => this.metrics.databaseLatency.observe(seconds));
  }

  /** The bus between instances (runtime/bus), once open: `/health` probes it. */
  useBus(bus: Bus): void {
    this.currentBus = bus;
  }

  get bus(): Bus | undefined {
    return this.currentBus;
  }
}
