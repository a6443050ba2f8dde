import { POCKETSPHINX_PACKAGES, pocketsphinxStatus } from "../pocketsphinx-engine";

/**
 * Whether the tests that need pocketsphinx run here: yes when it is installed, and always under
 * `CI=true` (where it missing then fails them, via requirePocketsphinx). Else they are skipped,
 * and this says so loudly.
 */
export function pocketsphinxTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (pocketsphinxStatus().available || env.CI === "true") return true;
  console.warn(
    `\n!!! pocketsphinx tests SKIPPED: ${pocketsphinxStatus().reason ?? ""}.\n` +
      `!!! Install Debian's packages \`${POCKETSPHINX_PACKAGES}\` to run them (.ci/run installs them); with CI=true they fail instead.\n`,
  );
  return false;
}

/** Throws (the test then fails, saying how to fix it) when pocketsphinx or its model is missing. */
export function requirePocketsphinx(): void {
  const status = pocketsphinxStatus();
  if (!status.available) throw new Error(`${status.reason ?? "pocketsphinx is missing"}; .ci/run installs Debian's ${POCKETSPHINX_PACKAGES}`);
}
