interface Frame {
  /** Size of the alternatives closed so far (with their `|`). */
  closed: number;
  /** Size of the alternative being read. */
  current: number;
  /** Size of the last atom read: what a quantifier repeats. */
  last: number;
}

const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

/**
 * About how many instructions `source` compiles to, read from the text alone (in the way the
 * scanner of unsupported constructs reads JavaScript syntax): one per atom, counted repetitions
 * multiplying what they repeat, groups and alternatives a little more. Compiling a pattern whose
 * repetitions multiply to tens of thousands of instructions takes long (`.{1000}` 70 times: about
 * 0.4 s), so a pattern far over the limit is refused before it is compiled.
 */
export function patternSizeEstimate(source: string): number {
  const stack: Frame[] = [{ closed: 0, current: 0, last: 0 }];
  const top = (): Frame => stack[stack.length - 1] ?? { closed: 0, current: 0, last: 0 };
  const atom = (size: number) => {
    const frame = top();
    frame.current += size;
    frame.last = size;
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      i++; // the escaped character
      atom(1);
    } else if (char === "[") {
      i = classEnd(source, i);
      atom(1);
    } else if (char === "(") {
      stack.push({ closed: 0, current: 0, last: 0 });
    } else if (char === ")" && stack.length > 1) {
      const group = stack.pop() ?? { closed: 0, current: 0, last: 0 };
      atom(group.closed + group.current + 2);
    } else if (char === "|") {
      const frame = top();
      frame.closed += frame.current + 1;
      frame.current = 0;
      frame.last = 0;
    } else if (char === "*" || char === "+" || char === "?") {
      top().current += 1;
    } else if (char === "{" && QUANTIFIER.test(source.slice(i))) {
      const [text = "", min = "0", comma, max] = QUANTIFIER.exec(source.slice(i)) ?? [];
      const count = comma === undefined ? Number(min) : max === "" || max === undefined ? Number(min) + 1 : Math.max(Number(min), Number(max));
      const frame = top();
      frame.current += frame.last * Math.max(count - 1, 0) + 1;
      frame.last *= Math.max(count, 1);
      i += text.length - 1;
    } else {
      atom(1);
    }
  }
  return stack.reduce((sum, frame) => sum + frame.closed + frame.current, 0);
}

/** Index of the `]` that closes the class opened at `start` (JavaScript reads `[]` and `[^]` as whole classes). */
function classEnd(source: string, start: number): number {
  if (source.startsWith("[]", start)) return start + 1;
  if (source.startsWith("[^]", start)) return start + 2;
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]") return i;
  }
  return source.length;
}
