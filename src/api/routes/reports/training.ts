import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ActionError } from '../../../tickets/actions';
import {
  customPeriod,
  isPeriodPreset,
  localDay,
  makePeriod,
  PERIOD_PRESETS,
  presetOf,
  presetPeriod,
  previousWeek,
  weekOf,
  type Period,
  type PeriodPreset,
} from '../../../reports/period';
import { renderTrainingCsv, renderTrainingJson } from '../../../reports/render-training';
import { renderTrainingHtml } from '../../../reports/render-html';
import { trainingReportFor } from '../../../reports/send';
import { latestTicketDay, periodHasActivity } from '../../../reports/training-queries';
import type { TrainingReport } from '../../../reports/training-report';
import type { RouteContext } from '../context';
import { page } from '../html';

/**
 * The managers' training-offer report in the workspace — their home after login. The page
 * sits in the app's frame; its period picker offers this week, last week, this month, last
 * month and a custom range. With no period asked for, it opens on the most recent of those
 * that has tickets, so a manager never lands on a table of zeros without a word; an empty
 * period is explained, with a link to the latest week that has data. The same report as CSV
 * (Danish Excel), JSON, or the HTML the weekly mail carries (`format=mail`);
 * `/api/reports/training` gives JSON for scripts (default: last week, as before).
 */
const MANAGER = { minRole: 'manager' as const };
type ReportQuery = { Querystring: { period?: string; from?: string; to?: string; format?: string; lang?: string } };
/** The mail version is a self-contained mail document: inline styles only, nothing else may load. */
const MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";

/** For downloads and the API: a preset, an explicit range, or last week. Bad input is a 400. */
function requestedPeriod(q: ReportQuery['Querystring'], tz: string): Period {
  if (q.period !== undefined) {
    if (!isPeriodPreset(q.period)) throw new ActionError('INVALID', `period: one of ${PERIOD_PRESETS.join(', ')}`);
    return presetPeriod(q.period, new Date(), tz);
  }
  if (!q.from && !q.to) return previousWeek(new Date(), tz);
  try {
    return makePeriod(q.from ?? q.to!, q.to ?? localDay(new Date(), tz));
  } catch (err) {
    throw new ActionError('INVALID', (err as Error).message);
  }
}

const query = (p: Period, extra: Record<string, string> = {}) => new URLSearchParams({ from: p.from, to: p.to, ...extra }).toString();

export function reportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, config } = ctx.deps.pipeline;
  const tz = config.REPORT_TZ;

  const download = async (q: ReportQuery['Querystring'], reply: FastifyReply, format: string) => {
    const p = requestedPeriod(q, tz);
    const report = await trainingReportFor(db, p, tz);
    const lang = q.lang === 'en' ? 'en' : 'da';
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(renderTrainingJson(report));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="undervisningsrapport-${p.from}-${p.to}.csv"`)
        .send(renderTrainingCsv(report, lang));
    }
    if (format === 'mail') return reply.type('text/html; charset=utf-8').header('content-security-policy', MAIL_CSP).send(renderTrainingHtml(report, lang));
    throw new ActionError('INVALID', 'format: html, csv, json or mail');
  };

  async function showPage(req: FastifyRequest<ReportQuery>, reply: FastifyReply) {
    const q = req.query;
    const now = new Date();
    const lang = q.lang === 'en' || q.lang === 'da' ? q.lang : req.auth!.user.language === 'en' ? 'en' : 'da';
    const presets = PERIOD_PRESETS.map((name) => ({ name, period: presetPeriod(name, now, tz) }));
    let period: Period | null = null;
    let error: string | null = null;
    let auto = false;

    if (q.period !== undefined && q.period !== '' && q.period !== 'custom') {
      if (isPeriodPreset(q.period)) period = presetPeriod(q.period, now, tz);
      else error = `Ukendt periode "${q.period.slice(0, 20)}". Vælg denne uge, sidste uge, denne måned, sidste måned eller en valgfri periode.`;
    } else if (q.from !== undefined || q.to !== undefined) {
      const custom = customPeriod(q.from, q.to);
      if ('error' in custom) error = custom.error;
      else period = custom.period;
    } else {
      // The manager's home: the most recent preset that has anything to show.
      auto = true;
      for (const p of presets) {
        if (await periodHasActivity(db, p.period, tz)) {
          period = p.period;
          break;
        }
      }
      period ??= presetPeriod('last-week', now, tz);
    }

    let report: TrainingReport | null = null;
    let empty = false;
    let latest: { period: Period; preset: PeriodPreset | null } | null = null;
    let nothingYet = false;
    if (period) {
      report = await trainingReportFor(db, period, tz);
      const cur = report.totals.current;
      empty = cur.tickets === 0 && cur.offersSent === 0;
      if (empty) {
        const day = await latestTicketDay(db, tz);
        if (!day) nothingYet = true;
        else if (day < period.from || day > period.to) {
          const week = weekOf(day);
          latest = { period: week, preset: presetOf(week, now, tz) };
        }
      }
    }
    const preset = period ? presetOf(period, now, tz) : null;
    return page(
      ctx,
      req,
      reply,
      'report',
      {
        title: 'Undervisningstilbud',
        active: 'report',
        lang,
        report,
        period,
        preset,
        presets,
        auto,
        empty,
        latest,
        nothingYet,
        form: { from: period?.from ?? (q.from ?? '').slice(0, 20), to: period?.to ?? (q.to ?? '').slice(0, 20) },
        links: period
          ? {
              csv: `/reports/training?${query(period, { format: 'csv', lang })}`,
              json: `/reports/training?${query(period, { format: 'json' })}`,
              mail: `/reports/training?${query(period, { format: 'mail', lang })}`,
              tickets: (companyId: number) => `/tickets?${query(period!, { company: String(companyId), status: 'all' })}`,
            }
          : null,
        presetLink: (p: Period) => `/reports/training?${query(p)}`,
        error,
      },
      error ? 400 : 200,
    );
  }

  app.get<ReportQuery>('/reports/training', { config: MANAGER }, async (req, reply) => {
    const format = req.query.format ?? 'html';
    return format === 'html' ? showPage(req, reply) : download(req.query, reply, format);
  });
  app.get<ReportQuery>('/api/reports/training', { config: MANAGER }, async (req, reply) => download(req.query, reply, 'json'));
}
