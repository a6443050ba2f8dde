import type { TransferEffect, TransferHandler } from "../transfer-handler";

/** A transfer handler that records what it is asked to do. */
export class RecordingTransfers implements TransferHandler {
  readonly offers: Array<{ sessionId: string; teamId: string; token: string }> = [];
  readonly cancels: string[] = [];

  offer(sessionId: string, effect: TransferEffect): Promise<void> {
    this.offers.push({ sessionId, teamId: effect.teamId, token: effect.token });
    return Promise.resolve();
  }

  cancel(sessionId: string): Promise<void> {
    this.cancels.push(sessionId);
    return Promise.resolve();
  }
}
