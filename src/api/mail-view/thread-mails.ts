import type { DataSource } from 'typeorm';
import { loadMail } from './mail-content';
import { sanitizeMailHtml } from './sanitize';

/** What the ticket page shows about each inbound mail of a thread beyond its new text. */
export interface MailExtras {
  mailId: string;
  fromName: string;
  hasHtml: boolean;
  remoteImages: number;
  attachments: { index: number; filename: string; contentType: string; size: number; inline: boolean; url: string }[];
  warnings: string[];
}

export async function mailExtras(db: DataSource, mailId: string): Promise<MailExtras | null> {
  const m = await loadMail(db, mailId);
  if (!m?.parsed) return null;
  const p = m.parsed;
  return {
    mailId,
    fromName: p.from?.name ?? '',
    hasHtml: !!p.html,
    // Counted the same way the frame will block them, so the "vis billeder" offer matches.
    remoteImages: p.html ? sanitizeMailHtml(p.html, { allowRemoteImages: false }).remoteImages : 0,
    attachments: p.attachments.map((a, index) => ({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      inline: a.inline,
      url: `/mails/${mailId}/attachments/${index}`,
    })),
    warnings: p.warnings,
  };
}

export async function threadExtras(db: DataSource, mailIds: string[]): Promise<Record<string, MailExtras>> {
  const out: Record<string, MailExtras> = {};
  for (const id of [...new Set(mailIds)]) {
    const x = await mailExtras(db, id);
    if (x) out[id] = x;
  }
  return out;
}
