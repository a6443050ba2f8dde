/**
 * The first construct of JavaScript's regular-expression syntax in `source` that a linear-time
 * engine (RE2) cannot run, named for a person: "lookahead (?=…)", "backreference \1". Undefined
 * when there is none. Everything else RE2 rejects is reported by its own parser.
 *
 * The scan reads the pattern the way JavaScript does (escapes, character classes), so `[(?=]` or
 * `\(?=` are not taken for a lookahead.
 */
export function unsupportedPatternConstruct(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && next >= "1" && next <= "9") return `backreference \\${leadingDigits(source, i + 1)}`;
      if (!inClass && next === "k" && source[i + 2] === "<") {
        const end = source.indexOf(">", i + 3);
        return `named backreference ${end < 0 ? "\\k<…>" : source.slice(i, end + 1)}`;
      }
      i++; // the escaped character is taken literally
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") {
      // JavaScript reads a `]` right after `[` or `[^` as the end of the class ([] and [^]).
      if (source.startsWith("[]", i)) i += 1;
      else if (source.startsWith("[^]", i)) i += 2;
      else inClass = true;
      continue;
    }
    if (char === "(" && source[i + 1] === "?") {
      const group = GROUPS.find(([opening]) => source.startsWith(opening, i));
      if (group !== undefined) return group[1];
    }
  }
  return undefined;
}

const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ["(?=", "lookahead (?=…)"],
  ["(?!", "negative lookahead (?!…)"],
  ["(?<=", "lookbehind (?<=…)"],
  ["(?<!", "negative lookbehind (?<!…)"],
  ["(?>", "atomic group (?>…)"],
];

function leadingDigits(source: string, from: number): string {
  let end = from;
  while (end < source.length && (source[end] ?? "") >= "0" && (source[end] ?? "") <= "9") end++;
  return source.slice(from, end);
}
