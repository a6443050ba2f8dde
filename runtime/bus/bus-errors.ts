/** A message too large for the bus: nothing was sent. */
export class BusMessageTooLarge extends Error {
  readonly code = "bus_message_too_large";
  constructor(
    readonly topic: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`bus message on topic "${topic}" is ${bytes} bytes of JSON; the limit is ${limit} (publish ids and kinds, and let receivers read the records)`);
    this.name = "BusMessageTooLarge";
  }
}

/** A topic the bus cannot carry (empty, too long or with other characters): nothing was sent. */
export class BusTopicInvalid extends Error {
  readonly code = "bus_topic_invalid";
  constructor(readonly topic: string) {
    super(`bus topic ${JSON.stringify(topic)} is invalid: use 1 to 40 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit`);
    this.name = "BusTopicInvalid";
  }
}

/** The bus's engine could not be reached (or did not answer in time): the message may not have been sent. */
export class BusUnavailable extends Error {
  readonly code = "bus_unavailable";
  constructor(
    readonly kind: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the ${kind} bus is unavailable: ${reason}`, options);
    this.name = "BusUnavailable";
  }
}
