export interface PresenceOptions {
  /** A socket without a heartbeat for this long is dropped (default 30 s). */
  timeoutMs?: number;
  /** How often stale sockets are looked for (default 5 s). */
  sweepMs?: number;
  /** Default: Date.now. */
  now?: () => number;
}

type ChangeListener = (userId: string, online: boolean) => void;

/**
 * Presence: an agent is online while at least one of their sockets is open and heartbeating.
 * It is kept apart from availability (what the agent chose, stored) and lives in this process:
 * across instances it would move to a shared store with the same interface.
 */
export class PresenceTracker {
  private readonly timeoutMs: number;
  private readonly sweepMs: number;
  private readonly now: () => number;
  /** socket id → its agent and last heartbeat. */
  private readonly sockets = new Map<string, { userId: string; lastBeat: number }>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly staleListeners = new Set<(socketId: string) => void>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: PresenceOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sweepMs = options.sweepMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setInterval(() => this.sweep(), this.sweepMs);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Called with (userId, online) when an agent comes online or goes offline. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with a socket id that stopped heartbeating: close that socket. */
  onStale(listener: (socketId: string) => void): () => void {
    this.staleListeners.add(listener);
    return () => this.staleListeners.delete(listener);
  }

  /** A socket of the agent opened (it counts as a heartbeat). */
  connect(userId: string, socketId: string): void {
    const wasOnline = this.isOnline(userId);
    this.sockets.set(socketId, { userId, lastBeat: this.now() });
    if (!wasOnline) this.emit(userId, true);
  }

  beat(socketId: string): void {
    const socket = this.sockets.get(socketId);
    if (socket !== undefined) socket.lastBeat = this.now();
  }

  disconnect(socketId: string): void {
    const socket = this.sockets.get(socketId);
    if (socket === undefined) return;
    this.sockets.delete(socketId);
    if (!this.isOnline(socket.userId)) this.emit(socket.userId, false);
  }

  isOnline(userId: string): boolean {
    const cutoff = this.now() - this.timeoutMs;
    for (const socket of this.sockets.values()) if (socket.userId === userId && socket.lastBeat >= cutoff) return true;
    return false;
  }

  onlineUsers(): string[] {
    return [...new Set([...this.sockets.values()].map((socket) => socket.userId))].filter((userId) => this.isOnline(userId));
  }

  /** Drops sockets without a recent heartbeat (their agents go offline when none is left). */
  sweep(): void {
    const cutoff = this.now() - this.timeoutMs;
    for (const [socketId, socket] of [...this.sockets]) {
      if (socket.lastBeat >= cutoff) continue;
      for (const listener of [...this.staleListeners]) listener(socketId);
      this.disconnect(socketId);
    }
  }

  private emit(userId: string, online: boolean): void {
    for (const listener of [...this.listeners]) listener(userId, online);
  }
}
