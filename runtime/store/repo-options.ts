/** What every repository takes besides the database. */
export interface RepoOptions {
  /** Milliseconds since the Unix epoch; `Date.now` unless a test pins the time. */
  now?: () => number;
  /** Write the analytics rollups with sessions and conversations (default true; the analytics bench turns it off to measure its cost). */
  rollups?: boolean;
}
