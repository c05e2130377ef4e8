/**
 * Configuration of the Lambda handlers, read from the environment once per cold start and
 * validated at once: a missing or malformed variable fails the cold start with a message that
 * names it, instead of a confusing error in the middle of a batch.
 */
type Env = Record<string, string | undefined>;

/** Raised at cold start for a missing or invalid environment variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

export function intEnv(env: Env, name: string, fallback: number, range: [number, number]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new ConfigError(`environment variable ${name} must be an integer from ${range[0]} to ${range[1]}, got "${raw}"`);
  }
  return value;
}

/** A required integer variable (set by the stack, e.g. RECORD_BUDGET_MS). */
export function requiredIntEnv(env: Env, name: string, range: [number, number]): number {
  requireEnv(env, name);
  return intEnv(env, name, range[0], range);
}
