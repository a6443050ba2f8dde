/** What a customer is sent when the channel cannot run its flow (no published version, processing failed). */
export const CHAT_APOLOGY = "Sorry, we cannot answer right now. Please try again later.";
/** What a customer is sent when an agent closed a conversation the flow no longer waits on. */
export const CHAT_CLOSED = "This conversation has been closed. Thank you for contacting us! Send a new message anytime to start again.";
/** A waiting chat customer's place in the queue (sent when first queued and each time it moves up). */
export function queuePositionText(position: number): string {
  return position <= 1 ? "You are next in the queue." : `You are number ${position} in the queue.`;
}
