import { performHttpRequest } from "../callbacks/perform-http-request";
import {
  createSession,
  type Effect,
  type EndReason,
  type EngineEnv,
  type EngineEvent,
  type FlowVersionRef,
  SessionState,
  step,
  type StepResult,
} from "../engine/index";
import { type CreateSessionInput, type FirstStepInput, StaleRevision, type TimerChanges, type TimerInput } from "../store/index";
import { orderedId } from "../store/ordered-id";
import { dialCarrier } from "./dial-carrier";
import type { FlowCache } from "./flow-cache";
import { type HttpRequestEffect, httpResultEvent } from "./http-result-event";
import { type AiClients, performAiTurn } from "./perform-ai-turn";
import { KeyedLock } from "./keyed-lock";
import { type MessageSender, noMessageSender, type SendMessageEffect, sendResultEvent } from "./message-sender";
import type { DispatchOrigin, RunnerObserver } from "./runner-observer";
import type { RunnerOptions, RunnerStore } from "./runner-options";
import { type RuntimeLimits, runtimeLimits } from "./runtime-limits";
import { FlowNotFound, FlowNotPublished, PinnedFlowMissing, SessionBusy, SessionExists, SessionNotFound } from "./session-errors";
import { toStepInput } from "./step-input";
import { subflowVersionsNeeded } from "./subflow-versions";
import { phoneNetworkRefusal } from "../calls/phone-network";
import { type CachedSession, SessionStateCache } from "./session-state-cache";
import { RUNNER_TIMER_KINDS } from "./timer-kinds";
import { type TeamTransferTimeout, withTeamTimeouts } from "./team-transfer-timeout";
import { type InputTimerPolicy, timersForWait } from "./timer-plan";
import { noTransfers, type TransferHandler } from "./transfer-handler";

export interface StartInput {
  flowId: string;
  /** `published`: the live version; `draft`: the draft as it is now (the simulator), kept with the session. */
  source: "published" | "draft";
  channel: { kind: "voice" | "chat"; type: string; id?: string };
  /** The caller's or contact's address (phone number, chat id…). */
  contact?: string;
  caller?: { phone?: string; name?: string; id?: string };
  call?: { id?: string; from?: string; to?: string };
  variables?: Record<string, string | number | boolean>;
  /** Default: a new time-ordered id (UUIDv7: a session's rows go to the end of their indexes). */
  sessionId?: string;
}

export interface DispatchOptions {
  /** Default "channel". */
  origin?: DispatchOrigin;
}

export interface DispatchResult {
  sessionId: string;
  status: "active" | "waiting" | "ended";
  /** Every effect up to the next wait for outside input, in order (HTTP requests included). */
  effects: Effect[];
  state: SessionState;
  endReason?: EndReason;
}

/** What applying one event left: the state, its effects, and a callback to perform now. */
interface Applied {
  state: SessionState;
  effects: Effect[];
  http?: HttpRequestEffect;
  ai?: AiTurnEffect;
  send?: SendMessageEffect;
}

type AiTurnEffect = Extract<Effect, { type: "ai_turn" }>;

/**
 * Runs sessions: engine + store + timers + HTTP callbacks. Every event goes through `dispatch`:
 * load the session, `step`, commit state + steps + timer changes in one transaction (guarded by
 * rev), then perform the HTTP callback the session waits for and feed its result back. Events for
 * one session are applied one at a time, in arrival order. The store is the truth, so a restart
 * loses nobody; the parsed state of live sessions is also kept in a bounded cache
 * (`SessionStateCache`), so an event does not re-read what the runner just wrote. Every commit is
 * still guarded by rev: a state changed elsewhere is caught as stale, dropped and reloaded.
 */
export class SessionRunner {
  readonly clock: () => Date;
  readonly limits: RuntimeLimits;
  private readonly store: RunnerStore;
  private readonly flows: FlowCache;
  private readonly transfers: TransferHandler;
  private readonly observers: RunnerObserver[];
  private readonly onError: (error: unknown, where: string) => void;
  private readonly locks = new KeyedLock();
  private readonly sessions: SessionStateCache;
  private readonly inputTimers = new Map<string, InputTimerPolicy>();
  private readonly teamTimeout: TeamTransferTimeout;
  private aiClients: AiClients | undefined;
  private messages: MessageSender = noMessageSender;

  constructor(options: RunnerOptions) {
    this.store = options.store;
    const teams = options.store.teams;
    this.teamTimeout = teams === undefined ? () => Promise.resolve(undefined) : async (teamId) => (await teams.defaults(teamId))?.transferTimeoutSeconds;
    this.flows = options.cache;
    this.clock = options.clock ?? (() => new Date());
    this.limits = options.limits ?? runtimeLimits();
    this.transfers = options.transfers ?? noTransfers;
    this.observers = [...(options.observers ?? [])];
    this.onError = options.onError ?? ((error, where) => console.error(`session runner: ${where} failed`, error));
    this.sessions = new SessionStateCache(options.stateCacheSize);
    this.aiClients = options.aiClients;
  }

  /** Where ai_agent nodes' model turns go: the AI providers' chat clients (by id or name). */
  useAiProviders(clients: AiClients): void {
    this.aiClients = clients;
  }

  /**
   * Sets when input timers fire for sessions of one channel type (by default: the collect's
   * timeoutSeconds after the answer). Channel drivers register theirs at start.
   */
  setInputTimerPolicy(channelType: string, policy: InputTimerPolicy): void {
    this.inputTimers.set(channelType, policy);
  }

  /** Sets where send_message effects go (the channels runtime registers its messaging channels at start). */
  setMessageSender(sender: MessageSender): void {
    this.messages = sender;
  }

  /**
   * A session's current state (from the cache, else the store), for callers that need to know what
   * it waits for before they dispatch. Undefined when there is no such session.
   */
  async peek(sessionId: string): Promise<CachedSession | undefined> {
    return this.sessions.get(sessionId) ?? (await this.load(sessionId));
  }

  /** Reads a session from the store and caches it. */
  private async load(sessionId: string): Promise<CachedSession | undefined> {
    const head = await this.store.sessions.getSessionHead(sessionId);
    if (head === undefined) return undefined;
    const loaded = { rev: head.rev, state: SessionState.parse(head.state), channelType: head.channelType };
    this.sessions.remember(sessionId, loaded);
    return loaded;
  }

  /** Sessions with an event being applied or queued right now (0 when idle). */
  get activeSessions(): number {
    return this.locks.size;
  }

  /** Adds an observer; returns a function that removes it. */
  observe(observer: RunnerObserver): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    };
  }

  /**
   * Creates a session pinned to the flow version it starts on and applies `start`: the session and
   * its first step are written together.
   */
  async start(input: StartInput, options: DispatchOptions = {}): Promise<DispatchResult> {
    const flow = await this.startingVersion(input);
    const sessionId = input.sessionId ?? orderedId();
    const origin = options.origin ?? "channel";
    const started = await this.locks.run(sessionId, () => this.createAndStart(sessionId, flow, input, origin));
    // A session with this id was created earlier but never got its first step: start it now.
    if (started === undefined) return this.dispatch(sessionId, { type: "start" }, options);
    return this.finish(sessionId, started, origin);
  }

  /**
   * Applies one event to a session and everything that follows without outside input (HTTP
   * callbacks are performed here and answered). An event the session does not wait for writes
   * nothing and returns no effects.
   */
  async dispatch(sessionId: string, event: EngineEvent, options: DispatchOptions = {}): Promise<DispatchResult> {
    const origin = options.origin ?? "channel";
    const applied = await this.locks.run(sessionId, () => this.apply(sessionId, event, origin));
    return this.finish(sessionId, applied, origin);
  }

  /**
   * Performs the HTTP callback, model turn or message send the session waits for, feeds its result
   * back, until it waits for something else.
   */
  private async finish(sessionId: string, first: Applied, origin: DispatchOrigin): Promise<DispatchResult> {
    let applied = first;
    const effects = [...applied.effects];
    // The lock is not held during the request: a hangup, or keys pressed meanwhile, go through.
    for (;;) {
      const { http, send, state } = applied;
      let event: EngineEvent;
      if (http !== undefined) event = httpResultEvent(http, await performHttpRequest(http, this.limits.http));
      else if (applied.ai !== undefined) event = await performAiTurn(applied.ai, this.aiClients, this.modelTextHook(sessionId, applied.ai.nodeId));
      else if (send !== undefined) event = sendResultEvent(send, await this.sendMessage(sessionId, send, state));
      else break;
      applied = await this.locks.run(sessionId, () => this.apply(sessionId, event, origin));
      effects.push(...applied.effects);
    }
    const { state } = applied;
    return { sessionId, status: state.status, effects, state, ...(state.endReason === null ? {} : { endReason: state.endReason }) };
  }

  /** Streams a model turn to the observers that show it live; undefined (no streaming) when none does. */
  private modelTextHook(sessionId: string, nodeId: string): ((delta: string) => void) | undefined {
    if (!this.observers.some((observer) => observer.onModelText !== undefined)) return undefined;
    return (delta) => this.notify("onModelText", (observer) => observer.onModelText?.(sessionId, nodeId, delta));
  }

  /** One send_message, through the registered sender; whatever it throws is a failure, not a crash. */
  private async sendMessage(sessionId: string, effect: SendMessageEffect, state: SessionState): Promise<Awaited<ReturnType<MessageSender["send"]>>> {
    try {
      return await this.messages.send(effect, { sessionId, state });
    } catch (error) {
      this.onError(error, "messages.send");
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async startingVersion(input: StartInput): Promise<FlowVersionRef> {
    if (input.source === "draft") {
      const flow = await this.store.flows.getFlow(input.flowId);
      if (flow === undefined) throw new FlowNotFound(input.flowId);
      return { flowId: input.flowId, version: "draft", document: flow.draft };
    }
    const live = this.flows.loadFlow(input.flowId) ?? (await this.flows.refresh(input.flowId));
    if (live === undefined) throw new FlowNotPublished(input.flowId);
    return live;
  }

  /**
   * Creates the session and applies `start` to it, written in one transaction. Undefined when a
   * session with this id exists but never got its first step (a crash in between): it is reused.
   */
  private async createAndStart(sessionId: string, flow: FlowVersionRef, input: StartInput, origin: DispatchOrigin): Promise<Applied | undefined> {
    // A caller-chosen id may exist already; a fresh one of the runner's cannot.
    const existing = input.sessionId === undefined ? undefined : await this.store.sessions.getSessionHead(sessionId);
    if (existing !== undefined) {
      const state = SessionState.safeParse(existing.state);
      const neverStarted = state.success && state.data.currentNodeId === null && state.data.status === "active" && existing.flowId === input.flowId;
      if (neverStarted) return undefined;
      throw new SessionExists(sessionId);
    }
    const startedAt = this.clock();
    const state = createSession({
      sessionId,
      flow,
      channel: input.channel,
      now: startedAt,
      ...(input.caller === undefined ? {} : { caller: input.caller }),
      ...(input.call === undefined ? {} : { call: input.call }),
      ...(input.variables === undefined ? {} : { variables: input.variables }),
    });
    const created: CreateSessionInput = {
      id: sessionId,
      startedAt: startedAt.getTime(),
      flowId: flow.flowId,
      version: flow.version === "draft" ? null : flow.version,
      channelType: input.channel.type,
      channelId: input.channel.id ?? null,
      contact: input.contact ?? null,
      state,
      status: "active",
      ...(flow.version === "draft" ? { document: flow.document } : {}),
    };
    const event: EngineEvent = { type: "start" };
    const now = this.clock();
    const env = await this.env(sessionId, flow, state, now);
    const result = await withTeamTimeouts(step({ flow, state, event, env }), this.teamTimeout);
    if (result.state === state) {
      await this.store.sessions.createSession(created);
      return { state, effects: [] };
    }
    const timers = await this.timerChanges(sessionId, state, result, now.getTime());
    const committed = await this.store.sessions.createAndCommit(created, commitOf(result, timers));
    this.sessions.remember(sessionId, { rev: committed.rev, state: result.state, channelType: input.channel.type });
    await this.afterCommit({ sessionId, before: state, result, event, origin, firstSeq: committed.stepCount - result.steps.length + 1, armed: timers.arm ?? [] });
    return { state: result.state, effects: result.effects, ...pendingWork(result) };
  }

  /** One event, under the session's lock: step and commit, retried when another writer got there first. */
  private async apply(sessionId: string, event: EngineEvent, origin: DispatchOrigin): Promise<Applied> {
    const attempts = this.limits.maxCommitAttempts;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      // The first attempt may use the cached state; a retry (stale rev) always reads the store.
      const head = (attempt === 1 ? this.sessions.get(sessionId) : undefined) ?? (await this.load(sessionId));
      if (head === undefined) throw new SessionNotFound(sessionId);
      const { state } = head;
      if (state.status === "ended") return { state, effects: [] };
      const flow = await this.pinnedFlow(sessionId, state);
      const now = this.clock();
      const env = await this.env(sessionId, flow, state, now);
      const result = await withTeamTimeouts(step({ flow, state, event, env }), this.teamTimeout);
      if (result.state === state) return { state, effects: [] };

      const timers = await this.timerChanges(sessionId, state, result, now.getTime());
      const committed = await this.store.sessions.commitStep({ ...commitOf(result, timers), sessionId, expectedRev: head.rev });
      if (!committed.ok) {
        this.sessions.forget(sessionId);
        if (committed.error instanceof StaleRevision) continue;
        throw new SessionNotFound(sessionId);
      }
      this.sessions.remember(sessionId, { rev: committed.value.rev, state: result.state, channelType: head.channelType });
      await this.afterCommit({ sessionId, before: state, result, event, origin, firstSeq: committed.value.stepCount - result.steps.length + 1, armed: timers.arm ?? [] });
      return { state: result.state, effects: result.effects, ...pendingWork(result) };
    }
    throw new SessionBusy(sessionId, attempts);
  }

  /** What the engine reads from the world for one step, the flow versions its subflow calls and returns can need loaded first. */
  private async env(sessionId: string, flow: FlowVersionRef, state: SessionState, now: Date): Promise<EngineEnv> {
    const versions = await subflowVersionsNeeded(flow, state, this.flows, (flowId) =>
      flow.flowId === flowId && flow.version === "draft" ? Promise.resolve(flow.document) : this.store.sessions.getDraftDocument(sessionId),
    );
    // Asked for every voice step (a dial fails on chat anyway): only a WhatsApp call's session can be refused, and a
    // media-plane call carries its call id from the first step, so no query is made for it.
    const calls = this.store.calls;
    const voice = state.channel.kind === "voice";
    const refusal = calls === undefined || !voice ? undefined : await phoneNetworkRefusal(calls, { channelType: state.channel.type, sessionId, callId: state.call.id }, dialCarrier(state.channel.type));
    return {
      now,
      limits: this.limits.engine,
      loadFlow: this.flows.loadFlow,
      loadVersion: (flowId, version) => versions.get(`${flowId}@${version}`),
      ...(refusal === undefined ? {} : { phoneNetworkRefusal: refusal }),
    };
  }

  /** The version the session runs on now (`state.flow`: changes on goto_flow). */
  private async pinnedFlow(sessionId: string, state: SessionState): Promise<FlowVersionRef> {
    const { flowId, version } = state.flow;
    if (version === "draft") {
      const document = await this.store.sessions.getDraftDocument(sessionId);
      if (document === undefined) throw new PinnedFlowMissing(sessionId, `${flowId}@draft`);
      return { flowId, version, document };
    }
    const flow = await this.flows.getVersion(flowId, version);
    if (flow === undefined) throw new PinnedFlowMissing(sessionId, `${flowId}@${version}`);
    return flow;
  }

  /**
   * The timer changes committed with a step. The wait the step ended in gets its timer; the
   * timers of the wait it left are cancelled. When the session still waits on the same token
   * (keys kept during an HTTP wait), its timers are carried over to the new rev unchanged.
   */
  private async timerChanges(sessionId: string, before: SessionState, result: StepResult, now: number): Promise<TimerChanges> {
    if (result.state.status === "ended") return {}; // ending cancels every pending timer
    const after = result.state.waiting;
    // The runner's timers are armed for a wait and cancelled as the session leaves it: a session
    // that waited for nothing has none to cancel.
    const cancelKinds = before.waiting === null ? [] : RUNNER_TIMER_KINDS;
    if (before.waiting !== null && after !== null && before.waiting.token === after.token) {
      const pending = await this.store.timers.listPending(sessionId);
      const carried = pending.filter((timer) => cancelKinds.some((kind) => kind === timer.kind));
      return { cancelKinds, arm: carried.map((timer) => ({ kind: timer.kind, dueAt: timer.dueAt, payload: timer.payload })) };
    }
    const policy = this.inputTimers.get(result.state.channel.type);
    const kind = result.state.channel.kind;
    return { cancelKinds, arm: timersForWait(after, result.effects, now, this.limits, policy && ((effects, collect) => policy(effects, collect, kind))) };
  }

  /** Hooks and transfers, once the step is committed (still under the session's lock). */
  private async afterCommit(input: {
    sessionId: string;
    before: SessionState;
    result: StepResult;
    event: EngineEvent;
    origin: DispatchOrigin;
    firstSeq: number;
    armed: readonly TimerInput[];
  }): Promise<void> {
    const { sessionId, before, result, event, origin, firstSeq, armed } = input;
    const state = result.state;
    result.steps.forEach((record, index) => {
      this.notify("onStep", (observer) => observer.onStep?.({ ...record, sessionId, seq: firstSeq + index, channelType: state.channel.type }));
    });
    if (result.effects.length > 0) this.notify("onEffects", (observer) => observer.onEffects?.(sessionId, result.effects, { event, origin, state }));
    if (armed.length > 0) {
      const dueAt = Math.min(...armed.map((timer) => timer.dueAt));
      this.notify("onTimerArmed", (observer) => observer.onTimerArmed?.(dueAt));
    }

    const leftTransfer = before.waiting?.kind === "transfer" && state.waiting?.token !== before.waiting.token;
    const taken = event.type === "transfer_result" && event.result === "completed";
    if (leftTransfer && !taken) await this.guard("transfers.cancel", () => this.transfers.cancel(sessionId));
    for (const effect of result.effects) {
      if (effect.type === "transfer") await this.guard("transfers.offer", () => this.transfers.offer(sessionId, effect, state));
    }
  }

  private notify(where: string, call: (observer: RunnerObserver) => void): void {
    for (const observer of [...this.observers]) {
      try {
        call(observer);
      } catch (error) {
        this.onError(error, where);
      }
    }
  }

  private async guard(where: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.onError(error, where);
    }
  }
}

/** What a step writes: its state, step rows and timer changes. */
function commitOf(result: StepResult, timers: TimerChanges): FirstStepInput {
  return {
    state: result.state,
    status: result.state.status,
    steps: result.steps.map(toStepInput),
    ...(result.state.status === "ended" ? { endReason: result.state.endReason } : {}),
    timers,
  };
}

/** The HTTP callback, model turn or message send the session now waits for, if any. */
function pendingWork(result: StepResult): { http?: HttpRequestEffect; ai?: AiTurnEffect; send?: SendMessageEffect } {
  const waiting = result.state.waiting;
  if (waiting === null) return {};
  if (waiting.kind === "http") {
    const http = result.effects.find((effect): effect is HttpRequestEffect => effect.type === "http_request" && effect.token === waiting.token);
    return http === undefined ? {} : { http };
  }
  if (waiting.kind === "ai") {
    const ai = result.effects.find((effect): effect is AiTurnEffect => effect.type === "ai_turn" && effect.token === waiting.token);
    return ai === undefined ? {} : { ai };
  }
  if (waiting.kind === "send") {
    const send = result.effects.find((effect): effect is SendMessageEffect => effect.type === "send_message" && effect.token === waiting.token);
    return send === undefined ? {} : { send };
  }
  return {};
}
