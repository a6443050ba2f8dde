/** The copy will not start: bad input named by its flag (`--from`, `--to`). Nothing was written. */
export class CopyRefused extends Error {
  constructor(
    readonly flag: "--from" | "--to",
    message: string,
  ) {
    super(`${flag}: ${message}`);
  }
}

/** A row PostgreSQL (or the conversion) refused: the whole copy was rolled back. */
export class CopyFailed extends Error {
  constructor(
    readonly table: string,
    /** The row's primary key, e.g. `session_id=abc, seq=3`. */
    readonly row: string,
    readonly reason: string,
  ) {
    super(`copying ${table} failed at row (${row}): ${reason}; nothing was written (the copy's transaction was rolled back)`);
  }
}
