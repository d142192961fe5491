import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allAudienceNames, expectedAnswers } from './realistic-trust/expected-audiences.js';
import { buildTrust, WAVES } from './realistic-trust/trust-model.js';
import { EXPORT_FILES, type ExportFile, writeExports } from './realistic-trust/write-exports.js';
import { type CliResult, cliSandbox } from './support/cli-harness.js';

/**
 * A trust of about 3,000 staff, exported as Exchange 2016, ESR, the NHSmail portal and the migration
 * tool really write their files, imported through the CLI; every audience is then compared address by
 * address with answers worked out from the model alone (test/realistic-trust/expected-audiences.ts).
 */

const trust = buildTrust();
const expected = expectedAnswers(trust);
const WAVE_STARTS = ['2027-01-16', '2027-02-13', '2027-03-13', '2027-04-17'];

interface ImportOutcome {
  file: ExportFile;
  strict: CliResult;
  /** When the strict import fails, the same file again with --skip-invalid, so later audiences still mean something. */
  lenient?: CliResult;
}

describe('a realistic trust imported from its own exports', () => {
  const sandbox = cliSandbox();
  const outcomes: ImportOutcome[] = [];
  let audienceCounts: unknown;
  const shown = new Map<string, CliResult>();
  /** What `audiences --json` prints: each audience's count, and who is left out and why. */
  const overview = () =>
    (audienceCounts ?? {}) as {
      audiences?: { name: string; count: number }[];
      apart?: { staffWithoutAddress: number; notCurrent: Record<string, number> };
    };

  beforeAll(async () => {
    const files = await writeExports(trust, sandbox.dir);
    const init = await sandbox.run('init', '--org', 'Northmoor Hospitals NHS Foundation Trust', '--start', '2026-12-07');
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    for (const [index, wave] of WAVES.entries()) await sandbox.run('waves', 'add', '--start', WAVE_STARTS[index] as string, '--name', wave);
    for (const file of files) {
      const strict = await sandbox.run('import', 'auto', file.path);
      const lenient = strict.code === 0 ? undefined : await sandbox.run('import', 'auto', file.path, '--skip-invalid');
      outcomes.push({ file, strict, lenient });
    }
    audienceCounts = parseJson((await sandbox.run('audiences', '--json')).stdout);
    for (const name of allAudienceNames()) shown.set(name, await sandbox.run('audience', 'show', name, '--json'));
  }, 120_000);

  afterAll(() => sandbox.cleanup());

  it.each(EXPORT_FILES.map((file, index) => [file.label, index] as const))('imports the %s with exit code 0', (_label, index) => {
    const outcome = outcomes[index] as ImportOutcome;
    if (outcome.strict.code !== 0) expect.fail(describeFailedImport(outcome));
  });

  it.each(allAudienceNames())('lists exactly the right people in %s', (name) => {
    const result = shown.get(name) as CliResult;
    const listed = listedAddresses(result);
    if (!listed) expect.fail(`audience show ${name} --json exited ${result.code}: ${(result.stderr || result.stdout).slice(0, 600)}`);
    const differences = compareAddresses(expected.audiences.get(name) ?? [], listed);
    if (differences) expect.fail(`${name}: ${differences}`);
  });

  it('counts each audience as many people as it lists', () => {
    const entries = overview().audiences ?? [];
    const problems: string[] = [];
    for (const name of allAudienceNames()) {
      const entry = entries.find((each) => each.name === name);
      const listed = listedAddresses(shown.get(name) as CliResult);
      if (!entry) {
        if (!name.includes(':')) problems.push(`${name}: missing from audiences --json`);
        continue;
      }
      if (listed && entry.count !== listed.length) problems.push(`${name}: counted ${entry.count}, lists ${listed.length}`);
      const want = expected.audiences.get(name)?.length ?? 0;
      if (entry.count !== want) problems.push(`${name}: counted ${entry.count}, should be ${want}`);
    }
    expect(problems).toEqual([]);
  });

  it('counts the current staff with no email address apart', () => {
    expect(overview().apart?.staffWithoutAddress).toBe(expected.noAddressCount);
  });

  it('lists the NHSmail accounts it could not link, and why', async () => {
    const result = await sandbox.run('nhsmail', 'unmatched', '--json');
    const listed = parseJson(result.stdout);
    if (!Array.isArray(listed))
      expect.fail(`nhsmail unmatched --json exited ${result.code}: ${(result.stderr || result.stdout).slice(0, 400)}`);
    const normalised = (listed as { email: string; reason: string; candidates?: string[] }[])
      .map((account) => ({
        email: account.email.toLowerCase(),
        reason: account.reason,
        candidates: (account.candidates ?? []).map((candidate) => candidate.toLowerCase()).sort(),
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
    expect(normalised).toEqual(expected.unmatched);
  });

  it('says how many people are not current, by reason', () => {
    const want: Record<string, number> = { disabled: 0, left: 0, 'not-on-staff-list': 0 };
    const key = { disabled: 'disabled', left: 'left', 'not on the staff list': 'not-on-staff-list' } as const;
    for (const reason of expected.notCurrent.values()) want[key[reason]] = (want[key[reason]] ?? 0) + 1;
    expect(overview().apart?.notCurrent).toEqual(want);
  });
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function listedAddresses(result: CliResult): string[] | undefined {
  const parsed = parseJson(result.stdout) as { people?: { email?: string }[] } | undefined;
  if (result.code !== 0 || !Array.isArray(parsed?.people)) return undefined;
  return parsed.people.map((person) => (person.email ?? '(no email)').toLowerCase());
}

/** Nothing when they agree, else what is missing and what should not be there (the first 20 of each). */
function compareAddresses(want: readonly string[], listed: readonly string[]): string | undefined {
  const wanted = new Set(want);
  const got = new Set(listed);
  const missing = want.filter((address) => !got.has(address));
  const unexpected = [...got].filter((address) => !wanted.has(address)).sort();
  const repeated = listed.length - got.size;
  if (missing.length === 0 && unexpected.length === 0 && repeated === 0) return undefined;
  const lines = [`expected ${want.length}, listed ${listed.length}`];
  if (missing.length > 0) lines.push(`missing ${missing.length}: ${missing.slice(0, 20).join(', ')}`);
  if (unexpected.length > 0) lines.push(`should not be there ${unexpected.length}: ${unexpected.slice(0, 20).join(', ')}`);
  if (repeated > 0) lines.push(`${repeated} listed more than once`);
  return lines.join('\n');
}

function describeFailedImport(outcome: ImportOutcome): string {
  const reportPath = outcome.file.path.replace(/\.(csv|xlsx)$/, '.report.csv');
  const report = existsSync(reportPath) ? readFileSync(reportPath, 'utf8').split(/\r?\n/).slice(0, 12).join('\n') : '(no report file)';
  const lenient = outcome.lenient ? `\nwith --skip-invalid: exit ${outcome.lenient.code}: ${outcome.lenient.stdout.slice(0, 300)}` : '';
  return `${outcome.file.label}: exit ${outcome.strict.code}\n${(outcome.strict.stdout + outcome.strict.stderr).slice(0, 1200)}\nreport:\n${report}${lenient}`;
}
