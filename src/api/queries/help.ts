import type { DataSource } from 'typeorm';
import type { HelpCatalogue } from '../../help/catalogue';
import type { OutboxHelpArticle } from '../../tickets/replies/outbox';
import type { TicketDetail } from './tickets';

/**
 * What the ticket view shows of the help centre: the articles the automatic reply listed (kept
 * on the outbox row), and the catalogue's current suggestions for the mail that opened the
 * ticket, in its language, above the same relevance threshold as the replies. Shown for every
 * ticket: whether an article goes into a reply of their own is the agent's judgment.
 */
export interface TicketHelp {
  sent: OutboxHelpArticle[];
  suggested: { id: number; title: string; url: string; summary: string; score: number }[];
}

export async function ticketHelp(db: DataSource, help: HelpCatalogue, minScore: number, t: Pick<TicketDetail, 'id' | 'subject' | 'language' | 'topic' | 'messages'>): Promise<TicketHelp> {
  const rows: { articles: OutboxHelpArticle[] }[] = await db.query(
    `SELECT help_articles AS articles FROM outbox WHERE ticket_id = $1 AND kind <> 'agent' AND help_articles <> '[]'::jsonb ORDER BY id`,
    [t.id],
  );
  const first = t.messages.find((m) => m.direction === 'inbound');
  const index = await help.index();
  const found = first
    ? index.suggest({ subject: first.subject ?? t.subject, text: first.newText ?? '', language: t.language, topic: (t.topic as Parameters<typeof index.suggest>[0]['topic']) ?? null }, { minScore })
    : [];
  return {
    sent: rows.flatMap((r) => r.articles),
    suggested: found.map((s) => ({ id: s.article.id, title: s.article.title, url: s.article.url, summary: s.article.summary, score: s.score })),
  };
}
