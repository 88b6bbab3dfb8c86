import type { FastifyInstance, FastifyReply } from 'fastify';
import { ActionError } from '../../tickets/actions';
import { localDay, makePeriod, previousWeek, type Period } from '../../reports/period';
import { renderTrainingCsv, renderTrainingJson } from '../../reports/render-training';
import { renderTrainingHtml } from '../../reports/render-html';
import { trainingReportFor } from '../../reports/send';
import type { RouteContext } from './context';

/**
 * The managers' training-offer report in the workspace: the same report the weekly mail
 * carries, for any period (default: last week), as a page, a Danish-Excel CSV or JSON.
 */
const MANAGER = { minRole: 'manager' as const };
type ReportQuery = { Querystring: { from?: string; to?: string; format?: string; lang?: string } };
/** The report is a self-contained mail document: inline styles only, nothing else may load. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";

function period(q: ReportQuery['Querystring'], tz: string): Period {
  if (!q.from && !q.to) return previousWeek(new Date(), tz);
  try {
    return makePeriod(q.from ?? q.to!, q.to ?? localDay(new Date(), tz));
  } catch (err) {
    throw new ActionError('INVALID', (err as Error).message);
  }
}

export function reportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, config } = ctx.deps.pipeline;
  const send = async (q: ReportQuery['Querystring'], reply: FastifyReply, api: boolean) => {
    const p = period(q, config.REPORT_TZ);
    const report = await trainingReportFor(db, p, config.REPORT_TZ);
    const lang = q.lang === 'en' ? 'en' : 'da';
    const format = api ? 'json' : q.format ?? 'html';
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(renderTrainingJson(report));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="undervisningsrapport-${p.from}-${p.to}.csv"`)
        .send(renderTrainingCsv(report, lang));
    }
    if (format !== 'html') throw new ActionError('INVALID', 'format: html, csv or json');
    const nav =
      `<p style="font-family:Arial,sans-serif;font-size:13px;margin:12px"><a href="/">&larr; Køer</a> · ` +
      `<a href="?from=${p.from}&amp;to=${p.to}&amp;format=csv">CSV (Excel)</a> · <a href="?from=${p.from}&amp;to=${p.to}&amp;format=json">JSON</a> · ` +
      `<a href="?from=${p.from}&amp;to=${p.to}&amp;lang=${lang === 'da' ? 'en' : 'da'}">${lang === 'da' ? 'English' : 'Dansk'}</a></p>` +
      `<form method="get" style="font-family:Arial,sans-serif;font-size:13px;margin:12px">Periode <input type="date" name="from" value="${p.from}"> – ` +
      `<input type="date" name="to" value="${p.to}"> <button>Vis</button></form>`;
    const html = renderTrainingHtml(report, lang).replace(/<body([^>]*)>/i, (m) => `${m}${nav}`);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CSP).header('cache-control', 'no-store').send(html);
  };
  app.get<ReportQuery>('/reports/training', { config: MANAGER }, async (req, reply) => send(req.query, reply, false));
  app.get<ReportQuery>('/api/reports/training', { config: MANAGER }, async (req, reply) => send(req.query, reply, true));
}
