import type { DataSource } from 'typeorm';
import { loadViewSummaries, type ViewSummary } from '../../pipeline/view/store-view';

/** What the ticket page shows about each inbound mail of a thread beyond its new text. */
export interface MailExtras {
  mailId: string;
  fromName: string;
  hasHtml: boolean;
  remoteImages: number;
  attachments: { index: number; filename: string; contentType: string; size: number; inline: boolean; url: string }[];
  warnings: string[];
}

function extras(v: ViewSummary): MailExtras {
  return {
    mailId: v.mailId,
    fromName: v.fromName,
    hasHtml: v.hasHtml,
    remoteImages: v.remoteImages,
    attachments: v.attachments.map((a, index) => ({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      inline: a.inline,
      url: `/mails/${v.mailId}/attachments/${index}`,
    })),
    warnings: v.warnings,
  };
}

/** The extras of one mail, read from its stored view (null until the pipeline has prepared it). */
export async function mailExtras(db: DataSource, mailId: string): Promise<MailExtras | null> {
  const v = (await loadViewSummaries(db, [mailId])).get(mailId);
  return v ? extras(v) : null;
}

/** The extras of every mail of a thread, in one query. */
export async function threadExtras(db: DataSource, mailIds: string[]): Promise<Record<string, MailExtras>> {
  const out: Record<string, MailExtras> = {};
  for (const [id, v] of await loadViewSummaries(db, [...new Set(mailIds)])) out[id] = extras(v);
  return out;
}
