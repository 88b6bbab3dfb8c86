/**
 * Finds where the sender's signature starts in the new (unquoted) part of a mail, bottom-up.
 *
 * Conservative by design: every rule needs a closing formula, a delimiter or footer text that only
 * occurs in signatures, and what follows it must look like a signature block (short lines, no
 * questions). When unsure the text stays in the body — losing a sentence of a bug report costs
 * more than classifying a "Mvh Anna" line.
 */

export interface SignatureSplit {
  body: string[];
  signature: string[];
}

/** Closings that end a mail; RFC-free, from Danish/English business mail practice. */
const STRONG = new Set([
  'med venlig hilsen', 'med venlige hilsner', 'venlig hilsen', 'venlige hilsner', 'de bedste hilsner', 'bedste hilsner',
  'bedste hilsen', 'mange hilsner', 'mange hilsener', 'hilsen', 'hilsner', 'kærlig hilsen', 'kh', 'vh', 'mvh', 'm.v.h',
  'mvh.', 'vh.', 'mhv', 'med vennlig hilsen', 'vennlig hilsen', 'best regards', 'kind regards', 'warm regards', 'regards',
  'best wishes', 'with kind regards', 'with best regards', 'kindest regards', 'many regards', 'br', 'cheers', 'sincerely',
  'yours sincerely', 'yours faithfully', 'yours truly', 'mit freundlichen grüßen', 'viele grüße', 'best',
  'thanks & regards', 'thanks and regards', 'thanks & best regards', 'many thanks & regards',
]);
/** Closings that may appear with a name on the same line ("Mvh Bjarne", "Hilsen fra Anders"). */
const WITH_NAME = /^(med venlig hilsen|med venlige hilsner|venlig hilsen|venlige hilsner|bedste hilsner|mange hilsner|kærlig hilsen|hilsen|hilsner|m\.?v\.?h\.?|vh\.?|kh\.?|best regards|kind regards|regards|cheers)[,.:]?\s+(?:fra\s+)?(.+)$/i;
/** "Tak"/"Thanks" only count when a short name block follows. */
const WEAK = new Set([
  'tak', 'mange tak', 'tusind tak', 'på forhånd tak', 'tak på forhånd', 'tak for hjælpen', 'thanks', 'thank you',
  'many thanks', 'thanks in advance', 'thanks again', 'thx',
]);

const NAME = /^[\p{Lu}][\p{L}'’.-]*(?:\s+(?:[\p{Lu}][\p{L}'’.-]*|&|og|and|van|von|de))*\.?$/u;
/** Informal sign-offs are often lower case ("mvh rasmus"); allow that for 1–2 words that are not sentence words. */
const LOWER_NAME = /^[\p{Ll}][\p{L}'’-]*(?:\s+[\p{Ll}][\p{L}'’-]*)?$/u;
const SENTENCE_WORDS = /(?:^|\s)(?:til|fra|og|at|han|hun|det|der|den|jeg|vi|i|på|med|om|er|for|to|from|and|the|is|all|alle|jer|dig|mig|you)(?:\s|$)/;
/** "/Nikolaj": the Danish slash sign-off. */
const SLASH_NAME = /^\/\s?[\p{L}][\p{L}'’.-]*(?:\s+[\p{L}][\p{L}'’.-]*)?$/u;
const MOBILE =
  /^(?:sendt fra min \S.*|sendt fra (?:outlook|mail|yahoo|samsung|min mobil)\b.*|sent from my \S.*|sent from (?:outlook|mail for windows|yahoo mail|samsung)\b.*|hent outlook til (?:ios|android)|get outlook for (?:ios|android)|sendt fra outlook til (?:ios|android)|sent with .{1,30} mobile.*)$/i;
const DISCLAIMER_START = /^(?:(?:denne|dette|this|the)\s+(?:e-?mail|mail|meddelelse|besked|message|transmission|information)|disclaimer|confidentiality notice|fortrolighed)/i;
const DISCLAIMER_WORDS = /fortrolig|confidential|privileged|kun beregnet|udelukkende beregnet|intended (?:solely )?for|tiltænkt|vedhæftede filer|attachments may/i;
// RFC 3676 §4.3 "-- "; many clients strip the trailing space.
const DELIMITER = /^--[ \t]*$/;
const CONTACT =
  /\b(?:tlf|tel|telefon|mobil|mob|phone|direkte|direct|fax|d|m|t)\b\.?:?\s*\+?\d|\+\d{2}[\s\d]{8,}|\b\d{2} \d{2} \d{2} \d{2}\b|@[\w-]+\.\w|\bwww\.|https?:\/\/|\b(?:ApS|A\/S|I\/S|IVS|K\/S|P\/S|Ltd|GmbH|Inc|AB)\b/;

function norm(line: string): string {
  return line.trim().toLowerCase().replace(/[,.!:;]+$/, '').replace(/\s+/g, ' ');
}

function isNameLike(s: string): boolean {
  const t = s.trim();
  if (t.split(/\s+/).length > 4) return false;
  return NAME.test(t) || (LOWER_NAME.test(t) && !SENTENCE_WORDS.test(t));
}

/** A closing line: "Venlig hilsen", "Mvh Bjarne", "/Nikolaj", "Kind regards / Z poważaniem". */
function isClosing(line: string): boolean {
  const raw = line.trim();
  if (STRONG.has(norm(raw)) || SLASH_NAME.test(raw)) return true;
  const m = WITH_NAME.exec(raw);
  if (m && isNameLike(m[2]!)) return true;
  // Bilingual closings: the first half must be a known closing, the second is taken on trust.
  const halves = raw.split(/\s+\/\s+/);
  return halves.length === 2 && STRONG.has(norm(halves[0]!)) && halves[1]!.length <= 40;
}
const isBlank = (l: string): boolean => l.trim() === '';

/** Does `lines` (what follows a closing) look like a signature block: few short lines, no questions? */
function looksLikeBlock(lines: string[], maxLines: number): boolean {
  const content = lines.filter((l) => !isBlank(l) && !DELIMITER.test(l));
  if (content.length > maxLines) return false;
  return content.every((l) => {
    const t = l.trim();
    // Count words with letters only: phone lines ("T: +45 46 30 12 00 · D: …") are long in tokens.
    const words = t.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
    return t.length <= 100 && !t.endsWith('?') && words <= 12;
  });
}

/** Index of a closing line within [0, end), or -1. */
function findClosing(lines: string[], end: number): number {
  for (let i = end - 1; i >= Math.max(0, end - 16); i--) {
    if (isClosing(lines[i]!) && looksLikeBlock(lines.slice(i + 1, end), 12)) return i;
  }
  for (let i = end - 1; i >= Math.max(0, end - 8); i--) {
    if (!WEAK.has(norm(lines[i]!))) continue;
    const after = lines.slice(i + 1, end).filter((l) => !isBlank(l));
    if (after.length >= 1 && isNameLike(after[0]!) && looksLikeBlock(after, 6)) return i;
  }
  return -1;
}

/** Start of a trailing contact block ("Carsten Winkel / Firma ApS / Tlf. …") without a closing, or -1. */
function findContactBlock(lines: string[], end: number): number {
  let start = end;
  while (start > 0 && !isBlank(lines[start - 1]!)) start--;
  const block = lines.slice(start, end);
  if (start === 0 || block.length < 2 || block.length > 8) return -1;
  if (!NAME.test(block[0]!.trim()) || block[0]!.trim().split(/\s+/).length > 4) return -1;
  if (!looksLikeBlock(block, 8) || !block.some((l) => CONTACT.test(l))) return -1;
  return start;
}

export function splitSignature(input: string[]): SignatureSplit {
  const lines = [...input];
  while (lines.length && isBlank(lines[lines.length - 1]!)) lines.pop();
  let end = lines.length;

  // Mobile footers ("Sendt fra min iPhone") close the mail; only trailing noise may follow.
  for (let i = end - 1; i >= Math.max(0, end - 6); i--) {
    if (MOBILE.test(lines[i]!.trim()) && lines.slice(i + 1, end).filter((l) => !isBlank(l)).length <= 2) end = i;
  }
  // Confidentiality disclaimers sit at the very end.
  for (let i = Math.max(1, end - 20); i < end; i++) {
    if (DISCLAIMER_START.test(lines[i]!.trim()) && DISCLAIMER_WORDS.test(lines.slice(i, Math.min(end, i + 4)).join(' '))) {
      end = i;
      break;
    }
  }
  while (end > 0 && isBlank(lines[end - 1]!)) end--;

  let start = end;
  let delimiter = -1;
  for (let i = end - 1; i >= Math.max(0, end - 30); i--) {
    if (DELIMITER.test(lines[i]!)) {
      delimiter = i;
      break;
    }
  }
  const closing = findClosing(lines, end);
  if (closing >= 0) start = closing;
  else if (delimiter >= 0) start = delimiter;
  else {
    const contact = findContactBlock(lines, end);
    if (contact >= 0) start = contact;
  }
  // A mail that is nothing but "Mange tak / Anna" keeps its closing line: it is the message.
  if (closing >= 0 && lines.slice(0, start).every(isBlank)) start = closing + 1;
  return { body: lines.slice(0, start), signature: lines.slice(start) };
}
