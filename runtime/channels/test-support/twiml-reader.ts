/** Just enough TwiML reading for assertions: elements in document order with their attributes and text. */
export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  /** Text content (entities decoded); empty for elements with children. */
  text: string;
  /** Names of the elements nested directly or deeper inside (for <Gather>). */
  inside: TwimlElement[];
}

const decode = (text: string): string =>
  text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) attributes[name] = decode(value);
  }
  return attributes;
}

/** The verbs of a `<Response>`, top level, with what a `<Gather>` nests. */
export function readTwiml(document: string): TwimlElement[] {
  const body = /<Response>([\s\S]*)<\/Response>/.exec(document)?.[1] ?? "";
  return elements(body);
}

function elements(source: string): TwimlElement[] {
  const found: TwimlElement[] = [];
  const pattern = /<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"]*")*)\s*(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const match of source.matchAll(pattern)) {
    const [, name = "", attributes = "", , content = ""] = match;
    const nested = /<[A-Za-z]/.test(content);
    found.push({ name, attributes: attributesOf(attributes), text: nested ? "" : decode(content), inside: nested ? elements(content) : [] });
  }
  return found;
}

/** The names of the top-level verbs, e.g. ["Gather", "Redirect"]. */
export const verbs = (document: string): string[] => readTwiml(document).map((element) => element.name);

/** The first top-level element named `name` (throws when there is none). */
export function element(document: string, name: string): TwimlElement {
  const found = readTwiml(document).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no <${name}> in ${document}`);
  return found;
}
