import type { BusStatus } from "../rooms/event-bus";
import { DatabaseProbe } from "./database-probe";
import { InstanceMetrics } from "./instance-metrics";
import { Readiness } from "./readiness";

/**
 * One instance's observability: its metrics registry, readiness, database probe and bus status,
 * made before anything else starts so `/ready`, `/health` and `/metrics` answer from the moment
 * the server listens. `/metrics` is served only when `metricsToken` is set.
 */
export class Observability {
  readonly metrics: InstanceMetrics;
  readonly readiness = new Readiness();
  readonly database: DatabaseProbe;
  private busStatus: BusStatus | undefined;

  constructor(
    readonly instance: string,
    readonly metricsToken: string | undefined,
  ) {
    this.metrics = new InstanceMetrics(instance);
    this.database = new DatabaseProbe((seconds) => this.metrics.databaseLatency.observe(seconds));
  }

  /** The bus room events go through (in-process today; a cross-instance bus reports here the same way). */
  useBus(bus: BusStatus): void {
    this.busStatus = bus;
  }

  get bus(): BusStatus | undefined {
    return this.busStatus;
  }
}
