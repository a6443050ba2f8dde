/** The input cannot be migrated or imported at all: it is not a document this code understands. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
  /** JSON pointer to the field that is wrong, when there is one. */
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(message);
    this.path = path;
  }
}
