/**
 * The SQLite handle of the repositories not yet written for both databases (they import this
 * file; the others take `Db` and `Executor` from `#store-dialect`, runtime/store/dialect/).
 */
export type { Db, Executor } from "./dialect/sqlite";
export type { RepoOptions } from "./repo-options";
