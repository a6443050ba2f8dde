/**
 * Expected failures of agent rooms, returned inside a `Result` like the other store errors: each
 * carries a stable `code` and the HTTP `status` it maps to.
 */

export class ConversationNotFound {
  readonly code = "conversation_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly conversationId: string) {
    this.message = `conversation ${conversationId} does not exist`;
  }
}

/** Another agent accepted first, or the conversation is no longer waiting. */
export class OfferTaken {
  readonly code = "offer_taken";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly conversationId: string,
    readonly state: "assigned" | "closed",
  ) {
    this.message =
      state === "assigned"
        ? `conversation ${conversationId} was already accepted by another agent`
        : `conversation ${conversationId} is closed: the customer left or nobody answered in time`;
  }
}

/** The agent has no open offer for the conversation (never offered, declined or withdrawn). */
export class NoOpenOffer {
  readonly code = "no_open_offer";
  readonly status = 409;
  readonly message: string;
  constructor(readonly conversationId: string) {
    this.message = `you have no open offer for conversation ${conversationId}`;
  }
}

export class AtCapacity {
  readonly code = "at_capacity";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly userId: string,
    readonly capacity: number,
  ) {
    this.message = `the agent already has ${capacity} open conversations (their capacity)`;
  }
}

/** The flow stopped waiting for an agent (it timed out or is timing out right now). */
export class TransferEnded {
  readonly code = "transfer_ended";
  readonly status = 409;
  readonly message: string;
  constructor(readonly conversationId: string) {
    this.message = `the transfer of conversation ${conversationId} has timed out: the flow went on without an agent`;
  }
}

/** The action does not fit the conversation's status (hold while waiting, close twice…). */
export class InvalidConversationState {
  readonly code = "invalid_state";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly conversationId: string,
    readonly current: string,
    action: string,
  ) {
    this.message = `cannot ${action} conversation ${conversationId}: it is ${current}`;
  }
}

export type RoomError = ConversationNotFound | OfferTaken | NoOpenOffer | AtCapacity | TransferEnded | InvalidConversationState;
