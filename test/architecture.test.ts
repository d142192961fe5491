import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(SRC, path)] : [];
  });
}

const files = sourceFiles(SRC);

/**
 * A file's role comes from its name and place, and a use-case's from its text; no list names files.
 * - `main.ts` is the composition root.
 * - `*.store.ts` is a store adapter: it reads and writes its capability's tables.
 * - Every file in store/, web/ and cli/ is an adapter.
 * - Elsewhere an adapter is named for what it talks to, by one of ADAPTER_SUFFIXES:
 *   `-transport.ts` sends mail, `-mailbox.ts` reads it over IMAP, `-mime.ts` writes or reads MIME,
 *   `-file.ts`/`-files.ts` reads or writes files, `-worker.ts` runs on its own (a worker thread, a
 *   loop that waits), `-pdf.ts` draws PDFs, `-hash.ts` hashes with node:crypto, `-request.ts` and
 *   `-probe.ts` call a web address (the global `fetch`).
 * - A use-case takes the store (imports the `Store` type, or `Queryable`: the database or a
 *   transaction open on it) or owns a transaction (`.transaction()`): it ties rules and store together.
 * - Everything else is a rule file: it imports no I/O module and never reaches the database.
 */
type Role = 'composition root' | 'store adapter' | 'adapter' | 'use-case' | 'rule';

const ADAPTER_FOLDERS = ['store', 'web', 'cli'];
const ADAPTER_SUFFIXES = ['-transport', '-mailbox', '-mime', '-file', '-files', '-worker', '-pdf', '-hash', '-request', '-probe'];

const TAKES_STORE = /^import\b[^;]*\b(Store|Queryable)\b[^;]*from ['"][^'"]*\/store\/store\.js['"]/m;
const OWNS_TRANSACTION = /\.transaction\(\)/;

function roleOf(file: string, text: string): Role {
  const name = file.replace(/\.ts$/, '');
  if (file === 'main.ts') return 'composition root';
  if (file.endsWith('.store.ts')) return 'store adapter';
  if (ADAPTER_FOLDERS.includes(folderOf(file)) || ADAPTER_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'adapter';
  if (TAKES_STORE.test(text) || OWNS_TRANSACTION.test(text)) return 'use-case';
  return 'rule';
}

/**
 * The folders from the bottom up. A folder may import only folders below it: the CLI and the web
 * app on top, each capability above the ones it builds on, and store and shared at the bottom. A
 * type that a lower folder needs lives in the lowest folder that owns it (`shared/organisation.ts`,
 * `waves/wave.ts`), so no folder ever has to import upward.
 */
const LAYERS = [
  'shared',
  'store',
  'audit',
  'config',
  'calendar',
  'directory',
  'settings',
  'audiences',
  'waves',
  'messages',
  'plan',
  'plan-outputs',
  'publishing',
  'outbox',
  'tasks',
  'approvals',
  'senders',
  'delivery',
  'bounces',
  'results',
  'demo',
  'accounts',
  'web',
  'cli',
  'main',
] as const;

const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  LAYERS.map((folder, index) => [folder, LAYERS.slice(0, index)]),
);

/** `plan/nhsmail/x.ts` belongs to plan; `main.ts` and `config.ts` are folders of their own. */
const folderOf = (file: string) => file.split(/[\\/]/)[0]?.replace(/\.[jt]s$/, '') as string;

/** Imports from one folder into another, as `from -> to` with the files that make them. */
function folderImports(): Map<string, { from: string; to: string; files: string[] }> {
  const edges = new Map<string, { from: string; to: string; files: string[] }>();
  for (const file of files) {
    for (const { from } of importsIn(textOf(file))) {
      if (!from.startsWith('.')) continue;
      const target = normalize(join(dirname(file), from));
      const edge = { from: folderOf(file), to: folderOf(target) };
      if (edge.from === edge.to) continue;
      const key = `${edge.from} -> ${edge.to}`;
      const known = edges.get(key) ?? { ...edge, files: [] };
      if (!known.files.includes(file)) known.files.push(file);
      edges.set(key, known);
    }
  }
  return edges;
}

/** The first cycle found among the folders, as a path that ends where it starts. */
function findCycle(edges: Iterable<{ from: string; to: string }>): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const done = new Set<string>();
  const visit = (folder: string, path: string[]): string[] | undefined => {
    if (path.includes(folder)) return [...path.slice(path.indexOf(folder)), folder];
    if (done.has(folder)) return undefined;
    for (const to of next.get(folder) ?? []) {
      const cycle = visit(to, [...path, folder]);
      if (cycle) return cycle;
    }
    done.add(folder);
    return undefined;
  };
  for (const folder of next.keys()) {
    const cycle = visit(folder, []);
    if (cycle) return cycle;
  }
  return undefined;
}

const IO_MODULES =
  /^(node:|better-sqlite3|kysely|commander|pg$|csv-parse|exceljs|nodemailer|smtp-server|imapflow|fastify|@fastify\/|nunjucks|@node-rs\/|sass$|mailparser|pdfkit)/;

const importsIn = (text: string) =>
  [...text.matchAll(/^(?:import|export) (type )?(?:[^'";]*from )?['"]([^'"]+)['"]/gm)].map((m) => ({
    typeOnly: Boolean(m[1]),
    from: m[2] as string,
  }));

/** A rule file's imports of the database driver, the file system, the network, the CLI or the clock's timers. */
function ioImportsOfRule(file: string, text: string): string[] {
  if (roleOf(file, text) !== 'rule') return [];
  const imports = importsIn(text)
    .filter((i) => !i.typeOnly && IO_MODULES.test(i.from))
    .map((i) => `${file} imports ${i.from}`);
  // The network needs no import: the global fetch.
  return /(^|[^.\w])fetch\(/m.test(text) ? [...imports, `${file} calls fetch`] : imports;
}

/**
 * A rule file that reaches the database anyway: through a store it was handed inside another
 * object (`deps.store.db.…`), a `db`/`trx` it queries, or a type of the tables or of Kysely that only a
 * query needs. (Row values such as `SqlValue` are data, and fine.)
 */
function storeUseOfRule(file: string, text: string): string[] {
  if (roleOf(file, text) !== 'rule') return [];
  const reaches = [
    /\b(db|trx)\.(selectFrom|insertInto|updateTable|deleteFrom|transaction|executeQuery)\b/.test(text) && 'queries the database',
    /\.db\.\w/.test(text) && 'reaches a store’s database',
    importsIn(text).some((i) => /\/store\/schema\.js$|^kysely$/.test(i.from)) && 'imports a database type',
  ].filter(Boolean);
  return reaches.map((what) => `${file} ${what}`);
}

/**
 * What only the composition root may reach for; everything below gets it as a parameter (`now`,
 * `monotonicMs`, `cwd`, `env`, `stopSignal`, `random`, `newId`, `sleep`, `repeat`). `setImmediate`
 * only orders work within a turn of the event loop, so it is no timer here.
 */
const ROOT_ONLY: readonly { what: string; pattern: RegExp }[] = [
  { what: 'the clock', pattern: /new Date\(\)|Date\.now\(|performance\.now\(/ },
  { what: 'the environment', pattern: /process\.env\b/ },
  { what: 'the working folder', pattern: /process\.cwd\(/ },
  { what: 'stop signals', pattern: /process\.(on|once|addListener|prependListener)\(/ },
  { what: 'randomness', pattern: /Math\.random\b|randomUUID\b/ },
  { what: 'timers', pattern: /\bset(Interval|Timeout)\(|['"]node:timers/ },
];

/**
 * Secrets (session and visit tokens, the session secret that signs cookies and CSRF tokens, CSP
 * nonces, one-time passwords, the keys of one-time notes) are made with node:crypto's
 * `randomBytes` where they are used: they must be unpredictable, and a test gains nothing by
 * choosing one. Only the folders that sign people in and serve pages make secrets; anywhere else,
 * `randomBytes` would be an id or a chance that belongs in `newId` or `random`.
 */
const MAKES_SECRETS = (file: string) => ['accounts', 'web', 'cli'].includes(folderOf(file));

/** What `file` reaches for that only main.ts may. */
function rootOnlyUseIn(file: string, text: string): string[] {
  if (roleOf(file, text) === 'composition root') return [];
  const reached = ROOT_ONLY.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
  if (/\brandomBytes\b/.test(text) && !MAKES_SECRETS(file)) reached.push('randomness');
  return [...new Set(reached)].map((what) => `${file} reaches for ${what}`);
}

const textOf = (file: string) => readFileSync(join(SRC, file), 'utf8');

describe('the architecture', () => {
  it('keeps the domain core free of I/O: no database, file system, network or CLI imports', () => {
    expect(files.flatMap((file) => ioImportsOfRule(file, textOf(file)))).toEqual([]);
  });

  it('keeps the database out of rule files: only store adapters and use-cases take a store', () => {
    expect(files.flatMap((file) => storeUseOfRule(file, textOf(file)))).toEqual([]);
  });

  it.each(ROOT_ONLY.map(({ what }) => what))('reaches for %s only at the composition root', (what) => {
    const offenders = files.flatMap((file) => rootOnlyUseIn(file, textOf(file))).filter((line) => line.endsWith(what));
    expect(offenders).toEqual([]);
  });

  it('reads the clock only at the composition root', () => {
    const offenders = files.filter((file) => file !== 'main.ts' && /new Date\(\)|Date\.now\(/.test(textOf(file)));
    expect(offenders).toEqual([]);
  });

  it('reads the environment only in main.ts, which hands it to config.ts', () => {
    const offenders = files.filter((file) => file !== 'main.ts' && /process\.env/.test(textOf(file)));
    expect(offenders).toEqual([]);
  });

  it('tells each role from a file’s name, place and text', () => {
    const takesStore = "import type { Store } from '../store/store.js';\n";
    expect(roleOf('main.ts', '')).toBe('composition root');
    expect(roleOf('plan/plan.store.ts', takesStore)).toBe('store adapter');
    expect(roleOf('web/pages/home.ts', '')).toBe('adapter');
    expect(roleOf('cli/run-cli.ts', '')).toBe('adapter');
    expect(roleOf('delivery/folder-transport.ts', '')).toBe('adapter');
    expect(roleOf('directory/read-table-file.ts', '')).toBe('adapter');
    expect(roleOf('waves/manage-waves.ts', takesStore)).toBe('use-case');
    expect(roleOf('waves/move-wave.ts', "import type { Queryable } from '../../store/store.js';\n")).toBe('use-case');
    expect(roleOf('waves/move-wave.ts', 'await store.db.transaction().execute(work);')).toBe('use-case');
    expect(roleOf('waves/wave-rules.ts', "import { nextWorkingDay } from '../calendar/working-days.js';\n")).toBe('rule');
  });

  it('reports a file that breaks each rule', () => {
    expect(ioImportsOfRule('plan/timeline.ts', "import { readFile } from 'node:fs/promises';\n")).toEqual([
      'plan/timeline.ts imports node:fs/promises',
    ]);
    expect(ioImportsOfRule('plan/timeline.ts', "import type { Kysely } from 'kysely';\n")).toEqual([]);
    expect(ioImportsOfRule('delivery/smtp-transport.ts', "import nodemailer from 'nodemailer';\n")).toEqual([]);
    expect(ioImportsOfRule('senders/oauth2-token.ts', 'const answer = await fetch(url, { method: "POST" });')).toEqual([
      'senders/oauth2-token.ts calls fetch',
    ]);
    expect(ioImportsOfRule('senders/oauth2-token-request.ts', 'const answer = await fetch(url);')).toEqual([]);

    expect(storeUseOfRule('plan/timeline.ts', "const rows = await db.selectFrom('waves').selectAll().execute();")).toEqual([
      'plan/timeline.ts queries the database',
    ]);
    expect(storeUseOfRule('plan/timeline.ts', 'const rows = await deps.store.db.selectFrom(table);')).toEqual([
      'plan/timeline.ts queries the database',
      'plan/timeline.ts reaches a store’s database',
    ]);
    expect(storeUseOfRule('plan/timeline.ts', "import type { Database } from '../store/schema.js';\n")).toEqual([
      'plan/timeline.ts imports a database type',
    ]);
    expect(storeUseOfRule('plan/timeline.ts', "import type { Kysely } from 'kysely';\n")).toEqual([
      'plan/timeline.ts imports a database type',
    ]);
    expect(storeUseOfRule('config.ts', "const dbPath = 'commsplan.db';")).toEqual([]);
    expect(storeUseOfRule('plan/plan.store.ts', "await db.selectFrom('waves').selectAll().execute();")).toEqual([]);

    const below = (text: string) => rootOnlyUseIn('delivery/pacing.ts', text);
    expect(below('const at = new Date();')).toEqual(['delivery/pacing.ts reaches for the clock']);
    expect(below('const at = Date.now();')).toEqual(['delivery/pacing.ts reaches for the clock']);
    expect(below('const at = performance.now();')).toEqual(['delivery/pacing.ts reaches for the clock']);
    expect(below('const secret = process.env.SECRET;')).toEqual(['delivery/pacing.ts reaches for the environment']);
    expect(below("const path = resolve(process.cwd(), 'mail');")).toEqual(['delivery/pacing.ts reaches for the working folder']);
    expect(below("process.once('SIGTERM', stop);")).toEqual(['delivery/pacing.ts reaches for stop signals']);
    expect(below("process.on('SIGINT', stop);")).toEqual(['delivery/pacing.ts reaches for stop signals']);
    expect(below('const jitter = Math.random() * 1000;')).toEqual(['delivery/pacing.ts reaches for randomness']);
    expect(below('const id = randomUUID();')).toEqual(['delivery/pacing.ts reaches for randomness']);
    expect(below('const beat = setInterval(renew, 1000);')).toEqual(['delivery/pacing.ts reaches for timers']);
    expect(below("import { setTimeout as sleep } from 'node:timers/promises';")).toEqual(['delivery/pacing.ts reaches for timers']);
    expect(below("const id = randomBytes(16).toString('hex');")).toEqual(['delivery/pacing.ts reaches for randomness']);
    expect(rootOnlyUseIn('web/session-cookies.ts', "const visit = randomBytes(24).toString('base64url');")).toEqual([]);
    expect(rootOnlyUseIn('web/session-cookies.ts', 'const id = randomUUID();')).toEqual(['web/session-cookies.ts reaches for randomness']);
    expect(rootOnlyUseIn('main.ts', 'const now = () => new Date(); const cwd = process.cwd();')).toEqual([]);
  });

  it('gives every source folder a row in the table of which folder may import which', () => {
    const unlisted = [...new Set(files.map(folderOf))].filter((folder) => !(folder in MAY_IMPORT));
    expect(unlisted, 'add these folders to MAY_IMPORT').toEqual([]);
  });

  it('lets a folder import only the folders the table allows', () => {
    const offenders = [...folderImports().values()]
      .filter(({ from, to }) => !MAY_IMPORT[from]?.includes(to))
      .map(({ from, to, files: by }) => `${from} may not import ${to} (${by.join(', ')})`);
    expect(offenders).toEqual([]);
  });

  it('has no cycle between folders, whatever the table allows', () => {
    expect(findCycle(folderImports().values())?.join(' -> ')).toBeUndefined();
  });

  it('finds an upward import and a cycle when there is one', () => {
    const edges = [
      { from: 'plan', to: 'audiences' },
      { from: 'audiences', to: 'directory' },
      { from: 'directory', to: 'plan' },
    ];
    expect(findCycle(edges)).toEqual(['plan', 'audiences', 'directory', 'plan']);
    expect(findCycle(edges.slice(0, 2))).toBeUndefined();
    expect(MAY_IMPORT.directory).not.toContain('plan');
  });

  it('opens SQLite only through src/store/sqlite-driver.ts, which picks the build for this Node (ADR 0003)', () => {
    const root = resolve(import.meta.dirname, '..');
    const everyTs = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : everyTs(path);
        return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
      });
    const direct = ['src', 'test', 'bench']
      .flatMap((dir) => everyTs(join(root, dir)))
      .filter((file) => file !== join('src', 'store', 'sqlite-driver.ts'))
      .filter((file) => /from ['"]better-sqlite3(-napi)?['"]/.test(readFileSync(join(root, file), 'utf8')));
    expect(direct).toEqual([]);
  });
});
