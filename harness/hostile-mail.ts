/**
 * Mails built to hurt a mail pipeline, for the tests and `npm run hostile`. Each is a real
 * RFC 5322 message from a registered sender of the test registry, with our receiving
 * server's Authentication-Results, so it goes all the way through.
 */
import { randomUUID } from 'node:crypto';

const headerBlock = (subject: string, extra: string[]): string =>
  [
    'Authentication-Results: mx1.microbizz.dk; spf=pass smtp.mailfrom=fjordby-el.dk; dkim=pass header.d=fjordby-el.dk; dmarc=pass header.from=fjordby-el.dk',
    'From: Mette Fjordby <mette@fjordby-el.dk>',
    'To: support@microbizz.dk',
    `Subject: ${subject}`,
    `Message-ID: <${randomUUID()}@fjordby-el.dk>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...extra,
  ].join('\r\n');

/** One base64 text part of `mib` MiB of letters without a single space: one enormous "word". */
export function giantWordMail(mib = 15): Buffer {
  const word = Buffer.alloc(mib * 1024 * 1024, 0x61);
  for (let i = 0; i < word.length; i += 7) word[i] = 0x61 + (i % 10);
  const body = word.toString('base64').replace(/(.{76})/g, '$1\r\n');
  return Buffer.from(`${headerBlock('Logfil', ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'])}\r\n\r\n${body}\r\n`);
}

/** An HTML-only mail of `depth` nested <b> tags (280,000: about 2 MB) around one sentence. */
export function deepHtmlMail(depth = 280_000): Buffer {
  const html = `<html><body>${'<b>'.repeat(depth)}Hej, appen lukker ned, når vi åbner skemaet.${'</b>'.repeat(depth)}</body></html>`;
  return Buffer.from(`${headerBlock('Appen lukker ned', ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit'])}\r\n\r\n${html}\r\n`);
}
