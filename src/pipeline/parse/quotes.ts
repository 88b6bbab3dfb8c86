/**
 * splitNewText: only what the sender wrote now.
 *
 * Quoted history comes in two shapes:
 * - "hard" markers after which everything is history, quoted or not: Outlook header blocks
 *   (Fra/Sendt/Til/Emne, From/Sent/To/Subject, optionally after a "_____" line),
 *   "-----Oprindelig meddelelse-----"/"-----Original Message-----", forward separators and an
 *   attribution line ("Den … skrev …:", "On … wrote:") that is NOT followed by ">" lines;
 * - ">"-quoted lines (RFC 3676 §4.5 quote depth), usually under an attribution line. Unquoted lines
 *   between or after them are the sender's inline answers and count as new text (bottom-posting).
 *
 * Forward-only mails: when the sender wrote nothing above a forward separator, an "Original
 * Message" separator or an Outlook header block (Outlook uses the same block for replies and
 * forwards, and an empty reply is far rarer than a forward without comment), newText is the forwarded message's own new text (found recursively), so a forwarded
 * error report is still judged on its content. The header lines of the forwarded message go to
 * quotedText. An empty ">"-quoted reply stays empty: there is nothing new in it.
 */
import { sanitizeText } from './sanitize';
import { splitSignature } from './signature';

export interface SplitText {
  newText: string;
  quotedText: string;
  signature: string;
}

type HardKind = 'outlook' | 'original' | 'forward' | 'attribution';

const KEY_FROM = /^\s*\*{0,2}(?:fra|from|von|de|från)\s*:\s*\*{0,2}\s*\S/i;
const KEY_ANY =
  /^\s*\*{0,2}(?:fra|from|von|sendt|sent|dato|date|datum|gesendet|til|to|an|cc|bcc|emne|subject|betreff|svar til|reply-to|vigtighed|prioritet|importance|afsendt)\s*:\s*\*{0,2}/i;
const KEY_STRONG = /^\s*\*{0,2}(?:sendt|sent|dato|date|datum|gesendet|emne|subject|betreff|afsendt)\s*:/i;
const ORIGINAL = /^\s*-{2,}\s*(?:oprindelig meddelelse|original message|original meddelelse|ursprüngliche nachricht|opprinnelig melding)\s*-{2,}\s*$/i;
const FORWARD_SEPARATOR =
  /^\s*-{2,}\s*(?:forwarded message|forwarded message follows|videresendt meddelelse|videresendt besked|videresendt e-mail|weitergeleitete nachricht|original message follows)\s*-{2,}\s*$/i;
const FORWARD_INTRO = /^\s*(?:begin forwarded message|start på videresendt besked|videresendt besked|start of forwarded message|anfang der weitergeleiteten nachricht)\s*:?\s*$/i;
const UNDERSCORES = /^\s*_{8,}\s*$/;
const QUOTED = /^\s*>/;

// Attribution lines. A time ("14.05", "14:05") or an address makes them safe to trust on their
// own; with only a year they count when ">" lines follow ("Den 3. oktober 2025 skrev jeg til jer:"
// is a sentence).
const ATTRIBUTION = [
  /^(?:den|d\.)\s.{3,80}?\sskrev\s.{1,200}:$/i,
  /^on\s.{3,120}?\swrote\s?:$/i,
  /^.{1,120}\sskrev den\s.{3,80}:$/i,
  /^.{1,120}\s(?:wrote|skrev)\s(?:on|den)\s.{3,80}:$/i,
  /^am\s.{3,80}?\sschrieb\s.{1,200}:$/i,
  /^le\s.{3,80}?\sa écrit\s?:$/i,
  /^(?:.{1,100}\s)?<?[^\s<>@]+@[^\s<>@]+>?\s+(?:wrote|skrev)\s?:$/i,
];
const TIME = /\b\d{1,2}[.:]\d{2}\b/;
const YEAR = /\b(?:19|20)\d{2}\b/;

const isBlank = (l: string): boolean => l.trim() === '';

function attributionStrength(s: string): 'strong' | 'weak' | null {
  const t = s.trim().replace(/\s+/g, ' ');
  if (!t.endsWith(':') || t.length > 300 || !ATTRIBUTION.some((re) => re.test(t))) return null;
  if (TIME.test(t) || t.includes('@')) return 'strong';
  return YEAR.test(t) ? 'weak' : null;
}

/** Attribution at line i, possibly wrapped onto a second line by the sender's client. */
function attributionAt(lines: string[], i: number): { length: number; strength: 'strong' | 'weak' } | null {
  const one = attributionStrength(lines[i]!);
  if (one) return { length: 1, strength: one };
  const next = lines[i + 1];
  if (next !== undefined && !isBlank(next) && !QUOTED.test(next) && /^(?:den|on|am|le)\s/i.test(lines[i]!.trim())) {
    const two = attributionStrength(`${lines[i]!.trim()} ${next.trim()}`);
    if (two) return { length: 2, strength: two };
  }
  return null;
}

function nextContentIsQuoted(lines: string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) if (!isBlank(lines[j]!)) return QUOTED.test(lines[j]!);
  return false;
}

/** An Outlook header block starting at line i: From/Fra plus two more header keys, one of them Sent/Date/Subject. */
function outlookBlockAt(lines: string[], i: number): boolean {
  if (!KEY_FROM.test(lines[i] ?? '')) return false;
  let keys = 0;
  let strong = false;
  let misses = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 14) && misses < 2; j++) {
    const l = lines[j]!;
    if (isBlank(l)) continue;
    if (KEY_ANY.test(l)) {
      keys++;
      strong ||= KEY_STRONG.test(l);
      misses = 0;
    } else misses++;
  }
  return keys >= 2 && strong;
}

function hardMarkerAt(lines: string[], i: number): HardKind | null {
  const line = lines[i]!;
  if (FORWARD_SEPARATOR.test(line) || FORWARD_INTRO.test(line)) return 'forward';
  if (ORIGINAL.test(line)) return 'original';
  if (UNDERSCORES.test(line)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) if (outlookBlockAt(lines, j)) return 'outlook';
    return null;
  }
  return outlookBlockAt(lines, i) ? 'outlook' : null;
}

interface Separated {
  fresh: string[];
  quoted: string[];
  hardAt: number;
  hardKind: HardKind | null;
}

function separate(lines: string[]): Separated {
  const fresh: string[] = [];
  const quoted: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = hardMarkerAt(lines, i);
    if (kind) {
      quoted.push(...lines.slice(i));
      return { fresh, quoted, hardAt: i, hardKind: kind };
    }
    const attribution = attributionAt(lines, i);
    if (attribution) {
      if (nextContentIsQuoted(lines, i + attribution.length)) {
        quoted.push(...lines.slice(i, i + attribution.length));
        i += attribution.length - 1;
        continue;
      }
      if (attribution.strength === 'strong') {
        quoted.push(...lines.slice(i));
        return { fresh, quoted, hardAt: i, hardKind: 'attribution' };
      }
    }
    if (QUOTED.test(lines[i]!)) quoted.push(lines[i]!);
    else fresh.push(lines[i]!);
  }
  return { fresh, quoted, hardAt: -1, hardKind: null };
}

/** Split a forwarded block into its header lines and the forwarded body. */
function forwardedParts(lines: string[], start: number): { head: string[]; body: string[] } {
  let j = start;
  if (!KEY_FROM.test(lines[j]!)) j++;
  while (j < lines.length && isBlank(lines[j]!)) j++;
  let sawKey = false;
  while (j < lines.length) {
    const l = lines[j]!;
    if (KEY_ANY.test(l)) sawKey = true;
    else if (isBlank(l)) {
      if (sawKey) break;
    } else if (!(sawKey && /^\s/.test(l))) break;
    j++;
  }
  return { head: lines.slice(start, j), body: lines.slice(j) };
}

/** Trim blank lines at both ends, collapse runs of blank lines, drop trailing rules left by <hr>. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const l of lines) {
    const line = l.replace(/[ \t\u00a0]+$/, '');
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && (out[out.length - 1] === '' || /^\s*[-_=*]{5,}\s*$/.test(out[out.length - 1]!))) out.pop();
  return out.join('\n');
}

function split(text: string, depth: number): SplitText {
  const lines = sanitizeText(text).split('\n');
  const { fresh, quoted, hardAt, hardKind } = separate(lines);
  const sig = splitSignature(fresh);
  const newText = tidy(sig.body);
  const signature = tidy(sig.signature);
  if (!newText && hardAt >= 0 && hardKind !== 'attribution' && depth < 3) {
    const { head, body } = forwardedParts(lines, hardAt);
    const inner = split(body.join('\n'), depth + 1);
    if (inner.newText) {
      return {
        newText: inner.newText,
        quotedText: [tidy(head), inner.quotedText].filter(Boolean).join('\n\n'),
        signature: [signature, inner.signature].filter(Boolean).join('\n\n'),
      };
    }
  }
  return { newText, quotedText: tidy(quoted), signature };
}

export function splitNewText(text: string): SplitText {
  return split(text, 0);
}
