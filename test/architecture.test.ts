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
const importsOf = (file: string) =>
  [...readFileSync(join(SRC, file), 'utf8').matchAll(/^(?:import|export) (type )?(?:[^'";]*from )?['"]([^'"]+)['"]/gm)].map((m) => ({
    typeOnly: Boolean(m[1]),
    from: m[2] as string,
  }));

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
    for (const { from } of importsOf(file)) {
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

/** Adapters and use-cases may do I/O; everything else is the pure core. */
const isAdapterOrUseCase = (file: string) =>
  file.startsWith('store/') ||
  file.startsWith('cli/') ||
  file.startsWith('web/') ||
  /^accounts\/manage-(users|sessions)\.ts$/.test(file) ||
  file.endsWith('.store.ts') ||
  ['main.ts', 'config.ts'].includes(file) ||
  /^delivery\/(.+-transport|compose-mime|outcome-journal|queue-due|send-due|run-worker|mail-folder|read-email|send-now|send-test-message|test-sender)\.ts$/.test(
    file,
  ) ||
  /^senders\/(oauth2-token|manage-senders)\.ts$/.test(file) ||
  /^approvals\/(approve-occurrence|queue-due|queue-everything-due|review-approvals|change-settings|change-audiences|unmade-messages|edit-template|set-activity)\.ts$/.test(
    file,
  ) ||
  /^tasks\/(queue-task-notices|close-task|list-tasks)\.ts$/.test(file) ||
  /^bounces\/(imap-mailbox|record-bounces|collect-bounces)\.ts$/.test(file) ||
  /^outbox\/sha256\.ts$/.test(file) ||
  /^demo\/(demo-sending|demo-workspace)\.ts$/.test(file) ||
  /^publishing\/(pdf-kit|pdf-document|poster-pdf|publish-files|address-probe)\.ts$/.test(file) ||
  /^results\/(record-wave-results|carry-over|completion|occurrence-holds|wave-proof|wave-results-list|results-findings)\.ts$/.test(file) ||
  /^(plan\/(init-workspace|activity-change|workspace)|settings\/manage-settings|waves\/(manage-waves|plan-waves|assign-to-wave|wave-overview|wave-directory|pins-file)|directory\/(import-file|read-table-file|read-xlsx|staging-source|staging-worker))\.ts$/.test(
    file,
  );

const IO_MODULES =
  /^(node:|better-sqlite3|kysely|commander|pg$|csv-parse|exceljs|nodemailer|smtp-server|imapflow|fastify|@fastify\/|nunjucks|@node-rs\/|sass$|mailparser|pdfkit)/;

describe('the architecture', () => {
  it('keeps the domain core free of I/O: no database, file system, network or CLI imports', () => {
    const offenders = files
      .filter((file) => !isAdapterOrUseCase(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((i) => !i.typeOnly && IO_MODULES.test(i.from))
          .map((i) => `${file} imports ${i.from}`),
      );
    expect(offenders).toEqual([]);
  });

  it('reads the clock only at the composition root', () => {
    const offenders = files.filter((file) => file !== 'main.ts' && /new Date\(\)|Date\.now\(/.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('reads the environment only in main.ts, which hands it to config.ts', () => {
    const offenders = files.filter((file) => file !== 'main.ts' && /process\.env/.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
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
