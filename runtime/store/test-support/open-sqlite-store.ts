import { openDatabase } from "../open-database";
import { type OpenStoreOptions, type Store, storeOn } from "../open-store";

/**
 * The store on `<dataDir>/switchboard.db`, opened at once (synchronously): for the SQLite build's
 * fixtures and tests that build a store inside a synchronous setup. The server and everything
 * else uses `openStore(target)`.
 */
export function openSqliteStore(options: OpenStoreOptions & { dataDir: string }): Store {
  const database = openDatabase({ dataDir: options.dataDir });
  return storeOn({ db: database.db, database, writes: database.writes, close: () => database.close() }, options);
}
