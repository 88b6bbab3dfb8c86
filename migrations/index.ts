import { Initial1764201600000 } from './1764201600000-Initial';
import { AgentWorkspace1764900000000 } from './1764900000000-AgentWorkspace';
import { PhoneCallsReportRuns1765000000000 } from './1765000000000-PhoneCallsReportRuns';
import { RegistryGeneration1765100000000 } from './1765100000000-RegistryGeneration';
import { TrainingEvidenceLoopBudget1765200000000 } from './1765200000000-TrainingEvidenceLoopBudget';

/** Every migration in order. Listed, not globbed, so src/ (jest) and dist/ run the same set. */
export const MIGRATIONS = [
  Initial1764201600000,
  AgentWorkspace1764900000000,
  PhoneCallsReportRuns1765000000000,
  RegistryGeneration1765100000000,
  TrainingEvidenceLoopBudget1765200000000,
];
