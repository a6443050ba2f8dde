import type { Store } from "../open-store";
import { openSqliteStore } from "./open-sqlite-store";
import { TEST_SCRYPT, TestClock } from "./test-clock";
import { tempDataDir } from "./temp-data-dir";

export { TEST_SCRYPT, TestClock };

export interface TestStore {
  store: Store;
  dir: string;
  clock: TestClock;
  /** Closes and opens the same data directory again. */
  reopen(): Store;
  /** Closes the store and removes the directory. */
  dispose(): void;
}

/** A store on a real SQLite file in a fresh temp directory, with a manual clock. */
export function openTestStore(label = "store"): TestStore {
  const { dir, remove } = tempDataDir(label);
  const clock = new TestClock();
  const open = () => openSqliteStore({ dataDir: dir, now: clock.now, scrypt: TEST_SCRYPT });
  const handle: TestStore = {
    store: open(),
    dir,
    clock,
    reopen() {
      handle.store.close();
      handle.store = open();
      return handle.store;
    },
    dispose() {
      if (handle.store.database.sqlite.open) handle.store.close();
      remove();
    },
  };
  return handle;
}
