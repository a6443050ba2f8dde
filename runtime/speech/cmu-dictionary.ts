import { readFile } from "node:fs/promises";

/**
 * A CMU pronouncing dictionary (pocketsphinx's `cmudict-en-us.dict`: `word PH PH …`, variants as
 * `word(2) …`), read once: each word's pronunciations.
 */
export class CmuDictionary {
  private constructor(private readonly entries: Map<string, string[]>) {}

  static async load(path: string): Promise<CmuDictionary> {
    const entries = new Map<string, string[]>();
    for (const line of (await readFile(path, "utf8")).split("\n")) {
      const space = line.indexOf(" ");
      if (space <= 0) continue;
      const word = line.slice(0, space).replace(/\(\d+\)$/, "");
      const phones = line.slice(space + 1).trim();
      if (phones === "") continue;
      const list = entries.get(word);
      if (list) list.push(phones);
      else entries.set(word, [phones]);
    }
    return new CmuDictionary(entries);
  }

  /** The pronunciations of a lower-case word; empty when the dictionary does not know it. */
  pronunciations(word: string): readonly string[] {
    return this.entries.get(word) ?? [];
  }
}
