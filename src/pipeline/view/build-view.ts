import type { ParsedInbound } from '../parse/types';
import { sanitizeMailHtml } from './safe-html';

/**
 * What the agent workspace shows of one inbound mail, computed once when the mail is
 * processed (in the parse pool, off the event loop) and stored (mail_views): a page only reads
 * it, so opening a hostile mail costs a database read, not a parse. Pure.
 */
export interface MailView {
  fromName: string;
  fromAddress: string;
  subject: string;
  /** The Date header, ISO, or null. */
  sentAt: string | null;
  /** The whole plain text (bounded by the parse limits) and the new text without history. */
  text: string;
  newText: string;
  /** Sanitised HTML with remote images blocked (inline cid: images embedded), or null. */
  html: string | null;
  /** The same with the remote images kept, only when there are any (the agent's "vis billeder"). */
  htmlWithImages: string | null;
  remoteImages: number;
  remoteOrigins: string[];
  attachments: { filename: string; contentType: string; size: number; inline: boolean; sha256: string }[];
  warnings: string[];
  /** Why the mail could not be read, when it could not. */
  parseError: string | null;
}

/** Content-ID → data: URI of the mail's inline images (see inline-images.ts). */
export type InlineImages = Record<string, string>;

export function buildMailView(p: ParsedInbound, inline: InlineImages = {}): MailView {
  let html: string | null = null;
  let htmlWithImages: string | null = null;
  let remoteImages = 0;
  let remoteOrigins: string[] = [];
  if (p.html) {
    const blocked = sanitizeMailHtml(p.html, { allowRemoteImages: false, inlineImages: inline });
    html = blocked.html;
    remoteImages = blocked.remoteImages;
    if (remoteImages > 0) {
      const shown = sanitizeMailHtml(p.html, { allowRemoteImages: true, inlineImages: inline });
      htmlWithImages = shown.html;
      remoteOrigins = shown.remoteOrigins;
    }
  }
  return {
    fromName: p.from?.name ?? '',
    fromAddress: p.from?.address ?? '',
    subject: p.subject,
    sentAt: p.date && !isNaN(p.date.getTime()) ? p.date.toISOString() : null,
    text: p.text,
    newText: p.newText,
    html,
    htmlWithImages,
    remoteImages,
    remoteOrigins,
    attachments: p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, inline: a.inline, sha256: a.sha256 })),
    warnings: p.warnings,
    parseError: null,
  };
}

/** The view of a mail that could not be parsed: its reason, and what little is known. */
export function unreadableMailView(parseError: string, headers: Pick<MailView, 'fromName' | 'fromAddress' | 'subject'> | null = null): MailView {
  return {
    fromName: headers?.fromName ?? '',
    fromAddress: headers?.fromAddress ?? '',
    subject: headers?.subject ?? '',
    sentAt: null,
    text: '',
    newText: '',
    html: null,
    htmlWithImages: null,
    remoteImages: 0,
    remoteOrigins: [],
    attachments: [],
    warnings: [],
    parseError,
  };
}
