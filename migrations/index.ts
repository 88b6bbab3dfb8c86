import { Initial1764201600000 } from './1764201600000-Initial';
import { AgentWorkspace1764900000000 } from './1764900000000-AgentWorkspace';
import { PhoneCallsReportRuns1765000000000 } from './1765000000000-PhoneCallsReportRuns';
import { RegistryGeneration1765100000000 } from './1765100000000-RegistryGeneration';
import { WorkerLeases1765200000000 } from './1765200000000-WorkerLeases';
import { LoginFailures1796449426158 } from './1796449426158-LoginFailures';
import { PublicMailDomains1796500000000 } from './1796500000000-PublicMailDomains';
import { StaffReasonsAndLanguage1796500000001 } from './1796500000001-StaffReasonsAndLanguage';
import { MailViews1796500000200 } from './1796500000200-MailViews';
import { SenderUnverified1796500000300 } from './1796500000300-SenderUnverified';
import { TrainingEvidenceLoopBudget1796500000400 } from './1796500000400-TrainingEvidenceLoopBudget';
import { HelpArticles1796500000500 } from './1796500000500-HelpArticles';
import { CourseCalendar1796500000600 } from './1796500000600-CourseCalendar';

/** Every migration in order. Listed, not globbed, so src/ (jest) and dist/ run the same set. */
export const MIGRATIONS = [
  Initial1764201600000,
  AgentWorkspace1764900000000,
  PhoneCallsReportRuns1765000000000,
  RegistryGeneration1765100000000,
  WorkerLeases1765200000000,
  LoginFailures1796449426158,
  PublicMailDomains1796500000000,
  StaffReasonsAndLanguage1796500000001,
  MailViews1796500000200,
  SenderUnverified1796500000300,
  TrainingEvidenceLoopBudget1796500000400,
  HelpArticles1796500000500,
  CourseCalendar1796500000600,
];
