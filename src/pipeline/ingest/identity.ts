import { createHash } from 'node:crypto';

/**
 * The identity of a mail: its Message-ID plus a hash of its content. Pure; reads only the
 * header block it needs, so it is cheap even for a large mail.
 *
 * The hash covers the body and the From/Date/Subject headers, not the trace headers
 * (Received, Delivered-To, Return-Path) that differ between two deliveries of the same mail:
 * a mail delivered twice is one mail, while a sender that reuses a Message-ID for a different
 * mail (FreeScout #5591) still gets its second mail read.
 */
export interface MailIdentity {
  messageId: string;
  synthetic: boolean;
  contentHash: string;
}

/** Byte offset where the body starts (after the first empty line), or the length when none. */
export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return raw.length;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return crlf + 4;
  return lf + 2;
}

/** Unfolded header lines → lower-case name → raw values (not MIME-decoded). */
export function readHeaderBlock(block: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const list = out.get(name) ?? [];
    list.push(line.slice(i + 1).trim());
    out.set(name, list);
  }
  return out;
}

/** "<a@b>" or "a@b" with stray text → "a@b"; null when there is no usable id. */
export function normaliseMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const m = /<([^<>\s]+)>/.exec(value) ?? /([^<>\s]+@[^<>\s]+)/.exec(value);
  // eslint-disable-next-line no-control-regex
  const id = m ? m[1].replace(/[\u0000-\u001f\u007f]/g, '') : '';
  return id.length > 0 && id.length <= 900 ? id : null;
}

export function computeIdentity(raw: Buffer, opts: { bodyIncluded?: boolean } = {}): MailIdentity {
  const end = headerEnd(raw);
  const headers = readHeaderBlock(raw.subarray(0, end).toString('latin1'));
  const hash = createHash('sha256');
  for (const name of ['from', 'date', 'subject', 'message-id']) {
    hash.update(`${name}:${(headers.get(name) ?? []).join('\n')}\n`);
  }
  // For an oversize mail only the headers were fetched; its hash then covers them alone.
  if (opts.bodyIncluded !== false) hash.update(raw.subarray(end));
  const contentHash = hash.digest('hex');
  const messageId = normaliseMessageId(headers.get('message-id')?.[0]);
  return messageId
    ? { messageId, synthetic: false, contentHash }
    : { messageId: `${contentHash.slice(0, 32)}@synthetic.servicedesk.invalid`, synthetic: true, contentHash };
}
