/** What every repository takes besides the database. */
export interface RepoOptions {
  /** Milliseconds since the Unix epoch; `Date.now` unless a test pins the time. */
  now?: () => number;
}
