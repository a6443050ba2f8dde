import { describe, expect, it } from "vitest";
import type { ChannelCapabilities } from "./channel-driver";
import { type ChatMessageEffect, chatMessage, numberedOptionsText } from "./chat-message";

const menu: ChatMessageEffect = {
  type: "message",
  nodeId: "main_menu",
  text: "How can we help?",
  options: [
    { key: "1", label: "Sales" },
    { key: "2", label: "Support" },
    { key: "3", label: "Billing" },
    { key: "*", label: "Talk to a person" },
  ],
};
const options = menu.options ?? [];
const textOnly: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: false, freeText: true };
const threeButtons: ChannelCapabilities = { ...textOnly, buttons: true, maxButtons: 3, maxButtonLabel: 20 };

describe("numbered text for menus", () => {
  it("lists each option under the prompt, numbered by its key (what the customer types)", () => {
    expect(numberedOptionsText(menu.text, options)).toBe("How can we help?\n\n1. Sales\n2. Support\n3. Billing\n*. Talk to a person");
  });

  it("keeps keys that are not in order or not 1-based", () => {
    expect(numberedOptionsText("Pick one", [{ key: "9", label: "Repeat" }, { key: "0", label: "Operator" }])).toBe("Pick one\n\n9. Repeat\n0. Operator");
  });

  it("is the plain text when there are no options, and only the list when there is no text", () => {
    expect(numberedOptionsText("Hello", [])).toBe("Hello");
    expect(numberedOptionsText("  ", [{ key: "1", label: "Yes" }])).toBe("1. Yes");
  });
});

describe("chatMessage: buttons or numbered text", () => {
  it("falls back to numbered text on a channel without buttons", () => {
    expect(chatMessage(menu, textOnly)).toEqual({ text: "How can we help?\n\n1. Sales\n2. Support\n3. Billing\n*. Talk to a person" });
  });

  it("falls back when the menu has more options than the channel has buttons", () => {
    expect(chatMessage(menu, threeButtons).buttons).toBeUndefined();
  });

  it("falls back when a label is longer than a button allows", () => {
    const long = { ...menu, options: [{ key: "1", label: "A label far too long for a button" }] };
    expect(chatMessage(long, threeButtons)).toEqual({ text: "How can we help?\n\n1. A label far too long for a button" });
  });

  it("uses buttons carrying the option keys when every option fits", () => {
    const small = { ...menu, options: options.slice(0, 3) };
    expect(chatMessage(small, threeButtons)).toEqual({ text: "How can we help?", buttons: options.slice(0, 3).map((option) => ({ ...option, id: option.key })) });
  });

  it("gives each choice the id m:<wait token>:<index> when the menu's token is known", () => {
    const small = { ...menu, options: options.slice(0, 2) };
    expect(chatMessage(small, threeButtons, "w7").buttons).toEqual([
      { key: "1", label: "Sales", id: "m:w7:0" },
      { key: "2", label: "Support", id: "m:w7:1" },
    ]);
  });

  it("uses a list when the options do not fit as buttons but fit the list (WhatsApp: ≤10 rows of ≤24 characters)", () => {
    const whatsapp: ChannelCapabilities = { ...threeButtons, maxListRows: 10, maxListRowTitle: 24 };
    expect(chatMessage(menu, whatsapp, "w2")).toEqual({ text: "How can we help?", list: options.map((option, index) => ({ ...option, id: `m:w2:${index}` })) });
    const twentyTwo = { ...menu, options: [{ key: "1", label: "Twenty-two characters!" }] };
    expect(chatMessage(twentyTwo, whatsapp).list).toHaveLength(1);
    const tooLong = { ...menu, options: [{ key: "1", label: "Twenty-five characters..." }] };
    expect(chatMessage(tooLong, whatsapp)).toEqual({ text: "How can we help?\n\n1. Twenty-five characters..." });
    const eleven = { ...menu, options: Array.from({ length: 11 }, (_, index) => ({ key: String(index % 10), label: `Option ${index}` })) };
    expect(chatMessage(eleven, whatsapp).list).toBeUndefined();
  });

  it("sends a message without options as its text", () => {
    expect(chatMessage({ type: "message", nodeId: "welcome", text: "Welcome." }, threeButtons)).toEqual({ text: "Welcome." });
  });
});
