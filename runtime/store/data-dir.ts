/** The data directory: `$DATA_DIR`, or `./data` when it is unset or empty. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.DATA_DIR?.trim();
  return value ? value : "./data";
}
