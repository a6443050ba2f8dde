/**
 * Expected failures of the store, returned (never thrown) inside a `Result`. Each carries `code`
 * (stable, for API bodies and switch statements) and `status` (the HTTP status it maps to).
 * Anything thrown by the store is a bug or an I/O problem, not one of these.
 */

export class FlowNotFound {
  readonly code = "flow_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly flowId: string) {
    this.message = `flow ${flowId} does not exist`;
  }
}

export class FlowExists {
  readonly code = "flow_exists";
  readonly status = 409;
  readonly message: string;
  constructor(readonly flowId: string) {
    this.message = `flow ${flowId} already exists`;
  }
}

/** The document's `id` is not the id of the flow it is saved to. */
export class FlowIdMismatch {
  readonly code = "flow_id_mismatch";
  readonly status = 422;
  readonly message: string;
  constructor(
    readonly flowId: string,
    readonly documentId: string,
  ) {
    this.message = `document id ${documentId} does not match flow ${flowId}`;
  }
}

/** A draft save or publish was based on a revision that is no longer the current one. */
export class RevisionConflict {
  readonly code = "revision_conflict";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly flowId: string,
    readonly baseRevision: number,
    readonly currentRevision: number,
  ) {
    this.message = `flow ${flowId} is at revision ${currentRevision}, not ${baseRevision}`;
  }
}

export class VersionNotFound {
  readonly code = "version_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(
    readonly flowId: string,
    readonly version: number,
  ) {
    this.message = `flow ${flowId} has no version ${version}`;
  }
}

export class SessionNotFound {
  readonly code = "session_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly sessionId: string) {
    this.message = `session ${sessionId} does not exist`;
  }
}

/** A step was computed from a session state that another writer has replaced since. */
export class StaleRevision {
  readonly code = "stale_revision";
  readonly status = 409;
  readonly message: string;
  constructor(
    readonly sessionId: string,
    readonly expectedRev: number,
    readonly currentRev: number,
  ) {
    this.message = `session ${sessionId} is at rev ${currentRev}, not ${expectedRev}`;
  }
}

export class EmailTaken {
  readonly code = "email_taken";
  readonly status = 409;
  readonly message: string;
  constructor(readonly email: string) {
    this.message = `a user with email ${email} already exists`;
  }
}

export class UserNotFound {
  readonly code = "user_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly userId: string) {
    this.message = `user ${userId} does not exist`;
  }
}

export class ApiKeyNotFound {
  readonly code = "api_key_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly keyId: string) {
    this.message = `API key ${keyId} does not exist`;
  }
}

/** A page cursor that this store did not write. */
export class InvalidCursor {
  readonly code = "invalid_cursor";
  readonly status = 400;
  readonly message = "the page cursor is not valid";
  constructor(readonly cursor: string) {}
}

/** Every expected failure the store returns. */
export class TeamExists {
  readonly code = "team_exists";
  readonly status = 409;
  readonly message: string;
  constructor(readonly teamId: string) {
    this.message = `team ${teamId} already exists`;
  }
}

export class TeamNotFound {
  readonly code = "team_not_found";
  readonly status = 404;
  readonly message: string;
  constructor(readonly teamId: string) {
    this.message = `team ${teamId} does not exist`;
  }
}

/** A team's hold audio names an asset the audio library does not have (nor `hold`, `ringback`). */
export class HoldAudioNotFound {
  readonly code = "audio_not_found";
  readonly status = 400;
  readonly message: string;
  constructor(readonly audioId: string) {
    this.message = `audio ${audioId} does not exist (an audio library id, hold or ringback)`;
  }
}

export type StoreError =
  | FlowNotFound
  | FlowExists
  | FlowIdMismatch
  | RevisionConflict
  | VersionNotFound
  | SessionNotFound
  | StaleRevision
  | EmailTaken
  | UserNotFound
  | ApiKeyNotFound
  | InvalidCursor
  | TeamExists
  | TeamNotFound
  | HoldAudioNotFound;
