/** Why this instance is not ready yet. */
export type NotReadyReason = "starting" | "migrating" | "recovering" | "stopping";

/**
 * Whether this instance should be sent work: false from the moment it listens until its start-up
 * work (migrations, recovery of live calls and overdue timers) is done, and again while it stops.
 * `GET /ready` answers from it, so a load balancer routes around an instance that is not ready.
 */
export class Readiness {
  private reason: NotReadyReason | undefined = "starting";

  get state(): { ready: true } | { ready: false; reason: NotReadyReason } {
    return this.reason === undefined ? { ready: true } : { ready: false, reason: this.reason };
  }

  notReady(reason: NotReadyReason): void {
    this.reason = reason;
  }

  ready(): void {
    this.reason = undefined;
  }
}
