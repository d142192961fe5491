import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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
  [...readFileSync(join(SRC, file), 'utf8').matchAll(/^import (type )?[^'"]*['"]([^'"]+)['"]/gm)].map((m) => ({
    typeOnly: Boolean(m[1]),
    from: m[2] as string,
  }));

/** Adapters and use-cases may do I/O; everything else is the pure core. */
const isAdapterOrUseCase = (file: string) =>
  file.startsWith('store/') ||
  file.startsWith('cli/') ||
  file.endsWith('.store.ts') ||
  ['main.ts', 'config.ts'].includes(file) ||
  /^(plan\/(init-workspace|set-activity|workspace|demo-workspace)|settings\/manage-settings|waves\/manage-waves|directory\/(import-file|read-table-file|read-xlsx|staging-source|staging-worker))\.ts$/.test(
    file,
  );

const IO_MODULES = /^(node:|better-sqlite3|kysely|commander|pg$|csv-parse|exceljs)/;

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
});
