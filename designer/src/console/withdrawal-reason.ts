const REASONS: Record<string, string> = {
  taken: "taken by another agent",
  accepted: "you accepted it",
  assigned: "assigned to you",
  declined: "you declined it",
  expired: "the offer expired",
  away: "you are away",
  offline: "you went offline",
  at_capacity: "you are at capacity",
  requeued: "it was transferred",
  no_answer: "nobody answered in time",
  abandoned: "the customer hung up",
  caller_hangup: "the customer hung up",
  customer_left: "the customer left",
  deleted: "the conversation was deleted",
};

/** Why an offer went away, in words ("taken by another agent"). */
export function withdrawalReason(reason: string): string {
  return REASONS[reason] ?? reason.replaceAll("_", " ");
}

/** Withdrawals the agent caused themselves: no need to tell them. */
export const isOwnWithdrawal = (reason: string): boolean => reason === "accepted" || reason === "declined";
