import { CommsplanError } from '../shared/errors.js';

/** Where a PostgreSQL workspace lives, taken apart from its URL. */
export interface PostgresLocation {
  /** What pg connects with: the URL without commsplan's own parameters. */
  connection: { connectionString: string };
  host: string;
  port: string;
  database: string;
  user: string;
  /** A schema to keep the workspace in, from `schema=NAME`; the user's default schema when absent. */
  schema?: string;
  /** Connections to keep open, from `pool_size=N`. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

function refuse(message: string): CommsplanError {
  return new CommsplanError('workspace-unreachable', message);
}

function readPoolSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 1000)
    throw refuse(`pool_size in the database URL must be a whole number from 1 to 1000, not "${value}".`);
  return size;
}

/** Takes a `postgres://` URL apart; commsplan's own parameters (`schema`, `pool_size`) are removed before pg sees it. */
export function parsePostgresUrl(text: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('The database URL is not a valid URL. Write it as postgres://USER@HOST:PORT/DATABASE.');
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw refuse(`schema in the database URL must be lower-case letters, digits and underscores, not "${schema}".`);
  const poolSize = readPoolSize(url.searchParams.get('pool_size'));
  url.searchParams.delete('schema');
  url.searchParams.delete('pool_size');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    connection: { connectionString: url.toString() },
    host: url.hostname || 'localhost',
    port: url.port || '5432',
    database: database || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username),
    ...(schema ? { schema } : {}),
    ...(poolSize ? { poolSize } : {}),
  };
}

/** The URL as people may see it: host, port, database and schema, never the password. */
export function describePostgresUrl(location: PostgresLocation): string {
  const user = location.user ? `${location.user}@` : '';
  const schema = location.schema ? ` (schema ${location.schema})` : '';
  return `postgres://${user}${location.host}:${location.port}/${location.database}${schema}`;
}

/** A workspace location fit to print: a PostgreSQL URL without its password (a file path as it is). */
export function printableLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    url.password = '';
    return url.toString();
  } catch {
    return 'the database URL given';
  }
}
