import type { DataSource } from 'typeorm';
import { loadInboundMails } from '../ingest/load-raw';
import type { ParsePool } from './pool';
import { unreadableMailView } from '../view/build-view';
import { mailsWithoutView, saveViews } from '../view/store-view';

/**
 * Views for mails that ended before views existed (or lost theirs): prepared in the background
 * by the worker's sweep, a few at a time, in the parse pool. A mail that cannot be parsed gets
 * a view that says why, so it is not tried again and again. Returns how many were prepared.
 */
export async function prepareMissingViews(db: DataSource, parser: ParsePool, limit: number): Promise<number> {
  const ids = await mailsWithoutView(db, limit);
  let prepared = 0;
  for (const id of ids) {
    const [mail] = await loadInboundMails(db, [id]);
    const bytes = mail?.raw ?? (mail?.rawHeaders ? Buffer.concat([mail.rawHeaders, Buffer.from('\r\n')]) : null);
    let view = unreadableMailView('the stored mail has no bytes');
    if (bytes) {
      const r = await parser.parse(bytes).catch((err: Error) => ({ ok: false as const, error: err.message, view: null }));
      view = r.view ?? unreadableMailView(r.ok ? 'no view' : r.error);
    }
    await saveViews(db, [{ mailId: id, view }]);
    prepared++;
  }
  return prepared;
}
