import { openStore, type Store } from "../open-store";
import { tempDataDir } from "./temp-data-dir";

/** Cheap scrypt for tests: the format and the checks are the same, only the cost is lower. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A manual clock, starting at a fixed instant. */
export class TestClock {
  constructor(public time = Date.UTC(2025, 0, 1)) {}
  readonly now = (): number => this.time;
  advance(ms: number): number {
    this.time += ms;
    return this.time;
  }
}

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
  const open = () => openStore({ dataDir: dir, now: clock.now, scrypt: TEST_SCRYPT });
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
