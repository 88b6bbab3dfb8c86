import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Config } from '../config/schema';
import { smtpTransport } from '../mail/transport';
import type { ReportLanguage } from '../reports/labels';
import { localDay, makePeriod, monthPeriod } from '../reports/period';
import { buildPhoneOverview } from '../reports/phone-billing';
import { loadPhoneCalls, logPhoneCall } from '../reports/phone-queries';
import { renderTrainingHtml } from '../reports/render-html';
import { renderPhoneCallsCsv, renderPhoneCsv, renderPhoneJson } from '../reports/render-phone';
import { renderTrainingCsv, renderTrainingJson } from '../reports/render-training';
import { mailTrainingReport, trainingReportFor } from '../reports/send';
import { UsageError } from '../shared/errors';
import { commandProgress, progressWanted } from './progress';
import { out, withDb } from './command-io';

/**
 * `servicedesk report training|phone` and `servicedesk phone-log`: wiring only, the work is
 * in src/reports/. Registered from cli.ts with one line; `config` is a function so that
 * `--help` works without a valid configuration.
 */

/** To a file when --out is given, else stdout. */
function emit(text: string, file: string | undefined): void {
  if (!file) return out(text);
  writeFileSync(file, text, 'utf8');
  process.stderr.write(`written to ${resolve(file)}\n`);
}

interface TrainingOpts {
  from: string;
  to: string;
  format: 'html' | 'csv' | 'json';
  lang: ReportLanguage;
  out?: string;
  send?: boolean;
}

async function trainingReport(config: Config, o: TrainingOpts): Promise<void> {
  const period = makePeriod(o.from, o.to);
  if (o.send && !config.REPORT_RECIPIENTS.length) throw new UsageError('--send: REPORT_RECIPIENTS is empty');
  if (o.send && !config.SMTP_HOST) throw new UsageError('--send: SMTP_HOST is not configured');
  // The report itself may be stdout: progress (stderr, terminals only) never mixes into it.
  const quiet = { json: o.format === 'json' && !o.out };
  const progress = commandProgress(quiet);
  let report;
  let text;
  try {
    progress.phase(`training report ${period.from} – ${period.to}`, 2);
    report = await withDb(config, (db) => trainingReportFor(db.dataSource, period, config.REPORT_TZ));
    progress.tick();
    text = o.format === 'html' ? renderTrainingHtml(report, o.lang) : o.format === 'csv' ? renderTrainingCsv(report, o.lang) : renderTrainingJson(report);
    progress.tick();
  } finally {
    progress.done();
  }
  if (progressWanted({ isTTY: process.stderr.isTTY, env: process.env, ...quiet })) {
    const t = report.totals.current;
    process.stderr.write(`${t.tickets} tickets, ${report.companies.length} companies, ${t.trainingTickets} training needs, ${t.offersSent} offers sent\n`);
  }
  if (o.out || !o.send) emit(text, o.out);
  if (o.send) {
    const transport = smtpTransport(config);
    try {
      const r = await mailTrainingReport(transport, config, report, { lang: o.lang });
      process.stderr.write(`sent to ${r.accepted.join(', ')}${r.rejected.length ? `; refused: ${r.rejected.join(', ')}` : ''}\n`);
    } finally {
      transport.close();
    }
  }
}

async function phoneReport(config: Config, o: { month: string; format: 'csv' | 'json'; calls?: boolean; out?: string }): Promise<void> {
  const period = monthPeriod(o.month);
  const progress = commandProgress({ json: o.format === 'json' && !o.out });
  let text;
  try {
    progress.phase(`phone report ${o.month}`, 2);
    const rows = await withDb(config, (db) => loadPhoneCalls(db.dataSource, period));
    progress.tick();
    const overview = buildPhoneOverview(o.month, rows.calls, rows.companies);
    text = o.format === 'json' ? renderPhoneJson(overview) : o.calls ? renderPhoneCallsCsv(overview) : renderPhoneCsv(overview);
    progress.tick();
  } finally {
    progress.done();
  }
  emit(text, o.out);
}

interface PhoneLogOpts {
  ticket?: string;
  company?: string;
  minutes: string;
  date?: string;
  agent?: string;
  error?: boolean;
}

async function phoneLog(config: Config, o: PhoneLogOpts): Promise<void> {
  if (!/^\d+$/.test(o.minutes)) throw new UsageError(`--minutes: a whole number of minutes > 0, got "${o.minutes}"`);
  const call = await withDb(config, (db) =>
    logPhoneCall(db.dataSource, {
      ticketRef: o.ticket,
      company: o.company,
      minutes: Number(o.minutes),
      // The calendar day where the Servicedesk sits, not UTC's (a call at 00:30 is today).
      date: o.date ?? localDay(new Date(), config.REPORT_TZ),
      agent: o.agent ?? null,
      isError: !!o.error,
    }),
  );
  const why = call.basis === 'billed' ? `billed ${call.billedMinutes} min` : call.basis === 'error' ? 'error report: free' : `${call.basis}: included`;
  out(`phone call ${call.id}: ${call.ticketReference ?? '-'} ${call.company} ${call.callDate} ${call.minutes} min → ${call.amountDkk} kr. excl. VAT (${why})`);
}

export function registerReportCommands(program: Command, config: () => Config): void {
  const report = program.command('report').description('manager reports: training offers, phone-time billing');
  report
    .command('training')
    .description('training-offer report for a period, compared with the previous period of equal length')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day (inclusive), YYYY-MM-DD')
    .addOption(new Option('--format <format>', 'output format').choices(['html', 'csv', 'json']).default('html'))
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['da', 'en']).default('da'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--send', 'mail it (HTML + CSV attached) to REPORT_RECIPIENTS through SMTP')
    .action(async (o: TrainingOpts) => trainingReport(config(), o));
  report
    .command('phone')
    .description('phone time of a month per company: calls, minutes, billed minutes, amount excl. VAT')
    .requiredOption('--month <month>', 'YYYY-MM')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--calls', 'CSV: one line per call instead of one per company')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (o: { month: string; format: 'csv' | 'json'; calls?: boolean; out?: string }) => phoneReport(config(), o));

  program
    .command('phone-log')
    .description('log a phone call (billed per started 30 min unless hypercare, udvidet or an error report)')
    .option('--ticket <ref>', 'the ticket the call was about, e.g. MB-000123')
    .option('--company <name>', 'the company, for a call without a ticket')
    .requiredOption('--minutes <n>', 'minutes talked (> 0)')
    .option('--date <date>', 'day of the call, YYYY-MM-DD (default: today in REPORT_TZ)')
    .option('--agent <name>', 'who took the call')
    .option('--error', 'an error report: free under every agreement')
    .action(async (o: PhoneLogOpts) => phoneLog(config(), o));
}
