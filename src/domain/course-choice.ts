/**
 * Which of the offered course dates a customer's answer picks. Pure; part of the domain core.
 *
 * A training-offer reply lists up to three dates, numbered 1–3, and says "Svar på denne mail
 * med 1, 2 eller 3" / "Reply to this mail with 1, 2 or 3". The answer's new text (quotes and
 * signature already stripped by the parser) picks one option when everything it points at is
 * the same option:
 *
 *  - a number on its own or in a phrase: "2", "2.", "nr. 2", "nummer 2", "mulighed 2",
 *    "option 2", "#2", "ja tak, 2 passer fint";
 *  - an ordinal: "den anden", "det andet", "den første", "den tredje", "the second (one)",
 *    "the first", "third option", "nummer to", "option two";
 *  - a date written out that matches an offered date: "12. marts", "d. 12/3", "March 12",
 *    "12 March", "12th of March".
 *
 * An attempt to pick that does not name exactly one offered option is unclear: two different
 * options ("1 eller 2", "2 og 3"), a number that was not offered ("4" of three), a date that was
 * not offered, or words of booking with no option ("ja tak", "book os", "sign me up"). A mail
 * with none of these ("Tak, vi vender tilbage", "Vi er 3 personer") is not an answer at all:
 * the customer wrote about something else, and a person should read it rather than a template
 * answer it. Numbers that count
 * something ("2 personer", "3 deltagere", "2 seats"), clock times ("kl. 9", "9:00"), years,
 * ticket references, phone numbers, amounts, addresses and longer numbers are not choices.
 */

export interface OfferedOption {
  /** 1-based, as the reply numbered it. */
  n: number;
  /** The date's day of month and month (1–12) as the customer saw it (local time). */
  day: number;
  month: number;
}

export type CourseChoice =
  | { kind: 'choice'; option: number; via: 'number' | 'ordinal' | 'date' }
  | { kind: 'unclear'; why: 'none' | 'ambiguous' | 'out_of_range' | 'unknown_date' }
  | { kind: 'not_an_answer' };

/** Words that want a seat even without an option ("ja tak", "book os", "sign me up"). */
const BOOKING_WORDS =
  /\b(?:book\w*|tilmeld\w*|reserv\w*|ja\s+(?:tak|gerne|please)|vi\s+tager|jeg\s+tager|passer\s+(?:fint|godt|bedst)|yes\s+please|sign\s+(?:me|us)\s+up|enrol\w*|register\s+(?:me|us)|we(?:'ll|\s+will)\s+take|i(?:'ll|\s+will)\s+take)\b/;

const MONTHS: Record<string, number> = {
  januar: 1, january: 1, jan: 1,
  februar: 2, february: 2, feb: 2,
  marts: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  maj: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};
const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

/** Words after a number that make it a count, not a choice ("2 personer", "3 seats"). */
const COUNTED =
  'personer|person|deltagere|deltager|medarbejdere|medarbejder|kolleger|kollegaer|kollega|mand|stk|pladser|plads|timer|time|dage|dag|uger|uge|' +
  'people|persons|participants|participant|employees|colleagues|seats|seat|hours|hour|days|day|weeks|week|of us|af os';

const ORDINALS: [RegExp, number][] = [
  // Danish: "den første", "det andet", "nummer to", "mulighed tre", "første dato", "den 2.".
  [/\b(?:den|det|nr\.?|nummer|mulighed|option|forslag)\s+f(?:ø|oe|o)rste\b/, 1],
  [/\bf(?:ø|oe|o)rste\s+(?:dato|mulighed|forslag|option|hold)\b/, 1],
  [/\b(?:den|det)\s+(?:anden|andet)\b(?!\s+(?:dag|gang|tidspunkt|uge|m(?:å|aa|a)ned|kursus|hold))/, 2],
  [/\b(?:anden|andet)\s+(?:dato|mulighed|forslag|option)\b/, 2],
  [/\b(?:den|det|nr\.?|nummer|mulighed|option|forslag)\s+tredje\b/, 3],
  [/\btredje\s+(?:dato|mulighed|forslag|option|hold)\b/, 3],
  [/\b(?:nr\.?|nummer|mulighed|forslag)\s+(?:et|én|en)\b/, 1],
  [/\b(?:nr\.?|nummer|mulighed|forslag)\s+to\b/, 2],
  [/\b(?:nr\.?|nummer|mulighed|forslag)\s+tre\b/, 3],
  // English: "the first", "the second one", "third option", "option two".
  [/\bthe\s+first\b(?!\s+(?:time|day|week|month))/, 1],
  [/\bfirst\s+(?:one|option|date|choice|course)\b/, 1],
  [/\bthe\s+second\b(?!\s+(?:time|day|week|month))/, 2],
  [/\bsecond\s+(?:one|option|date|choice|course)\b/, 2],
  [/\bthe\s+third\b(?!\s+(?:time|day|week|month))/, 3],
  [/\bthird\s+(?:one|option|date|choice|course)\b/, 3],
  [/\b(?:option|number|no\.?)\s+one\b/, 1],
  [/\b(?:option|number|no\.?)\s+two\b/, 2],
  [/\b(?:option|number|no\.?)\s+three\b/, 3],
];

/** Lines a mail client quotes ("> …") or that start a quoted block are not the customer's answer. */
function ownText(text: string): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*>/.test(line)) continue;
    if (/^\s*(-{2,}\s*original|(on|den|d\.)\s.+\s(wrote|skrev)\s*:?\s*$)/i.test(line)) break;
    lines.push(line);
  }
  return lines.join('\n').slice(0, 2000).toLowerCase().normalize('NFC');
}

export function parseCourseChoice(text: string, offered: readonly OfferedOption[]): CourseChoice {
  // Addresses, links, phone numbers and amounts carry digits that are not choices.
  let s = ` ${ownText(text)} `
    .replace(/\S+@\S+|https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/\+?\d[\d ]{5,}\d/g, ' ')
    .replace(/\b\d{1,3}(?:[.,]\d{3})+(?:,\d+)?\b/g, ' ')
    .replace(/\b\d+(?:[.,]\d+)?\s*(?:kr\b\.?|kroner|dkk|%|procent|percent)/g, ' ')
    .replace(/\b(?:kr\.?|dkk)\s*\d+(?:[.,]\d+)?/g, ' ');
  const picked = new Set<number>();
  let outOfRange = false;
  let unknownDate = false;
  const byNumber = (n: number) => {
    if (offered.some((o) => o.n === n)) picked.add(n);
    else outOfRange = true;
  };
  const byDate = (day: number, month: number) => {
    const hits = offered.filter((o) => o.day === day && o.month === month);
    if (hits.length) for (const h of hits) picked.add(h.n);
    else unknownDate = true;
  };

  // Dates first, removed from the text so their digits are not read as option numbers.
  const datePatterns: [RegExp, (m: RegExpExecArray) => [number, number]][] = [
    // "12. marts", "12 march", "12th of March", "d. 12. mar"
    [new RegExp(`\\b(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s*(?:of\\s+)?(${MONTH})\\b\\.?`, 'g'), (m) => [Number(m[1]), MONTHS[m[2]!]!]],
    // "March 12", "march 12th"
    [new RegExp(`\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'g'), (m) => [Number(m[2]), MONTHS[m[1]!]!]],
    // "12/3", "12.3.", "12-3" (day first, as Danes and the British write it); "12/3/2027" too
    [/\b(\d{1,2})[./-](\d{1,2})(?:[./-](?:\d{4}|\d{2}))?\b\.?/g, (m) => [Number(m[1]), Number(m[2])]],
  ];
  for (const [re, read] of datePatterns) {
    s = s.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const [day, month] = read(m);
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) byDate(day, month);
      return ' ';
    });
  }
  const viaDate = picked.size > 0;

  // Things that look like numbers but are not choices.
  s = s
    .replace(/\b[a-z]{1,5}-\d+\b/g, ' ') // ticket references (MB-000123)
    .replace(/\bkl\.?\s*\d{1,2}(?:[.:]\d{2})?\b/g, ' ') // clock times
    .replace(/\b\d{1,2}[:.]\d{2}\b/g, ' ')
    .replace(new RegExp(`\\b\\d+\\s*(?:${COUNTED})\\b`, 'g'), ' ')
    .replace(/\b\d{2,}\b/g, (d) => {
      // A longer number is not a choice, but a two-digit "option" number is out of range.
      if (d.length <= 2) outOfRange = true;
      return ' ';
    });

  let viaOrdinal = false;
  for (const [re, n] of ORDINALS) {
    const g = new RegExp(re.source, 'g');
    if (g.test(s)) {
      byNumber(n);
      viaOrdinal = true;
      s = s.replace(g, ' ');
    }
  }

  let viaNumber = false;
  for (const m of s.matchAll(/(?:^|[^\p{L}\p{N}])(\d)(?![\p{N}])/gu)) {
    byNumber(Number(m[1]));
    viaNumber = true;
  }

  if (picked.size > 1) return { kind: 'unclear', why: 'ambiguous' };
  if (picked.size === 1) {
    // A valid pick beside a number that was not offered ("2 eller 4") is not a clear answer.
    if (outOfRange && viaNumber) return { kind: 'unclear', why: 'ambiguous' };
    const option = [...picked][0]!;
    return { kind: 'choice', option, via: viaDate ? 'date' : viaOrdinal ? 'ordinal' : 'number' };
  }
  if (outOfRange) return { kind: 'unclear', why: 'out_of_range' };
  if (unknownDate) return { kind: 'unclear', why: 'unknown_date' };
  if (viaNumber || viaOrdinal || BOOKING_WORDS.test(s)) return { kind: 'unclear', why: 'none' };
  return { kind: 'not_an_answer' };
}
