/**
 * The parse pool's worker thread (pool.ts): the untrusted, CPU-heavy part of handling a mail
 * — MIME parsing, HTML shaping and conversion, quote splitting, and the agents' view with its
 * sanitised HTML — run where it can neither block the worker's event loop nor take its heap.
 * Stateless; every task is one mail.
 */
import { MailParseError, parseMail } from '../parse/parse-mail';
import { buildMailView, unreadableMailView, type MailView } from '../view/build-view';
import { attachmentBytes, inlineImages } from '../view/inline-images';
import type { ParsedInbound } from '../parse/types';

export type ThreadTask =
  | { op: 'parse'; raw: Uint8Array; view: boolean }
  | { op: 'attachment'; raw: Uint8Array; size: number; sha256: string };

export type ParseResult = { ok: true; parsed: ParsedInbound; view: MailView | null } | { ok: false; error: string; view: MailView | null };

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export default async function run(task: ThreadTask): Promise<ParseResult | Uint8Array | null> {
  const raw = asBuffer(task.raw);
  if (task.op === 'attachment') return attachmentBytes(raw, task);
  let parsed: ParsedInbound;
  try {
    parsed = await parseMail(raw);
  } catch (err) {
    if (!(err instanceof MailParseError)) throw err;
    return { ok: false, error: err.message, view: task.view ? unreadableMailView(err.message) : null };
  }
  const view = task.view ? buildMailView(parsed, await inlineImages(raw, parsed)) : null;
  return { ok: true, parsed, view };
}
