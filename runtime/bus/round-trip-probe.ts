import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { BusDelivery, BusHealth, BusKind, BusMessage } from "./bus";

/** The topic every engine bus listens on for its own health probes. */
export const PROBE_TOPIC = "bus.probe";

const Probe = z.object({ probe: z.string() });

/**
 * `health()` of an engine bus: publishes a probe and waits for this instance's listener to receive
 * it, at most `timeoutMs`. That proves both paths (publishing connection, listening connection)
 * through the engine; a probe from another instance is ignored.
 */
export class RoundTripProbe {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly publish: (topic: string, message: BusMessage) => Promise<void>,
    private readonly timeoutMs: number,
  ) {}

  /** The probe topic's handler. */
  readonly handle = (delivery: BusDelivery): void => {
    if (!delivery.own) return;
    const parsed = Probe.safeParse(delivery.message);
    if (parsed.success) this.waiting.get(parsed.data.probe)?.();
  };

  /** A bus's health from one probe: reachable when it came back in time; `lagSeconds` read after it. */
  async health(kind: BusKind, lagSeconds: () => number): Promise<BusHealth> {
    const probed = await this.check();
    return probed.ok ? { kind, reachable: true, lagSeconds: lagSeconds() } : { kind, reachable: false, lagSeconds: lagSeconds(), error: probed.error };
  }

  /** Ok when the probe came back in time; else why not. */
  async check(): Promise<{ ok: true } | { ok: false; error: string }> {
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const back = new Promise<{ ok: true }>((resolve) => this.waiting.set(id, () => resolve({ ok: true })));
    const late = new Promise<{ ok: false; error: string }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `a probe did not come back within ${this.timeoutMs} ms` }), this.timeoutMs);
    });
    try {
      const sent = this.publish(PROBE_TOPIC, { probe: id }).then(
        () => back,
        (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
      );
      return await Promise.race([sent, late]);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }
}
