/**
 * Loads the hand-written training examples (training/data/*.jsonl, format in
 * training/README.md), validates every line (errors name the file and line), and turns each
 * example into a ClassifierInput by building a small RFC 822 message and running it through
 * the production parse stage (parseMail: MIME decoding, HTML→text, quote and signature
 * removal), so training sees exactly what production sees.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES, type Category, type Language } from '../domain/vocabulary';
import { parseMail } from '../pipeline/parse/parse-mail';
import type { TrainingExample } from './train';
import { toClassifierInput } from '../pipeline/classify/input';

/** One line of a training/data/*.jsonl file. */
export interface RawExample {
  id: string;
  category: Category;
  language: Language;
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  from?: string;
  note?: string;
}

export class TrainingDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TrainingDataError';
  }
}

const KNOWN_FIELDS = new Set(['id', 'category', 'language', 'subject', 'text', 'html', 'headers', 'from', 'note']);

/** Validates one parsed JSON value; throws TrainingDataError naming file and line. */
export function validateExample(value: unknown, file: string, line: number, warnings: string[] = []): RawExample {
  const fail = (msg: string): never => {
    throw new TrainingDataError(file, line, msg);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id.trim() === '') fail('"id" must be a non-empty string');
  if (typeof v.category !== 'string' || !(CATEGORIES as readonly string[]).includes(v.category))
    fail(`"category" must be one of ${CATEGORIES.join(', ')} (got ${JSON.stringify(v.category)})`);
  if (v.language !== 'da' && v.language !== 'en') fail(`"language" must be "da" or "en" (got ${JSON.stringify(v.language)})`);
  if (typeof v.subject !== 'string') fail('"subject" must be a string (may be empty)');
  const hasText = v.text !== undefined && v.text !== null;
  const hasHtml = v.html !== undefined && v.html !== null;
  if (hasText && typeof v.text !== 'string') fail('"text" must be a string');
  if (hasHtml && typeof v.html !== 'string') fail('"html" must be a string');
  if (!hasText && !hasHtml) fail('one of "text" or "html" is required');
  if (v.headers !== undefined) {
    if (typeof v.headers !== 'object' || v.headers === null || Array.isArray(v.headers)) fail('"headers" must be an object');
    for (const [k, hv] of Object.entries(v.headers as Record<string, unknown>)) {
      if (!/^[!-9;-~]+$/.test(k)) fail(`header name ${JSON.stringify(k)} is not a valid header name`);
      if (typeof hv !== 'string') fail(`header "${k}" must have a string value`);
      if (/[\r\n]/.test(hv as string)) fail(`header "${k}" must not contain line breaks`);
    }
  }
  if (v.from !== undefined && (typeof v.from !== 'string' || !v.from.includes('@'))) fail('"from" must be an e-mail address');
  if (v.note !== undefined && typeof v.note !== 'string') fail('"note" must be a string');
  const unknown = Object.keys(v).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length) warnings.push(`${file}:${line}: ignoring unknown field(s) ${unknown.join(', ')}`);
  return {
    id: v.id as string,
    category: v.category as Category,
    language: v.language as Language,
    subject: v.subject as string,
    ...(hasText ? { text: v.text as string } : {}),
    ...(hasHtml ? { html: v.html as string } : {}),
    ...(v.headers ? { headers: v.headers as Record<string, string> } : {}),
    ...(v.from ? { from: v.from as string } : {}),
    ...(v.note ? { note: v.note as string } : {}),
  };
}

/** Parses the text of one jsonl file (blank lines and lines starting with // are skipped). */
export function parseJsonl(content: string, file: string, warnings: string[] = []): Array<{ example: RawExample; line: number }> {
  const out: Array<{ example: RawExample; line: number }> = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '' || text.startsWith('//')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new TrainingDataError(file, i + 1, `invalid JSON: ${(e as Error).message}`);
    }
    out.push({ example: validateExample(value, file, i + 1, warnings), line: i + 1 });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// RFC 822 construction

function encodeHeaderValue(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(v)) return v;
  // RFC 2047 encoded words, split so each stays well under 76 characters.
  const words: string[] = [];
  let chunk = '';
  for (const ch of v) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function base64Lines(s: string): string {
  return (Buffer.from(s, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

const DEFAULT_FROM: Record<Language, string> = {
  da: 'Kunde <kunde@example-kunde.dk>',
  en: 'Customer <customer@example-customer.com>',
};

/** A small RFC 822 message for one example (CRLF line ends, UTF-8, base64 body). */
export function buildRawMessage(ex: RawExample): Buffer {
  const extra = ex.headers ?? {};
  const lowerExtra = new Map(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), [k, v] as const]));
  const bodyType = ex.html !== undefined ? 'text/html' : 'text/plain';
  const bodyText = ex.html ?? ex.text ?? '';
  const base: Array<[string, string]> = [
    ['From', ex.from ?? DEFAULT_FROM[ex.language]],
    ['To', 'Microbizz Servicedesk <support@microbizz.dk>'],
    ['Subject', ex.subject],
    ['Date', 'Wed, 01 Oct 2025 09:00:00 +0200'],
    ['Message-ID', `<${ex.id.replace(/[^\w.-]/g, '_')}@training.servicedesk.invalid>`],
    ['MIME-Version', '1.0'],
  ];
  const lines: string[] = [];
  for (const [k, v] of base) {
    const over = lowerExtra.get(k.toLowerCase());
    lines.push(`${k}: ${encodeHeaderValue(over ? over[1] : v)}`);
  }
  const baseNames = new Set(base.map(([k]) => k.toLowerCase()));
  for (const [lk, [k, v]] of lowerExtra) {
    if (baseNames.has(lk) || lk === 'content-type' || lk === 'content-transfer-encoding') continue;
    lines.push(`${k}: ${encodeHeaderValue(v)}`);
  }
  const ct = lowerExtra.get('content-type')?.[1];
  const part = [`Content-Type: ${bodyType}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(bodyText)];
  if (ct && /^multipart\//i.test(ct)) {
    const boundary = `=_training_${ex.id.replace(/[^\w]/g, '')}`;
    const type = ct.split(';')[0]!.trim();
    const params = type.toLowerCase() === 'multipart/report' && !/report-type/i.test(ct) ? '; report-type=delivery-status' : '';
    lines.push(`Content-Type: ${ct}${params}; boundary="${boundary}"`);
    lines.push('');
    lines.push(`--${boundary}`, ...part);
    if (type.toLowerCase() === 'multipart/report') {
      lines.push(
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.invalid',
        '',
        'Final-Recipient: rfc822; unknown@example.invalid',
        'Action: failed',
        'Status: 5.1.1',
        '',
      );
    }
    lines.push(`--${boundary}--`, '');
  } else {
    if (ct) part[0] = `Content-Type: ${ct}`;
    lines.push(...part, '');
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export { toClassifierInput };

export async function exampleToTraining(ex: RawExample, source?: string): Promise<TrainingExample> {
  const parsed = await parseMail(buildRawMessage(ex));
  return { id: ex.id, category: ex.category, language: ex.language, input: toClassifierInput(parsed), ...(source ? { source } : {}) };
}

export interface LoadedTrainingData {
  examples: TrainingExample[];
  raw: RawExample[];
  files: string[];
  warnings: string[];
}

/** Loads and parses every training/data/*.jsonl file (sorted by name; ids must be unique). */
export async function loadTrainingData(dir: string, onExample?: () => void): Promise<LoadedTrainingData> {
  if (!fs.existsSync(dir)) throw new Error(`training data directory ${dir} does not exist`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const warnings: string[] = [];
  const raw: RawExample[] = [];
  const examples: TrainingExample[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const full = path.join(dir, f);
    const rel = path.join(path.basename(dir), f);
    for (const { example, line } of parseJsonl(fs.readFileSync(full, 'utf8'), rel, warnings)) {
      const where = `${rel}:${line}`;
      const prev = seen.get(example.id);
      if (prev) throw new TrainingDataError(rel, line, `duplicate id "${example.id}" (first at ${prev})`);
      seen.set(example.id, where);
      raw.push(example);
      examples.push(await exampleToTraining(example, where));
      onExample?.();
    }
  }
  return { examples, raw, files, warnings };
}
