/**
 * parseMail must survive every message of the shared MIME corpus (1,185 real-world and malformed
 * messages from other parsers' and helpdesks' test suites): it either returns a ParsedInbound or
 * throws MailParseError, never anything else, never a string with NUL or a lone surrogate, and
 * never takes long. Set MIME_CORPUS_DIR to use another copy of the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MailParseError, parseMail } from '../../../src/pipeline/parse/parse-mail';
import { mimeCorpusDir } from '../../support/corpus';

const CORPUS = mimeCorpusDir() ?? '../shared/corpus/mime';
const MANIFEST = join(CORPUS, 'MANIFEST.csv');
/** Per message; generous because CI machines are shared. The slowest message takes ~0.3 s locally. */
const MAX_MS_PER_MESSAGE = 5_000;

const BAD_CHARS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badStrings(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (BAD_CHARS.test(value)) out.push(path);
  } else if (Array.isArray(value)) value.forEach((v, i) => badStrings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) badStrings(v, `${path}.${k}`, out);
  }
}

const available = existsSync(MANIFEST);
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`mime-corpus.test.ts: ${MANIFEST} not found, corpus test skipped (set MIME_CORPUS_DIR to run it)`);
}

(available ? describe : describe.skip)(`parseMail over the MIME corpus in ${CORPUS}`, () => {
  const files: string[] = available
    ? (parse(readFileSync(MANIFEST), { columns: true, skip_empty_lines: true }) as { file: string }[]).map((r) => r.file)
    : [];

  it(
    'parses every message or throws MailParseError, with clean strings and within the time limit',
    async () => {
      expect(files.length).toBeGreaterThan(1000);
      const problems: string[] = [];
      const parseErrors: string[] = [];
      let slowest = { file: '', ms: 0 };
      for (const file of files) {
        const raw = readFileSync(join(CORPUS, file));
        const started = performance.now();
        try {
          const parsed = await parseMail(raw);
          const bad: string[] = [];
          badStrings(parsed, '', bad);
          if (bad.length) problems.push(`${file}: NUL or lone surrogate in ${bad.join(', ')}`);
          if (typeof parsed.contentType !== 'string' || !Array.isArray(parsed.attachments)) problems.push(`${file}: malformed result`);
          if (parsed.date !== null && Number.isNaN(parsed.date.getTime())) problems.push(`${file}: invalid Date object`);
        } catch (err) {
          if (err instanceof MailParseError && err.code === 'MAIL_PARSE_FAILED') parseErrors.push(`${file}: ${err.message}`);
          else problems.push(`${file}: threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
        }
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { file, ms };
        if (ms > MAX_MS_PER_MESSAGE) problems.push(`${file}: took ${ms.toFixed(0)} ms`);
      }
      // eslint-disable-next-line no-console
      console.log(
        `mime corpus: ${files.length} messages, ${files.length - parseErrors.length} parsed, ` +
          `${parseErrors.length} MailParseError${parseErrors.length ? ` (${parseErrors.join('; ')})` : ''}, ` +
          `slowest ${slowest.file} ${slowest.ms.toFixed(0)} ms`,
      );
      expect(problems).toEqual([]);
    },
    600_000,
  );
});
