import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config/schema';
import { messageIdDomain } from '../config/load';
import type { MailTransport } from '../mail/transport';
import type { ReportLanguage } from './labels';
import { composeTrainingMail } from './mail';
import type { Period } from './period';
import { periodKey, runOnce, type RunOutcome } from './runs';
import { loadTrainingRows } from './training-queries';
import { buildTrainingReport, type TrainingReport } from './training-report';

/** The I/O around the pure report: load → build → mail. Used by the CLI and the scheduler. */

export async function trainingReportFor(db: DataSource | EntityManager, period: Period, tz: string): Promise<TrainingReport> {
  return buildTrainingReport(await loadTrainingRows(db, period, tz), period);
}

export interface SentReport {
  messageId: string | null;
  accepted: string[];
  rejected: string[];
}

export async function mailTrainingReport(
  transport: MailTransport,
  config: Config,
  report: TrainingReport,
  opts: { lang?: ReportLanguage; messageId?: string } = {},
): Promise<SentReport> {
  const message = composeTrainingMail(report, { from: config.MAIL_FROM, to: config.REPORT_RECIPIENTS, lang: opts.lang ?? 'da', messageId: opts.messageId });
  const r = await transport.send(message);
  // Every recipient refused: throw, so the claim rolls back and a retry can send it.
  if (!r.accepted.length) throw new Error(`the report was refused for every recipient: ${r.rejected.join(', ')}`);
  // Stored without angle brackets, like every Message-ID in this database.
  return { messageId: opts.messageId?.replace(/^<|>$/g, '') ?? null, ...r };
}

export const TRAINING_REPORT_KIND = 'training';

/** The scheduled weekly report: sent at most once per period, whoever calls it (see runs.ts). */
export async function sendTrainingReportOnce(db: DataSource, transport: MailTransport, config: Config, period: Period): Promise<RunOutcome<SentReport>> {
  const key = periodKey(TRAINING_REPORT_KIND, period);
  const messageId = `<report.${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${messageIdDomain(config)}>`;
  return runOnce(db, { kind: TRAINING_REPORT_KIND, period, recipients: [...config.REPORT_RECIPIENTS] }, async (tx) => {
    const report = await trainingReportFor(tx, period, config.REPORT_TZ);
    return mailTrainingReport(transport, config, report, { messageId });
  });
}
