/**
 * The runner's expected failures, thrown as typed errors. Each carries `code` (stable, for API
 * bodies) and `status` (the HTTP status it maps to), like the store's errors.
 */

export class SessionNotFound extends Error {
  override name = "SessionNotFound";
  readonly code = "session_not_found";
  readonly status = 404;
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} does not exist`);
  }
}

/** `start` with an id that belongs to a session that has already started. */
export class SessionExists extends Error {
  override name = "SessionExists";
  readonly code = "session_exists";
  readonly status = 409;
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} already exists`);
  }
}

/** A published start on a flow that has no live version (never published, or deleted). */
export class FlowNotPublished extends Error {
  override name = "FlowNotPublished";
  readonly code = "flow_not_published";
  readonly status = 409;
  constructor(readonly flowId: string) {
    super(`flow ${flowId} has no published version`);
  }
}

/** A draft start on a flow that does not exist. */
export class FlowNotFound extends Error {
  override name = "FlowNotFound";
  readonly code = "flow_not_found";
  readonly status = 404;
  constructor(readonly flowId: string) {
    super(`flow ${flowId} does not exist`);
  }
}

/** Other writers kept moving the session while this event was being applied; nothing was written. */
export class SessionBusy extends Error {
  override name = "SessionBusy";
  readonly code = "session_busy";
  readonly status = 503;
  constructor(
    readonly sessionId: string,
    readonly attempts: number,
  ) {
    super(`session ${sessionId} changed under ${attempts} attempts to apply an event`);
  }
}

/** The flow version a session is pinned to cannot be read: the data is broken, not the request. */
export class PinnedFlowMissing extends Error {
  override name = "PinnedFlowMissing";
  readonly code = "pinned_flow_missing";
  readonly status = 500;
  constructor(
    readonly sessionId: string,
    readonly pinned: string,
  ) {
    super(`session ${sessionId} is pinned to ${pinned}, which cannot be loaded`);
  }
}
