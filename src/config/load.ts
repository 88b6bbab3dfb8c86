import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { configSchema, crossFieldProblems, type Config } from './schema';
import { addressOf, messageIdDomainOf } from '../domain/message-id';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses the configuration once. A `.env` file in the working directory is read first when
 * present; real environment variables win over it. Every bad key is named in one error.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { envFile?: string | false } = {}): Config {
  const file = opts.envFile === undefined ? resolve('.env') : opts.envFile;
  let source: Record<string, string | undefined> = { ...env };
  if (file && existsSync(file)) {
    // util.parseEnv (Node ≥ 20.12) instead of process.loadEnvFile, which would write into
    // process.env: the file's values land only in this config object.
    source = { ...parseEnv(readFileSync(file, 'utf8')), ...env };
  }
  const parsed = configSchema.safeParse(source);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`)),
    ...crossFieldProblems(source),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data });
}

/** The address part of MAIL_FROM, e.g. support@microbizz.dk (the rule: src/domain/message-id.ts). */
export const mailFromAddress = (config: Config): string => addressOf(config.MAIL_FROM);

/** Domain used for the Message-IDs of our replies (the rule: src/domain/message-id.ts). */
export const messageIdDomain = (config: Config): string => messageIdDomainOf(config.MAIL_FROM, config.MESSAGE_ID_DOMAIN);
