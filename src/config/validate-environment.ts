import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { Environment } from './environment';

/** Thrown at boot; the message names every bad variable so the operator can fix them in one go. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Variables whose values must never reach a log, even when they are wrong. */
const SECRETS = new Set(['API_KEYS', 'CACHE_SECRET', 'ADMIN_KEY', 'OPENAI_API_KEY', 'REDIS_CLUSTER_NODES']);

function describe(error: ValidationError): string {
  const reasons = Object.values(error.constraints ?? {}).join(', ');
  const value = SECRETS.has(error.property) ? '(hidden)' : JSON.stringify(error.value);
  return `${error.property}=${value}: ${reasons}`;
}

/**
 * Validates and converts raw environment strings; only keys known to {@link Environment} are kept.
 * Blank values count as unset, as most twelve-factor tools read them.
 * (ES2022 class fields define even the optional keys, so `Object.keys` lists them all.)
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = new Environment();
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(known)) {
    const value = raw[key];
    if (value !== undefined && !(typeof value === 'string' && value.trim() === '')) picked[key] = value;
  }

  const env = plainToInstance(Environment, picked);
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidEnvironmentError(errors.map(describe));
  return env;
}
