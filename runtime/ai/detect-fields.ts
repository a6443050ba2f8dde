/** An amount of money found in text: `value` as a number, `currency` as ISO 4217 when it says which. */
export interface DetectedAmount {
  text: string;
  value: number;
  currency: string | null;
}

/** A date found in text: `date` (YYYY-MM-DD) when it names a day, resolved against `now` for "tomorrow", "next Monday"… */
export interface DetectedDate {
  text: string;
  date: string | null;
}

export interface DetectedFields {
  emails: string[];
  /** As written, and `number`: digits only, with the + when it had one (not validated against a numbering plan). */
  phones: Array<{ text: string; number: string }>;
  amounts: DetectedAmount[];
  dates: DetectedDate[];
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

const CURRENCY_SIGNS: Record<string, string> = { "€": "EUR", $: "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₺": "TRY", "R$": "BRL", CHF: "CHF" };
const CURRENCY_WORDS: Array<[RegExp, string]> = [
  [/^(?:eur|euros?)$/i, "EUR"],
  [/^(?:usd|dollars?|bucks)$/i, "USD"],
  [/^(?:gbp|pounds?|quid)$/i, "GBP"],
  [/^(?:chf|francs?)$/i, "CHF"],
  [/^(?:jpy|yen)$/i, "JPY"],
  [/^(?:inr|rupees?)$/i, "INR"],
  [/^(?:cad|aud|nzd|sek|nok|dkk|pln|brl|mxn|zar)$/i, ""],
];
const NUMBER = String.raw`\d{1,3}(?:[,. ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const SIGN = String.raw`R\$|[€$£¥₹₺]`;
const WORD = String.raw`eur|euros?|usd|dollars?|bucks|gbp|pounds?|quid|chf|francs?|jpy|yen|inr|rupees?|cad|aud|nzd|sek|nok|dkk|pln|brl|mxn|zar`;
const AMOUNT = new RegExp(String.raw`(?:(${SIGN})\s?(${NUMBER})|(${NUMBER})\s?(${SIGN})|\b(${NUMBER})\s?(${WORD})\b|\b(${WORD})\s?(${NUMBER}))`, "gi");

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const WEEKDAY = String.raw`(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?`;
const ORD = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const DATE_PATTERNS: Array<{ pattern: RegExp; read: (match: RegExpExecArray, now: Date) => string | null }> = [
  { pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/gi, read: (m, _now) => ymd(Number(m[1]), Number(m[2]), Number(m[3])) },
  // Day first (as written outside the US): 12/03/2026, 12.03.26
  { pattern: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/gi, read: (m) => ymd(fullYear(Number(m[3])), Number(m[2]), Number(m[1])) },
  { pattern: new RegExp(String.raw`\b${ORD}(?: of)? (${MONTH})\.?,?(?: (\d{4}))?\b`, "gi"), read: (m, now) => onDay(Number(m[1]), monthOf(m[2]), m[3], now) },
  { pattern: new RegExp(String.raw`\b(${MONTH})\.? ${ORD},?(?: (\d{4}))?\b`, "gi"), read: (m, now) => onDay(Number(m[2]), monthOf(m[1]), m[3], now) },
  { pattern: /\b(today|tomorrow|yesterday|the day after tomorrow)\b/gi, read: (m, now) => relativeDay(m[1] ?? "", now) },
  { pattern: new RegExp(String.raw`\b(next|this|last|on) (${WEEKDAY})\b`, "gi"), read: (m, now) => weekday(m[1] ?? "", m[2] ?? "", now) },
];

/**
 * The fields a conversation mentions: email addresses, phone numbers, amounts of money and dates,
 * found by patterns (no model). Each is listed once, in the order it first appears; a number that
 * is part of an amount or a date is not also a phone number. `now` resolves relative dates (UTC).
 */
export function detectFields(text: string, now: Date = new Date()): DetectedFields {
  const taken: Array<[number, number]> = [];
  const free = (start: number, end: number) => taken.every(([from, to]) => end <= from || start >= to);
  const take = (start: number, end: number) => taken.push([start, end]);

  const emails = unique([...text.matchAll(EMAIL)].map((match) => {
    take(match.index, match.index + match[0].length);
    return match[0];
  }));

  const dates: Array<DetectedDate & { at: number }> = [];
  for (const { pattern, read } of DATE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (!free(match.index, match.index + match[0].length)) continue;
      const date = read(match, now);
      take(match.index, match.index + match[0].length);
      dates.push({ text: match[0], date, at: match.index });
    }
  }

  const amounts: Array<DetectedAmount & { at: number }> = [];
  for (const match of text.matchAll(AMOUNT)) {
    if (!free(match.index, match.index + match[0].length)) continue;
    const [, signBefore, numberAfterSign, numberBeforeSign, signAfter, numberBeforeWord, wordAfter, wordBefore, numberAfterWord] = match;
    const number = numberAfterSign ?? numberBeforeSign ?? numberBeforeWord ?? numberAfterWord ?? "";
    const sign = signBefore ?? signAfter;
    const word = wordAfter ?? wordBefore;
    const currency = sign !== undefined ? (CURRENCY_SIGNS[sign] ?? null) : word !== undefined ? currencyOfWord(word) : null;
    take(match.index, match.index + match[0].length);
    amounts.push({ text: match[0].trim(), value: amountValue(number), currency, at: match.index });
  }

  const phones: Array<{ text: string; number: string; at: number }> = [];
  for (const match of text.matchAll(/(?<![\w+])(?:\+|00)?\(?\d[\d\s().-]{5,18}\d\b/g)) {
    const raw = match[0].trim();
    const digits = raw.replace(/\D/g, "");
    const international = raw.startsWith("+") || raw.startsWith("00");
    // A phone number: international, or a national one with a trunk 0 or brackets, or 10+ digits; 7–15 digits in all.
    const looksLikePhone = international || raw.startsWith("0") || raw.startsWith("(") || digits.length >= 10;
    if (digits.length < 7 || digits.length > 15 || !looksLikePhone || !free(match.index, match.index + raw.length)) continue;
    take(match.index, match.index + raw.length);
    phones.push({ text: raw, number: raw.startsWith("+") ? `+${digits}` : raw.startsWith("00") ? `+${digits.slice(2)}` : digits, at: match.index });
  }

  const inOrder = <T extends { at: number }>(items: T[]) => items.sort((a, b) => a.at - b.at).map(({ at: _at, ...rest }) => rest);
  return {
    emails,
    phones: uniqueBy(inOrder(phones), (phone) => phone.number),
    amounts: uniqueBy(inOrder(amounts), (amount) => `${amount.value} ${amount.currency}`),
    dates: uniqueBy(inOrder(dates), (date) => date.date ?? date.text.toLowerCase()),
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function currencyOfWord(word: string): string | null {
  for (const [pattern, code] of CURRENCY_WORDS) if (pattern.test(word)) return code === "" ? word.toUpperCase() : code;
  return null;
}

/** "1,234.56", "1.234,56", "42,50", "1 200" as numbers: the last separator followed by one or two digits is the decimal one. */
function amountValue(text: string): number {
  const decimal = /[.,](\d{1,2})$/.exec(text);
  const whole = (decimal === null ? text : text.slice(0, decimal.index)).replace(/[^\d]/g, "");
  return Number(decimal === null ? whole : `${whole}.${decimal[1]}`);
}

const pad = (value: number) => String(value).padStart(2, "0");
const iso = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
const fullYear = (year: number) => (year < 100 ? 2000 + year : year);

/** YYYY-MM-DD when the day exists, else null (13/13/2026). */
function ymd(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? iso(date) : null;
}

function monthOf(text: string | undefined): number {
  const lower = (text ?? "").toLowerCase().slice(0, 3);
  return MONTHS.findIndex((month) => month.startsWith(lower)) + 1;
}

/** A day and month without a year: this year's, or next year's when it has passed (people name dates ahead). */
function onDay(day: number, month: number, year: string | undefined, now: Date): string | null {
  if (year !== undefined) return ymd(Number(year), month, day);
  const thisYear = ymd(now.getUTCFullYear(), month, day);
  return thisYear !== null && thisYear < iso(now) ? ymd(now.getUTCFullYear() + 1, month, day) : thisYear;
}

function relativeDay(word: string, now: Date): string {
  const offset = { today: 0, tomorrow: 1, yesterday: -1, "the day after tomorrow": 2 }[word.toLowerCase()] ?? 0;
  return iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)));
}

/** "next Monday", "this Friday", "on Tuesday": the coming one (a week on for "next" when it is today); "last Monday": the one before. */
function weekday(which: string, name: string, now: Date): string | null {
  const target = DAYS.findIndex((day) => day.startsWith(name.toLowerCase().slice(0, 3)));
  if (target < 0) return null;
  const today = now.getUTCDay();
  const ahead = (target - today + 7) % 7;
  const offset = which.toLowerCase() === "last" ? -(((today - target + 7) % 7) || 7) : which.toLowerCase() === "next" && ahead === 0 ? 7 : ahead;
  return iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)));
}
