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
