import { describe, expect, it } from "vitest";
import { BufferedLog } from "./buffered-log";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("BufferedLog", () => {
  it("writes the lines of one turn of the event loop with one write, in order, right after it", async () => {
    const writes: string[] = [];
    const log = new BufferedLog((text) => writes.push(text));
    log.write("one");
    log.write("two");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["one\ntwo\n"]);
    log.write("three");
    await nextTurn();
    expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  });

  it("flush() writes what is waiting at once, and nothing when nothing is", async () => {
    const writes: string[] = [];
    const log = new BufferedLog((text) => writes.push(text));
    log.flush();
    log.write("now");
    log.flush();
    expect(writes).toEqual(["now\n"]);
    await nextTurn();
    expect(writes).toEqual(["now\n"]);
  });

  it("writes at once when too much is waiting", () => {
    const writes: string[] = [];
    const log = new BufferedLog((text) => writes.push(text), { maxBufferedChars: 10 });
    log.write("12345");
    expect(writes).toEqual([]);
    log.write("67890");
    expect(writes).toEqual(["12345\n67890\n"]);
  });
});
