import { z } from 'zod';
import { CommsplanError } from './shared/errors.js';

/** The only reader of the environment. Parsed once, frozen, every problem listed at once. */
const ConfigSchema = z.object({
  COMMSPLAN_DB: z.string().trim().min(1).optional(),
  COMMSPLAN_DEMO_DIR: z.string().trim().min(1).optional(),
  COMMSPLAN_PARALLEL_IMPORT_BYTES: z.coerce.number().int().min(0).optional(),
});

export interface Config {
  /** The workspace file used when no --db is given. */
  readonly dbPath: string;
  /** Where `npm start` and `commsplan demo` keep the demo workspace. */
  readonly demoDir: string;
  /** Imports of files from this size up check rows in a worker thread (unset: the built-in size). */
  readonly parallelImportBytes?: number;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CommsplanError('invalid-input', `The environment has settings commsplan cannot use:\n${problems.join('\n')}`);
  }
  return Object.freeze({
    dbPath: parsed.data.COMMSPLAN_DB ?? 'commsplan.db',
    demoDir: parsed.data.COMMSPLAN_DEMO_DIR ?? 'commsplan-demo',
    parallelImportBytes: parsed.data.COMMSPLAN_PARALLEL_IMPORT_BYTES,
  });
}
