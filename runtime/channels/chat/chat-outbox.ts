import { KeyedLock } from "../../sessions/keyed-lock";

const queues = new KeyedLock();

/**
 * Sends to one contact of one channel go out one at a time, in the order they were asked for:
 * a webhook's replies, a timer's push and an agent's message never overtake each other. `send`
 * is called for each item in turn; the first failure stops the rest and is thrown.
 */
export function sendInOrder<T>(channelId: string, contact: string, items: readonly T[], send: (item: T) => Promise<void>): Promise<void> {
  if (items.length === 0) return Promise.resolve();
  return queues.run(`${channelId}\n${contact}`, async () => {
    for (const item of items) await send(item);
  });
}
