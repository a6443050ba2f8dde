import { randomUUID } from "node:crypto";
import type { RoomEvent } from "../../rooms/room-events";
import type { Rooms } from "../../rooms/rooms";
import type { Store } from "../../store/open-store";
import { ClientFrame, CLOSE_CODES, type EventFrame, type ServerFrame } from "./agent-frames";

/** The agents' softphone legs, as the hub drives them (runtime/media/calls/agent-legs.ts). */
export interface Softphones {
  connect(userId: string, offerSdp: string): Promise<{ legId: string; answerSdp: string }>;
  mute(userId: string, muted: boolean): Promise<void>;
  /** Ends the agent's leg (only if it is still `legId`, when given). */
  disconnect(userId: string, legId?: string): Promise<void>;
  onChange(listener: (change: { userId: string; legId: string; state: "connecting" | "connected" | "ended"; reason?: string }) => void): () => void;
  /** The agent's leg put into a conversation's call or taken out (told as `softphone_call`). */
  onCall?(listener: (call: { userId: string; conversationId: string; joined: boolean; keysReachCaller: boolean }) => void): () => void;
}

/** One open socket, as the hub needs it. */
export interface SocketSink {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** A socket's line: frames are numbered per connection; until its snapshot is out, events wait in `held`. */
interface Connection {
  userId: string;
  sink: SocketSink;
  seq: number;
  ready: boolean;
  held: EventFrame[];
}

/**
 * The agents' sockets: pushes domain events to the agents concerned (offers and withdrawals to
 * their agents; conversation updates to the team, the assignee and admins; messages to the
 * conversation's agents; presence to everyone). Events are handled one at a time, in publish
 * order. Every connection starts with a `snapshot` (seq 1); the events that happen while it is
 * being built follow it, so nothing is lost between the snapshot and the live stream.
 */
export class AgentHub {
  private readonly connections = new Map<string, Connection>();
  private readonly roles = new Map<string, "admin" | "agent">();
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly unstale: () => void;
  private softphones: Softphones | undefined;
  private unsoftphone: (() => void) | undefined;
  /** The socket whose offer made each agent's softphone leg (a console window; its closing ends the leg). */
  private readonly softphoneSockets = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly onError: (error: unknown, where: string) => void = (error, where) => console.error(`agent hub: ${where} failed`, error),
  ) {
    this.unsubscribe = rooms.bus.subscribe((event) => {
      this.queue = this.queue.then(() => this.deliver(event)).catch((error: unknown) => this.onError(error, `delivering ${event.type}`));
    });
    this.unstale = rooms.presence.onStale((socketId) => this.connections.get(socketId)?.sink.close(CLOSE_CODES.heartbeatTimeout, "no heartbeat"));
  }

  /** Lets agents connect softphones over their sockets (the media plane is running). */
  useSoftphones(softphones: Softphones): void {
    this.softphones = softphones;
    this.unsoftphone = softphones.onChange((change) => {
      for (const connection of this.connections.values()) {
        if (connection.userId === change.userId) sendTo(connection.sink, { type: "softphone", state: change.state, legId: change.legId, ...(change.reason === undefined ? {} : { reason: change.reason }) });
      }
    });
    const uncall = softphones.onCall?.((call) => {
      for (const connection of this.connections.values()) {
        if (connection.userId === call.userId) sendTo(connection.sink, { type: "softphone_call", conversationId: call.conversationId, joined: call.joined, keysReachCaller: call.keysReachCaller });
      }
    });
    const unchange = this.unsoftphone;
    this.unsoftphone = () => {
      unchange?.();
      uncall?.();
    };
  }

  /** A socket of `userId` opened: it counts for presence and gets a snapshot. */
  async attach(userId: string, role: "admin" | "agent", sink: SocketSink): Promise<string> {
    const socketId = randomUUID();
    const connection: Connection = { userId, sink, seq: 0, ready: false, held: [] };
    this.connections.set(socketId, connection);
    this.roles.set(userId, role);
    this.rooms.presence.connect(userId, socketId);
    await this.sendSnapshot(connection);
    return socketId;
  }

  detach(socketId: string): void {
    const connection = this.connections.get(socketId);
    if (connection === undefined) return;
    this.connections.delete(socketId);
    this.rooms.presence.disconnect(socketId);
    // The console window holding the softphone is gone, or the agent's last one: so is the leg (it
    // would only notice when ICE consent fails, and meanwhile calls would be bridged to nobody).
    const holder = this.softphoneSockets.get(connection.userId);
    const lastWindow = ![...this.connections.values()].some((other) => other.userId === connection.userId);
    if (holder === socketId || lastWindow) {
      this.softphoneSockets.delete(connection.userId);
      this.softphones?.disconnect(connection.userId).catch((error: unknown) => this.onError(error, "softphone disconnect"));
    }
  }

  /** A text frame from a socket. */
  async receive(socketId: string, text: string): Promise<void> {
    const connection = this.connections.get(socketId);
    if (connection === undefined) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) {
      sendTo(connection.sink, { type: "error", code: "invalid_frame", message: `expected {"type": "heartbeat" | "set_availability" | "resync" | "softphone_offer" | "softphone_mute" | "softphone_hangup"}: ${frame.error.issues[0]?.message ?? "not JSON"}` });
      return;
    }
    this.rooms.presence.beat(socketId);
    switch (frame.data.type) {
      case "heartbeat":
        sendTo(connection.sink, { type: "heartbeat_ack", at: new Date().toISOString() });
        return;
      case "set_availability":
        await this.rooms.setAgentState(connection.userId, { availability: frame.data.availability });
        return;
      case "resync":
        connection.ready = false;
        await this.sendSnapshot(connection);
        return;
      case "softphone_offer":
      case "softphone_mute":
      case "softphone_hangup":
        await this.softphone(socketId, connection, frame.data);
        return;
    }
  }

  private async softphone(socketId: string, connection: Connection, frame: Extract<ClientFrame, { type: "softphone_offer" | "softphone_mute" | "softphone_hangup" }>): Promise<void> {
    const softphones = this.softphones;
    if (softphones === undefined) {
      sendTo(connection.sink, { type: "error", code: "softphone_unavailable", message: "voice is not available on this server" });
      return;
    }
    try {
      if (frame.type === "softphone_offer") {
        const { legId, answerSdp } = await softphones.connect(connection.userId, frame.sdp);
        // The window closed while the leg was being made: end it with the window.
        if (!this.connections.has(socketId)) {
          await softphones.disconnect(connection.userId, legId);
          return;
        }
        this.softphoneSockets.set(connection.userId, socketId);
        sendTo(connection.sink, { type: "softphone_answer", legId, sdp: answerSdp });
      } else if (frame.type === "softphone_mute") await softphones.mute(connection.userId, frame.muted);
      else await softphones.disconnect(connection.userId);
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : "softphone_failed";
      sendTo(connection.sink, { type: "error", code, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Closes every socket (shutdown). */
  closeAll(): void {
    this.unsubscribe();
    this.unstale();
    this.unsoftphone?.();
    for (const connection of this.connections.values()) connection.sink.close(CLOSE_CODES.shuttingDown, "server shutting down");
  }

  /** Waits until every published event has been delivered. */
  async flushed(): Promise<void> {
    await this.queue;
  }

  private async sendSnapshot(connection: Connection): Promise<void> {
    const snapshot = await this.rooms.snapshot(connection.userId);
    if (snapshot === undefined) {
      connection.sink.close(1008, "unknown agent");
      return;
    }
    connection.seq += 1;
    sendTo(connection.sink, { type: "snapshot", seq: connection.seq, ...snapshot });
    connection.ready = true;
    for (const frame of connection.held.splice(0)) this.send(connection, frame);
  }

  private async deliver(event: RoomEvent): Promise<void> {
    switch (event.type) {
      case "offer.created": {
        const offer = { conversation: event.conversation, offeredAt: event.offeredAt, expiresAt: event.expiresAt, details: event.details };
        this.push(event.agentIds, { type: "offer", offer });
        return;
      }
      case "offer.withdrawn":
        this.push(event.agentIds, { type: "offer_withdrawn", conversationId: event.conversationId, reason: event.reason });
        return;
      case "conversation.updated":
        this.push(await this.watchers(event.conversation.teamId, event.conversation.assigneeId), { type: "conversation_updated", conversation: event.conversation });
        return;
      case "conversation.deleted":
        this.push([...event.agentIds, ...this.admins()], { type: "conversation_deleted", conversationId: event.conversationId });
        return;
      case "conversation.message": {
        const participants = await this.store.rooms.messages.participants(event.conversation.id);
        const agents = participants.flatMap((participant) => (participant.userId !== null && participant.leftAt === null ? [participant.userId] : []));
        if (event.conversation.assigneeId !== null) agents.push(event.conversation.assigneeId);
        this.push(agents, { type: "message", conversationId: event.conversation.id, message: event.message });
        return;
      }
      case "agent.presence":
        this.push([...this.roles.keys()], { type: "presence", agent: event.agent });
        return;
      case "conversation.insights":
        this.push(await this.watchers(event.conversation.teamId, event.conversation.assigneeId), { type: "insights", conversationId: event.conversation.id, insights: event.insights });
        return;
      default:
        return; // hold, invitations and closing are for channel drivers; agents get conversation_updated
    }
  }

  /** The team's members, the assignee and admins: who follows a conversation's state. */
  private async watchers(teamId: string | null, assigneeId: string | null): Promise<string[]> {
    const team = teamId === null ? undefined : await this.store.teams.getTeam(teamId);
    return [...(team?.members ?? []), ...(assigneeId === null ? [] : [assigneeId]), ...this.admins()];
  }

  private admins(): string[] {
    return [...this.roles].filter(([, role]) => role === "admin").map(([userId]) => userId);
  }

  private push(userIds: readonly string[], frame: EventFrame): void {
    const to = new Set(userIds);
    // Serialised once for every socket (an offer to 200 agents is one JSON.stringify, not 200).
    let body: string | undefined;
    for (const connection of this.connections.values()) {
      if (!to.has(connection.userId)) continue;
      if (!connection.ready) {
        connection.held.push(frame);
        continue;
      }
      body ??= JSON.stringify(frame);
      this.sendSerialised(connection, body);
    }
  }

  private send(connection: Connection, frame: EventFrame): void {
    this.sendSerialised(connection, JSON.stringify(frame));
  }

  /** `body` is the frame's JSON object without its seq: this connection's seq goes first. */
  private sendSerialised(connection: Connection, body: string): void {
    connection.seq += 1;
    connection.sink.send(`{"seq":${connection.seq},${body.slice(1)}`);
  }
}

function sendTo(sink: SocketSink, frame: ServerFrame): void {
  sink.send(JSON.stringify(frame));
}
