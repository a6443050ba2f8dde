import type { Leg, LegRoute } from "../legs/leg";
import { PcmFifo } from "../legs/pcm-fifo";
import { mixExcept } from "./mix-frames";

/** 100 ms of 48 kHz audio: the most a mixed leg's input may lag before its oldest samples go. */
const MIX_BUFFER_SAMPLES = 4800;

/**
 * Legs that hear each other. Each leg's route is worked out from the others' state whenever
 * something changes (a leg joins or leaves, is muted, held or resumed, starts or ends a prompt):
 * - its own prompt, else its hold music (a held leg hears music and is heard by nobody);
 * - else the legs it can hear (connected, not muted, not held): none → silence; one → that leg
 *   relayed as it arrives (no transcoding when the codecs match); two or more → a mix of them
 *   (each hears the others, never itself).
 * Removing a leg reroutes the rest at once; their egress keeps seq and timestamps continuous.
 */
export class Bridge {
  private readonly members = new Set<Leg>();

  constructor(readonly id: string) {}

  get legs(): readonly Leg[] {
    return [...this.members];
  }

  add(leg: Leg): void {
    this.members.add(leg);
    leg.bridgeId = this.id;
    leg.onRerouteNeeded = () => this.reroute();
    this.reroute();
  }

  remove(leg: Leg): void {
    if (!this.members.delete(leg)) return;
    leg.bridgeId = undefined;
    leg.onRerouteNeeded = (alone) => alone.rerouteAlone();
    leg.setRoute({ kind: "silence" });
    leg.mixInput = undefined;
    leg.rerouteAlone();
    this.reroute();
  }

  /** Removes every leg (each then hears only its own prompts, or silence). */
  dissolve(): void {
    for (const leg of [...this.members]) this.remove(leg);
  }

  reroute(): void {
    const mixed = new Set<Leg>();
    for (const leg of this.members) {
      const route = this.routeFor(leg);
      if (route.kind === "mix") for (const from of route.from) mixed.add(from);
      leg.setRoute(route);
    }
    for (const leg of this.members) {
      if (mixed.has(leg)) leg.mixInput ??= new PcmFifo(MIX_BUFFER_SAMPLES);
      else leg.mixInput = undefined;
    }
  }

  /** Once per tick, before the legs' own tick: every leg routed to a mix gets its frame. */
  mix(): void {
    const inputs = new Map<Leg, Int16Array>();
    for (const leg of this.members) {
      const frame = leg.mixInput === undefined ? undefined : leg.takeMixFrame();
      if (frame !== undefined) inputs.set(leg, frame);
    }
    for (const leg of this.members) {
      if (leg.route.kind !== "mix" || leg.ended) continue;
      leg.sendMix(this.id, mixExcept(leg.route.from, inputs));
    }
  }

  private routeFor(leg: Leg): LegRoute {
    if (leg.prompt !== undefined) return { kind: "playback", playback: leg.prompt };
    if (leg.hold !== undefined) return { kind: "playback", playback: leg.hold };
    const heard = [...this.members].filter((other) => other !== leg && other.contributing);
    const [only] = heard;
    if (only === undefined) return { kind: "silence" };
    if (heard.length === 1) return { kind: "relay", from: only };
    return { kind: "mix", from: heard };
  }
}
