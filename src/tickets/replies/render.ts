/**
 * Renders the automatic replies from the Handlebars templates under templates/.
 *
 * Layout of the templates folder:
 *   templates/<kind>/{subject,text,html}.{da,en}.hbs   one folder per REPLY_KINDS entry
 *   templates/<kind>/preview.json                      sample ReplyContexts (see renderAllPreviews)
 *   templates/partials/<name>.<lang>.<text|html>.hbs   shared partials, e.g. {{> signature.da.text}}
 *   templates/partials/layout.html.hbs                 HTML wrapper: {{#> layout.html}}…{{/layout.html}}
 *
 * Subjects and text bodies are compiled with noEscape; HTML bodies and HTML partials escape.
 * Everything is compiled in strict mode, so a template that uses a variable the context does
 * not have throws instead of silently printing nothing.
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import * as Handlebars from 'handlebars';
import { AGREEMENT_KINDS, PHONE_INCLUDED, SERVICEDESK, SERVICE_REQUESTS_INCLUDED } from '../../domain/vocabulary';
import type { AgreementKind, Language, Topic } from '../../domain/vocabulary';
import { REPLY_KINDS } from './types';
import type { RenderedReply, ReplyContext, ReplyKind } from './types';
import { agreementLabel, formatBytes, joinNames, shortSubject, topicLabel } from './format';
import { formatDkk } from '../../i18n/money';

export interface TemplateRenderer {
  /** Subject (one line), plain-text body and HTML body for one reply. Throws on an unknown kind/variant. */
  render(ctx: ReplyContext): RenderedReply;
}

export const LANGUAGES: readonly Language[] = ['da', 'en'];
const PARTS = ['subject', 'text', 'html'] as const;
type Part = (typeof PARTS)[number];

/** Partials every template set must provide (besides any extra ones in templates/partials/). */
export const REQUIRED_PARTIALS: readonly string[] = [
  'layout.html',
  ...['signature', 'agreement-footer'].flatMap((name) =>
    LANGUAGES.flatMap((lang) => [`${name}.${lang}.text`, `${name}.${lang}.html`]),
  ),
];

/**
 * The variants each template distinguishes (null = the default text). render() rejects others,
 * so a policy that invents a variant fails loudly instead of getting the default wording.
 */
export const REPLY_VARIANTS: Readonly<Record<ReplyKind, readonly (string | null)[]>> = {
  error: [null, 'not-registered', 'unknown-sender'],
  support: [null, ...AGREEMENT_KINDS],
  'training-offer': [null],
  'service-request': [null, 'included', 'billable'],
  'unknown-sender': [null],
  'not-registered': [null],
  'needs-triage': [null],
  oversize: [null],
  'course-booked': [null],
  'course-full': [null],
  'course-unclear': [null],
  'course-notice': [null],
};

/** Data variables available in every template as @sd.* (plus @subject in the HTML layout). */
const SD_DATA = { ...SERVICEDESK, phoneHref: `tel:${SERVICEDESK.phone.replace(/\s+/g, '')}` } as const;

type HandlebarsEnv = ReturnType<typeof Handlebars.create>;

const TEXT_OPTIONS: CompileOptions = { strict: true, noEscape: true };
const HTML_OPTIONS: CompileOptions = { strict: true, noEscape: false };

function readTemplate(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`Reply template ${file} is missing or unreadable${code ? ` (${code})` : ''}`);
  }
}

function compileFile(hb: HandlebarsEnv, file: string, options: CompileOptions): HandlebarsTemplateDelegate {
  const source = readTemplate(file);
  try {
    hb.parse(source); // syntax errors surface now, not at the first mail
  } catch (err) {
    throw new Error(`Reply template ${file} does not parse: ${(err as Error).message}`);
  }
  return hb.compile(source, options);
}

function langOf(options: Handlebars.HelperOptions): Language {
  const root = (options.data as { root?: { language?: unknown } } | undefined)?.root;
  const lang = root?.language;
  if (lang !== 'da' && lang !== 'en') throw new Error(`reply template helper: context has no valid language`);
  return lang;
}

function isAgreementKind(v: unknown): v is AgreementKind {
  return typeof v === 'string' && (AGREEMENT_KINDS as readonly string[]).includes(v);
}

/** Template helpers. All take the language from the root context. */
function registerHelpers(hb: HandlebarsEnv): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('dkk', (amount: number, options: Handlebars.HelperOptions) =>
    formatDkk(amount, langOf(options)),
  );
  hb.registerHelper('bytes', (n: number, options: Handlebars.HelperOptions) => formatBytes(n, langOf(options)));
  /** {{topicName topic}} — the inline form ("skemaer", "the Microbizz app"); null reads as Microbizz. */
  hb.registerHelper('topicName', (topic: Topic | null, options: Handlebars.HelperOptions) =>
    topicLabel(topic, langOf(options), 'inline'),
  );
  hb.registerHelper('agreementName', (kind: unknown, options: Handlebars.HelperOptions) => {
    if (!isAgreementKind(kind)) throw new Error(`agreementName: unknown agreement kind "${String(kind)}"`);
    return agreementLabel(kind, langOf(options));
  });
  hb.registerHelper('phoneIncluded', (kind: unknown) => isAgreementKind(kind) && PHONE_INCLUDED.has(kind));
  hb.registerHelper(
    'serviceRequestsIncluded',
    (kind: unknown) => isAgreementKind(kind) && SERVICE_REQUESTS_INCLUDED.has(kind),
  );
  /** {{contactList contacts}} — "Mette Larsen (mette@x.dk) og Jonas Holm (jonas@x.dk)". */
  hb.registerHelper('contactList', (contacts: ReplyContext['contacts'], options: Handlebars.HelperOptions) =>
    joinNames(
      contacts.map((c) => (c.name && c.name.trim() ? `${c.name.trim()} (${c.address})` : c.address)),
      langOf(options),
    ),
  );
  hb.registerHelper('shortSubject', (subject: string) => shortSubject(subject ?? ''));
}

function normaliseText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function normaliseSubject(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Loads and compiles every template and partial under `templatesDir` once. Throws an Error
 * naming the file if anything required is missing or does not parse.
 */
export function createTemplateRenderer(templatesDir: string): TemplateRenderer {
  const dir = path.resolve(templatesDir);
  const hb = Handlebars.create();
  registerHelpers(hb);

  // Partials: <name>.<lang>.<text|html>.hbs (and layout.html.hbs). HTML ones escape, text ones don't.
  const partialsDir = path.join(dir, 'partials');
  let partialFiles: string[];
  try {
    partialFiles = fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'));
  } catch {
    throw new Error(`Reply template folder ${partialsDir} is missing`);
  }
  for (const name of REQUIRED_PARTIALS) {
    if (!partialFiles.includes(`${name}.hbs`)) {
      throw new Error(`Reply template ${path.join(partialsDir, `${name}.hbs`)} is missing`);
    }
  }
  for (const file of partialFiles) {
    const name = file.slice(0, -'.hbs'.length);
    const isHtml = name.split('.').includes('html');
    hb.registerPartial(name, compileFile(hb, path.join(partialsDir, file), isHtml ? HTML_OPTIONS : TEXT_OPTIONS));
  }

  const templates = new Map<string, HandlebarsTemplateDelegate>();
  const fileFor = (kind: string, part: Part, lang: string) => path.join(dir, kind, `${part}.${lang}.hbs`);
  for (const kind of REPLY_KINDS) {
    for (const lang of LANGUAGES) {
      for (const part of PARTS) {
        const options = part === 'html' ? HTML_OPTIONS : TEXT_OPTIONS;
        templates.set(`${kind}/${part}.${lang}`, compileFile(hb, fileFor(kind, part, lang), options));
      }
    }
  }

  const get = (kind: string, part: Part, lang: string): HandlebarsTemplateDelegate => {
    const t = templates.get(`${kind}/${part}.${lang}`);
    if (!t) {
      const why = !(REPLY_KINDS as readonly string[]).includes(kind)
        ? `unknown reply kind "${kind}"`
        : `unknown language "${lang}"`;
      throw new Error(`Reply template ${fileFor(kind, part, lang)} does not exist (${why})`);
    }
    return t;
  };

  return {
    render(given: ReplyContext): RenderedReply {
      // Templates compile in strict mode: a context without articles has an empty list.
      const ctx: ReplyContext = { ...given, articles: given.articles ?? [], course: given.course ?? null };
      const kind: ReplyKind | string = ctx.kind;
      const lang = ctx.language;
      get(kind, 'subject', lang); // unknown kind or language: throws naming the file
      const variants = REPLY_VARIANTS[kind as ReplyKind];
      if (!variants.includes(ctx.variant)) {
        throw new Error(
          `Reply templates in ${path.join(dir, kind)} have no variant ${JSON.stringify(ctx.variant)} ` +
            `(known: ${variants.map((v) => JSON.stringify(v)).join(', ')})`,
        );
      }
      const data = { sd: SD_DATA, subject: '' };
      const run = (part: Part, d: typeof data): string => {
        try {
          return get(kind, part, lang)(ctx, { data: d });
        } catch (err) {
          const e = err as Error;
          if (e.message.startsWith('Reply template ')) throw e;
          throw new Error(
            `Reply template ${fileFor(kind, part, lang)} failed for variant ${JSON.stringify(ctx.variant)}: ${e.message}`,
          );
        }
      };
      const subject = normaliseSubject(run('subject', data));
      const text = normaliseText(run('text', data));
      const html = run('html', { ...data, subject }).trim() + '\n';
      return { subject, text, html };
    },
  };
}

/** The folder holding templates/partials, found by walking up from this file (src/ or dist/src/). */
export function defaultTemplatesDir(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'templates');
    if (fs.existsSync(path.join(candidate, 'partials'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No templates/partials folder found above ${start}`);
    dir = parent;
  }
}

/** Reads templates/<kind>/preview.json. Throws naming the file if it is missing or not an array. */
export function loadPreviewSamples(templatesDir: string, kind: ReplyKind): ReplyContext[] {
  const file = path.join(templatesDir, kind, 'preview.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTemplate(file));
  } catch (err) {
    throw new Error(`Preview samples ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`Preview samples ${file}: expected a JSON array`);
  for (const [i, s] of parsed.entries()) {
    const sample = s as Partial<ReplyContext>;
    if (sample.kind !== kind) {
      throw new Error(`Preview samples ${file}[${i}]: kind is ${JSON.stringify(sample.kind)}, expected "${kind}"`);
    }
  }
  return parsed as ReplyContext[];
}

/** File name stem of a preview: `<variant-or-default>.<agreement-or-none>.<lang>`. */
export function previewStem(ctx: ReplyContext): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_-]+/g, '_');
  return `${safe(ctx.variant ?? 'default')}.${safe(ctx.agreement?.kind ?? 'none')}.${ctx.language}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Renders every preview.json sample to `outDir/<kind>/<variant-or-default>.<agreement-or-none>.<lang>.{txt,html}`
 * (the .txt starts with a "Subject:" line) plus `outDir/index.html` linking them. Two samples
 * with the same stem get "-2", "-3", ... appended. Returns the written paths.
 */
export async function renderAllPreviews(
  renderer: TemplateRenderer,
  templatesDir: string,
  outDir: string,
): Promise<string[]> {
  const written: string[] = [];
  const rows: string[] = [];
  for (const kind of REPLY_KINDS) {
    const samples = loadPreviewSamples(templatesDir, kind);
    const kindDir = path.join(outDir, kind);
    await fsp.mkdir(kindDir, { recursive: true });
    const used = new Map<string, number>();
    for (const ctx of samples) {
      const base = previewStem(ctx);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      const stem = n === 1 ? base : `${base}-${n}`;
      const out = renderer.render(ctx);
      const txtPath = path.join(kindDir, `${stem}.txt`);
      const htmlPath = path.join(kindDir, `${stem}.html`);
      await fsp.writeFile(txtPath, `Subject: ${out.subject}\n\n${out.text}`, 'utf8');
      await fsp.writeFile(htmlPath, out.html, 'utf8');
      written.push(txtPath, htmlPath);
      rows.push(
        `<tr><td>${escapeHtml(kind)}</td><td>${escapeHtml(ctx.variant ?? '—')}</td>` +
          `<td>${escapeHtml(ctx.agreement?.kind ?? '—')}</td><td>${ctx.language}</td>` +
          `<td>${escapeHtml(out.subject)}</td>` +
          `<td><a href="${kind}/${stem}.html">html</a> · <a href="${kind}/${stem}.txt">text</a></td></tr>`,
      );
    }
  }
  const index = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Microbizz Servicedesk – reply template previews</title>
<style>body{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:24px}table{border-collapse:collapse}
td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}</style></head>
<body>
<h1>Reply template previews</h1>
<p>Generated from templates/&lt;kind&gt;/preview.json. ${rows.length} samples.</p>
<table>
<tr><th>Kind</th><th>Variant</th><th>Agreement</th><th>Lang</th><th>Subject</th><th>Files</th></tr>
${rows.join('\n')}
</table>
</body>
</html>
`;
  await fsp.mkdir(outDir, { recursive: true });
  const indexPath = path.join(outDir, 'index.html');
  await fsp.writeFile(indexPath, index, 'utf8');
  written.push(indexPath);
  return written;
}
