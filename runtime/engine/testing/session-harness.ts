import { createSession } from "../create-session";
import type { Effect } from "../effects";
import type { EngineEnv } from "../env";
import type { EngineEvent } from "../events";
import type { FlowVersionRef } from "../flow-version";
import { DEFAULT_LIMITS, type EngineLimits } from "../limits";
import { SessionState } from "../session-state";
import { step, type StepResult } from "../step";
import type { StepRecord } from "../step-record";

export interface HarnessOptions {
  flow: FlowVersionRef;
  channel?: "voice" | "chat";
  channelType?: string;
  /** Other flows goto_flow can reach (their current published versions). */
  published?: Iterable<FlowVersionRef>;
  now?: Date;
  limits?: Partial<EngineLimits>;
  variables?: Record<string, string | number | boolean>;
  caller?: { phone?: string; name?: string; id?: string };
  call?: { id?: string; from?: string; to?: string };
  /** What the runtime would have found: the session's call may not reach the phone network (a WhatsApp call). */
  phoneNetworkRefusal?: string;
}

/**
 * Drives one session through `step` like a runtime would: it keeps the state (re-parsed from JSON
 * after every step, as a store would), the clock, and everything the engine produced.
 * For tests and the simulator.
 */
export class SessionHarness {
  state: SessionState;
  now: Date;
  limits: EngineLimits;
  readonly effects: Effect[] = [];
  readonly steps: StepRecord[] = [];
  last: StepResult;
  private readonly versions = new Map<string, FlowVersionRef>();
  private readonly published = new Map<string, FlowVersionRef>();
  private readonly phoneNetworkRefusal: string | undefined;

  constructor(options: HarnessOptions) {
    this.phoneNetworkRefusal = options.phoneNetworkRefusal;
    this.now = options.now ?? new Date("2026-06-03T15:00:00Z");
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    for (const flow of [options.flow, ...(options.published ?? [])]) {
      this.versions.set(`${flow.flowId}@${flow.version}`, flow);
      this.published.set(flow.flowId, flow);
    }
    const channel = options.channel ?? "voice";
    this.state = createSession({
      sessionId: "s-1",
      flow: options.flow,
      channel: { kind: channel, type: options.channelType ?? (channel === "voice" ? "twilio_voice" : "webchat") },
      ...(options.caller ? { caller: options.caller } : {}),
      ...(options.call ? { call: options.call } : {}),
      ...(options.variables ? { variables: options.variables } : {}),
      now: this.now,
    });
    this.last = { state: this.state, effects: [], steps: [] };
  }

  /** The version the session is pinned to. */
  get flow(): FlowVersionRef {
    const flow = this.versions.get(`${this.state.flow.flowId}@${this.state.flow.version}`);
    if (!flow) throw new Error(`no version ${this.state.flow.flowId}@${this.state.flow.version}`);
    return flow;
  }

  get env(): EngineEnv {
    return {
      now: this.now,
      limits: this.limits,
      loadFlow: (flowId) => this.published.get(flowId),
      loadVersion: (flowId, version) => this.versions.get(`${flowId}@${version}`),
      ...(this.phoneNetworkRefusal === undefined ? {} : { phoneNetworkRefusal: this.phoneNetworkRefusal }),
    };
  }

  /** Makes `flow` the published version of its flow (older versions stay loadable, as in a store). */
  publish(flow: FlowVersionRef): void {
    this.versions.set(`${flow.flowId}@${flow.version}`, flow);
    this.published.set(flow.flowId, flow);
  }

  /** Sends one event; returns what that step produced. */
  send(event: EngineEvent): StepResult {
    const result = step({ flow: this.flow, state: this.state, event, env: this.env });
    for (const version of this.published.values()) this.versions.set(`${version.flowId}@${version.version}`, version);
    this.state = SessionState.parse(JSON.parse(JSON.stringify(result.state)));
    this.effects.push(...result.effects);
    this.steps.push(...result.steps);
    this.last = result;
    return result;
  }

  start(): StepResult {
    return this.send({ type: "start" });
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** The effects of the last step, by type. */
  lastOf<T extends Effect["type"]>(type: T): Array<Extract<Effect, { type: T }>> {
    return this.last.effects.filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);
  }

  /** The current collect token (the one a timeout or answer would echo). */
  get token(): string | undefined {
    return this.state.waiting?.token;
  }

  /** The texts said or sent in the last step, in order. */
  get said(): string[] {
    return this.last.effects.flatMap((effect) =>
      effect.type === "prompt" || effect.type === "message" ? [effect.text ?? `audio:${effect.type === "prompt" ? effect.audio : ""}`] : [],
    );
  }

  /** The path so far as `nodeId:outcome`. */
  get path(): string[] {
    return this.steps.map((record) => `${record.nodeId}:${record.reason ? `${record.outcome}(${record.reason})` : record.outcome}`);
  }
}
