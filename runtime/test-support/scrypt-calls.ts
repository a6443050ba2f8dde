import { createRequire, syncBuiltinESMExports } from "node:module";

const require = createRequire(import.meta.url);
const crypto: Record<string, unknown> = require("node:crypto");

/**
 * Counts the scrypt computations this process starts (each a password hashed or checked), from
 * outside the code under test: node:crypto's `scrypt` is wrapped, and `syncBuiltinESMExports`
 * makes modules that imported it by name see the wrapper. `stop()` puts the original back.
 */
export function countScryptCalls(): { readonly count: number; stop(): void } {
  const original = crypto.scrypt;
  if (typeof original !== "function") throw new Error("node:crypto has no scrypt");
  let count = 0;
  crypto.scrypt = function countedScrypt(this: unknown, ...args: unknown[]): unknown {
    count += 1;
    return Reflect.apply(original, this, args);
  };
  syncBuiltinESMExports();
  return {
    get count() {
      return count;
    },
    stop() {
      crypto.scrypt = original;
      syncBuiltinESMExports();
    },
  };
}
