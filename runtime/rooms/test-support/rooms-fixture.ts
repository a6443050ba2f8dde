import { SessionState } from "../../engine/index";
import { FlowCache } from "../../sessions/flow-cache";
import { runtimeLimits } from "../../sessions/runtime-limits";
import { SessionRunner } from "../../sessions/session-runner";
import { TimerWorker } from "../../sessions/timer-worker";
import type { Store } from "../../store/open-store";
import { openSqliteStore } from "../../store/test-support/open-sqlite-store";
import { TEST_SCRYPT } from "../../store/test-support/test-store";
import { tempDataDir } from "../../store/test-support/temp-data-dir";
import type { RoutingStrategy } from "../../store/teams-repo";
import { InMemoryEventBus } from "../event-bus";
import { PresenceTracker } from "../presence";
import type { RoomEvent } from "../room-events";
import type { Actor } from "../room-access";
import { Rooms } from "../rooms";
import { deskFlows } from "./desk-flows";

/** Wednesday 3 June 2026, 15:00 UTC. */
const START = Date.parse("2026-06-03T15:00:00Z");

/**
 * Rooms in process on a real SQLite file: store, session runner (with rooms as its transfer
 * handler), timer worker, one manual clock for all of them, the `desk` and `handoff` flows
 * published, team `support`. `restart()` drops everything in memory and opens the same
 * directory again, like a new process. Presence is driven directly (`online(userId)`).
 */
export class RoomsFixture {
  time = START;
  readonly events: RoomEvent[] = [];
  readonly errors: unknown[] = [];
  store!: Store;
  runner!: SessionRunner;
  worker!: TimerWorker;
  rooms!: Rooms;
  private readonly dir = tempDataDir("rooms");

  static async open(options: { strategy?: RoutingStrategy; offerTimeoutSeconds?: number } = {}): Promise<RoomsFixture> {
    const fixture = new RoomsFixture();
    fixture.store = fixture.openStore();
    for (const document of deskFlows()) {
      await fixture.store.flows.createFlow(document, "test");
      await fixture.store.flows.publish(document.id, { author: "test" });
    }
    await fixture.store.teams.createTeam({ id: "support", name: "Support" });
    if (options.strategy !== undefined) {
      await fixture.store.teams.setRouting("support", { routingStrategy: options.strategy, offerTimeoutSeconds: options.offerTimeoutSeconds ?? 20 });
    }
    await fixture.wire();
    return fixture;
  }

  readonly clock = (): number => this.time;

  advance(ms: number): void {
    this.time += ms;
  }

  /** Creates an agent in team support; returns the user id. */
  async agent(name: string, options: { team?: string | null; role?: "agent" | "admin" } = {}): Promise<string> {
    const created = await this.store.users.createUser({ email: `${name.toLowerCase()}@acme.test`, name, role: options.role ?? "agent", password: "agent password" });
    if (!created.ok) throw new Error(created.error.message);
    const team = options.team === undefined ? "support" : options.team;
    if (team !== null) await this.store.teams.addMember(team, created.value.id);
    return created.value.id;
  }

  actor(userId: string, role: "agent" | "admin" = "agent"): Actor {
    return { userId, name: userId, role };
  }

  online(userId: string): Promise<void> {
    this.rooms.presence.connect(userId, `socket-${userId}`);
    return this.rooms.settled();
  }

  offline(userId: string): Promise<void> {
    this.rooms.presence.disconnect(`socket-${userId}`);
    return this.rooms.settled();
  }

  /** Starts a `desk` (or `handoff`) chat session; returns its id once routing settled. */
  async chat(contact: string, flowId = "desk"): Promise<string> {
    const started = await this.runner.start({ flowId, source: "published", channel: { kind: "chat", type: "webchat" }, contact, caller: { name: contact } });
    await this.rooms.settled();
    return started.sessionId;
  }

  async session(sessionId: string): Promise<SessionState> {
    const head = await this.store.sessions.getSessionHead(sessionId);
    if (head === undefined) throw new Error(`session ${sessionId} is missing`);
    return SessionState.parse(head.state);
  }

  async path(sessionId: string): Promise<string[]> {
    return (await this.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
  }

  async conversationOf(sessionId: string) {
    const conversation = await this.store.rooms.conversations.findBySession(sessionId);
    if (conversation === undefined) throw new Error(`session ${sessionId} has no conversation`);
    return conversation;
  }

  /** The agents each `offer.created` event went to, in order. */
  offeredTo(conversationId: string): string[][] {
    return this.events.flatMap((event) => (event.type === "offer.created" && event.conversation.id === conversationId ? [event.agentIds] : []));
  }

  withdrawnFrom(conversationId: string): Array<{ agentIds: string[]; reason: string }> {
    return this.events.flatMap((event) => (event.type === "offer.withdrawn" && event.conversationId === conversationId ? [{ agentIds: event.agentIds, reason: event.reason }] : []));
  }

  /** Like a crash and a new process on the same data directory (presence starts empty). */
  async restart(): Promise<void> {
    await this.worker.stop();
    await this.rooms.stop();
    this.store.close();
    this.store = this.openStore();
    await this.wire();
  }

  async dispose(): Promise<void> {
    await this.worker.stop();
    await this.rooms.stop();
    if (this.store.database.sqlite.open) this.store.close();
    this.dir.remove();
  }

  private openStore(): Store {
    return openSqliteStore({ dataDir: this.dir.dir, now: this.clock, scrypt: TEST_SCRYPT });
  }

  private async wire(): Promise<void> {
    const cache = new FlowCache(this.store.flows);
    await cache.load();
    const bus = new InMemoryEventBus<RoomEvent>((error) => this.errors.push(error));
    bus.subscribe((event) => {
      this.events.push(event);
    });
    const onError = (error: unknown) => {
      this.errors.push(error);
    };
    this.rooms = new Rooms({ store: this.store, bus, presence: new PresenceTracker(), clock: this.clock, onError });
    this.runner = new SessionRunner({ store: this.store, cache, clock: () => new Date(this.time), limits: runtimeLimits(), transfers: this.rooms.transfers, onError });
    this.rooms.connect(this.runner);
    await this.rooms.start();
    this.worker = new TimerWorker({ store: this.store, runner: this.runner, workerId: "worker-test", onError });
  }
}
