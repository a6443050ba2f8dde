import { describe, expect, it } from "vitest";
import { flushKeys, keyFromKeyboard, keypadMode, pressKey } from "./keypad";
import type { WaitInfo } from "./wait-info";

const menuWait: WaitInfo = { kind: "input", nodeId: "main_menu", mode: "menu", input: "dtmf", options: [] };
const gatherWait: WaitInfo = { kind: "input", nodeId: "acct", mode: "digits", input: "dtmf", terminator: "#", maxDigits: 4, options: [] };

describe("the keypad mode, from the last collect", () => {
  it("menu sends at once, gather buffers, anything else sends at once", () => {
    expect(keypadMode(menuWait)).toEqual({ kind: "menu" });
    expect(keypadMode(gatherWait)).toEqual({ kind: "gather", terminator: "#", maxDigits: 4 });
    expect(keypadMode({ kind: "transfer", nodeId: "t", teamId: "sales" })).toEqual({ kind: "free" });
    expect(keypadMode(null)).toEqual({ kind: "free" });
  });
});

describe("pressing keys", () => {
  it("a menu sends each key immediately", () => {
    expect(pressKey("", "2", { kind: "menu" })).toEqual({ buffer: "", send: "2" });
    expect(pressKey("", "#", { kind: "menu" })).toEqual({ buffer: "", send: "#" });
  });

  it("a gather buffers until the terminator, which is not sent", () => {
    const mode = keypadMode({ ...gatherWait, maxDigits: undefined });
    let state = pressKey("", "1", mode);
    expect(state).toEqual({ buffer: "1", send: null });
    state = pressKey(state.buffer, "2", mode);
    state = pressKey(state.buffer, "*", mode);
    expect(state).toEqual({ buffer: "12*", send: null });
    expect(pressKey(state.buffer, "#", mode)).toEqual({ buffer: "", send: "12*" });
  });

  it("a gather sends on its own terminator (* here) and at maxDigits", () => {
    expect(pressKey("55", "*", { kind: "gather", terminator: "*" })).toEqual({ buffer: "", send: "55" });
    expect(pressKey("55", "#", { kind: "gather", terminator: "*" })).toEqual({ buffer: "55#", send: null });
    expect(pressKey("123", "4", { kind: "gather", maxDigits: 4 })).toEqual({ buffer: "", send: "1234" });
  });

  it("the terminator alone sends an empty entry as the key itself", () => {
    expect(pressKey("", "#", { kind: "gather" })).toEqual({ buffer: "", send: "#" });
  });

  it("Send flushes the buffer, and does nothing when it is empty", () => {
    expect(flushKeys("42")).toEqual({ buffer: "", send: "42" });
    expect(flushKeys("")).toEqual({ buffer: "", send: null });
  });
});

describe("typing on the keyboard", () => {
  it("digits, * and # are keys; anything else is not", () => {
    expect(["0", "9", "*", "#"].map(keyFromKeyboard)).toEqual(["0", "9", "*", "#"]);
    expect(keyFromKeyboard("Multiply")).toBe("*");
    expect(["a", "Enter", "12", " "].map(keyFromKeyboard)).toEqual([null, null, null, null]);
  });
});
