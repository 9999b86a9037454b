import type { EngineOptions } from '../queue/job-deps.ts';
import { UsageError } from './cli-io.ts';

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${name}=${text}: expected a positive integer`);
  return value;
}

/**
 * Engine overrides for the CLI: TRAYDROP_PART_SIZE (bytes; S3 needs at least 5 MiB) and
 * TRAYDROP_CONCURRENCY (parts in flight per file). Tests use small parts so kill points matter.
 */
export function engineFromEnv(env: NodeJS.ProcessEnv): EngineOptions {
  return {
    partSize: positiveInteger(env, 'TRAYDROP_PART_SIZE'),
    concurrency: positiveInteger(env, 'TRAYDROP_CONCURRENCY'),
  };
}
