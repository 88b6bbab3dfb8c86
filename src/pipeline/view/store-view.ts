import type { DataSource, EntityManager } from 'typeorm';
import type { MailView } from './build-view';

/**
 * mail_views: written by the pipeline in the transaction that ends a mail's processing (one
 * statement for a batch), read by the workspace. A replayed mail's view is replaced.
 */
export async function saveViews(tx: EntityManager | DataSource, views: { mailId: string; view: MailView }[]): Promise<void> {
  if (!views.length) return;
  const rows = views.map(({ mailId, view: v }) => ({
    id: mailId,
    from_name: v.fromName,
    from_address: v.fromAddress,
    subject: v.subject,
    sent_at: v.sentAt,
    text: v.text,
    new_text: v.newText,
    html: v.html,
    html_with_images: v.htmlWithImages,
    remote_images: v.remoteImages,
    remote_origins: v.remoteOrigins,
    attachments: v.attachments,
    warnings: v.warnings,
    parse_error: v.parseError,
  }));
  await tx.query(
    `INSERT INTO mail_views (inbound_mail_id, from_name, from_address, subject, sent_at, text, new_text, html, html_with_images,
                             remote_images, remote_origins, attachments, warnings, parse_error)
     SELECT r.id, r.from_name, r.from_address, r.subject, r.sent_at, r.text, r.new_text, r.html, r.html_with_images,
            r.remote_images, coalesce(r.remote_origins, '{}'), coalesce(r.attachments, '[]'), coalesce(r.warnings, '[]'), r.parse_error
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, from_name text, from_address text, subject text, sent_at timestamptz, text text,
            new_text text, html text, html_with_images text, remote_images int, remote_origins text[], attachments jsonb, warnings jsonb, parse_error text)
     ON CONFLICT (inbound_mail_id) DO UPDATE SET
       from_name = EXCLUDED.from_name, from_address = EXCLUDED.from_address, subject = EXCLUDED.subject, sent_at = EXCLUDED.sent_at,
       text = EXCLUDED.text, new_text = EXCLUDED.new_text, html = EXCLUDED.html, html_with_images = EXCLUDED.html_with_images,
       remote_images = EXCLUDED.remote_images, remote_origins = EXCLUDED.remote_origins, attachments = EXCLUDED.attachments,
       warnings = EXCLUDED.warnings, parse_error = EXCLUDED.parse_error, created_at = now()`,
    [JSON.stringify(rows)],
  );
}

export interface StoredView extends MailView {
  mailId: string;
}

interface ViewRow {
  inbound_mail_id: string;
  from_name: string;
  from_address: string;
  subject: string;
  sent_at: Date | null;
  text: string;
  new_text: string;
  html: string | null;
  html_with_images: string | null;
  remote_images: number;
  remote_origins: string[];
  attachments: MailView['attachments'];
  warnings: string[];
  parse_error: string | null;
}

const toView = (r: ViewRow): StoredView => ({
  mailId: String(r.inbound_mail_id),
  fromName: r.from_name,
  fromAddress: r.from_address,
  subject: r.subject,
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  text: r.text,
  newText: r.new_text,
  html: r.html,
  htmlWithImages: r.html_with_images,
  remoteImages: r.remote_images,
  remoteOrigins: r.remote_origins,
  attachments: r.attachments,
  warnings: r.warnings,
  parseError: r.parse_error,
});

/** A view without its bodies: what a thread or a list needs. */
export type ViewSummary = Omit<StoredView, 'text' | 'html' | 'htmlWithImages'> & { hasHtml: boolean };

/** The summaries of these mails' views, by mail id (the bodies stay in the database). */
export async function loadViewSummaries(db: DataSource, ids: string[]): Promise<Map<string, ViewSummary>> {
  if (!ids.length) return new Map();
  const rows: (ViewRow & { has_html: boolean })[] = await db.query(
    `SELECT inbound_mail_id, from_name, from_address, subject, sent_at, '' AS text, new_text, NULL AS html, NULL AS html_with_images,
            remote_images, remote_origins, attachments, warnings, parse_error, (html IS NOT NULL) AS has_html
       FROM mail_views WHERE inbound_mail_id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => {
      const { text: _t, html: _h, htmlWithImages: _w, ...rest } = toView(r);
      return [rest.mailId, { ...rest, hasHtml: r.has_html }];
    }),
  );
}

/** One mail's whole view, or null when it has none yet. */
export async function loadView(db: DataSource, id: string): Promise<StoredView | null> {
  const [row]: ViewRow[] = await db.query(`SELECT * FROM mail_views WHERE inbound_mail_id = $1`, [id]);
  return row ? toView(row) : null;
}

/** Mails that ended before views existed (or whose view is missing): the sweep prepares them. */
export async function mailsWithoutView(db: DataSource, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT m.id::text AS id FROM inbound_mails m
      WHERE m.state <> 'received' AND NOT EXISTS (SELECT 1 FROM mail_views v WHERE v.inbound_mail_id = m.id)
      ORDER BY m.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
