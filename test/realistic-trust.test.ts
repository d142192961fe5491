import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLists, listedAddresses, parseJson, personLabeller } from './realistic-trust/compare.js';
import { allAudienceNames, expectedAnswers } from './realistic-trust/expected-audiences.js';
import { cleanNameSources } from './realistic-trust/expected-names.js';
import { foldedName } from './realistic-trust/names.js';
import { DESIGNED } from './realistic-trust/trust-designed.js';
import { buildEmployeeNumberTrust } from './realistic-trust/trust-employee-numbers.js';
import { buildTrust, type Person, WAVES } from './realistic-trust/trust-model.js';
import {
  EMPLOYEE_NUMBER_FILES,
  EXPORT_FILES,
  type ExportFile,
  writeEmployeeNumberExports,
  writeExports,
} from './realistic-trust/write-exports.js';
import { type CliResult, cliSandbox } from './support/cli-harness.js';

/**
 * A trust of about 3,000 staff, exported as Exchange 2016, ESR (saved from Excel in Windows-1252), the
 * NHSmail portal and the migration tool really write their files, imported through the CLI; every
 * audience and every list of people kept apart is then compared person by person with answers worked
 * out from the model alone (test/realistic-trust/expected-audiences.ts, by the rules of issue 17).
 */

const trust = buildTrust();
const expected = expectedAnswers(trust);
const label = personLabeller(trust);
const WAVE_STARTS = ['2027-01-16', '2027-02-13', '2027-03-13', '2027-04-17'];

interface ImportOutcome {
  file: ExportFile;
  strict: CliResult;
  /** When the strict import fails, the same file again with --skip-invalid, so later audiences still mean something. */
  lenient?: CliResult;
}

interface ListedPerson {
  email: string | null;
  name: string;
  localEmail: string | null;
  staffEmail: string | null;
  nhsmailEmail: string | null;
  employeeNumber: string | null;
  why: string;
}

interface ShownPerson {
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  display_name?: string | null;
}

type Sandbox = ReturnType<typeof cliSandbox>;

async function importAll(sandbox: Sandbox, files: ExportFile[]): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    const strict = await sandbox.run('import', 'auto', file.path);
    const lenient = strict.code === 0 ? undefined : await sandbox.run('import', 'auto', file.path, '--skip-invalid');
    outcomes.push({ file, strict, lenient });
  }
  return outcomes;
}

async function initWithWaves(sandbox: Sandbox): Promise<void> {
  const init = await sandbox.run('init', '--org', 'Northmoor Hospitals NHS Foundation Trust', '--start', '2026-12-07');
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  for (const [index, wave] of WAVES.entries()) await sandbox.run('waves', 'add', '--start', WAVE_STARTS[index] as string, '--name', wave);
}

/** `people ... --json`'s list, or a failure naming the command and what it printed. */
function listedPeople(result: CliResult | undefined, command: string): ListedPerson[] {
  const parsed = parseJson(result?.stdout ?? '') as { people?: ListedPerson[] } | undefined;
  if (result?.code !== 0 || !Array.isArray(parsed?.people))
    expect.fail(`${command} exited ${result?.code}: ${(result?.stderr || result?.stdout || '').slice(0, 600)}`);
  return parsed.people;
}

const addressOf = (person: ListedPerson) =>
  (person.localEmail ?? person.email ?? person.nhsmailEmail ?? person.staffEmail ?? '').toLowerCase();

describe('a realistic trust imported from its own exports', () => {
  const sandbox = cliSandbox();
  let outcomes: ImportOutcome[] = [];
  let audienceCounts: unknown;
  const shown = new Map<string, CliResult>();
  const runs = new Map<string, CliResult>();
  /** What `audiences --json` prints: each audience's count, and who is left out and why. */
  const overview = () =>
    (audienceCounts ?? {}) as {
      audiences?: { name: string; count: number }[];
      apart?: { staffWithoutAddress: number; notOnStaffList?: number; notCurrent: Record<string, number> };
    };

  beforeAll(async () => {
    const files = writeExports(trust, sandbox.dir);
    await initWithWaves(sandbox);
    outcomes = await importAll(sandbox, files);
    audienceCounts = parseJson((await sandbox.run('audiences', '--json')).stdout);
    for (const name of allAudienceNames()) shown.set(name, await sandbox.run('audience', 'show', name, '--json'));
    for (const option of ['', '--not-on-staff-list', '--no-address', '--not-current'])
      runs.set(option, await sandbox.run('people', ...(option ? [option] : []), '--json'));
    runs.set('unmatched', await sandbox.run('people', 'unmatched', '--json'));
    runs.set('lost-letters', await sandbox.run('lost-letters', '--json'));
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
    const differences = compareLists(expected.audiences.get(name) ?? [], listed, label);
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

  it('counts apart only the staff rows with no address that fit no one mailbox', () => {
    expect(overview().apart?.staffWithoutAddress).toBe(expected.noAddressCount);
  });

  it('counts the mailbox holders who are not on the staff list, who stay in their audiences', () => {
    expect(overview().apart?.notOnStaffList).toBe(expected.notOnStaffList.length);
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

  it('lists the contractors, agency, honorary and bank staff and the mailboxes no staff row was linked to with people --not-on-staff-list', () => {
    const listed = listedPeople(runs.get('--not-on-staff-list'), 'people --not-on-staff-list --json').map(addressOf);
    const differences = compareLists(expected.notOnStaffList, listed, label);
    if (differences) expect.fail(`people --not-on-staff-list: ${differences}`);
  });

  it('lists the staff rows with no address that it could not link with people --no-address', () => {
    const listed = listedPeople(runs.get('--no-address'), 'people --no-address --json').map((each) => each.employeeNumber ?? each.name);
    const differences = compareLists(expected.noAddressEmployeeNumbers, listed, label);
    if (differences) expect.fail(`people --no-address: ${differences}`);
  });

  it('lists disabled accounts, leavers and NHSmail accounts of no one with people --not-current', () => {
    const listed = listedPeople(runs.get('--not-current'), 'people --not-current --json').map(addressOf);
    const differences = compareLists([...expected.notCurrent.keys()].sort(), listed, label);
    if (differences) expect.fail(`people --not-current: ${differences}`);
  });

  it('lists every current person with people, each staff row linked to its mailbox carrying its employee number', () => {
    const listed = listedPeople(runs.get(''), 'people --json');
    const differences = compareLists([...expected.current.keys()].sort(), listed.map(addressOf), label);
    if (differences) expect.fail(`people: ${differences}`);
    const byAddress = new Map(listed.map((each) => [addressOf(each), each]));
    const unjoined = [...expected.links.linked.keys()]
      .map((id) => trust.people[id - 1] as Person)
      .filter(
        (person) => byAddress.get(person.mailbox?.address.toLowerCase() ?? '')?.employeeNumber !== String(person.staffList?.employeeNumber),
      )
      .map(
        (person) =>
          `${label(person.mailbox?.address ?? '')}: listed with ${byAddress.get(person.mailbox?.address.toLowerCase() ?? '')?.employeeNumber ?? 'no employee number'}, should be ${person.staffList?.employeeNumber}`,
      );
    if (unjoined.length > 0)
      expect.fail(
        `${unjoined.length} of ${expected.links.linked.size} rows without a usable address not joined to their mailbox:\n  ${unjoined.slice(0, 20).join('\n  ')}`,
      );
  });

  it('lists the rows with no address it did not link, ambiguous or with no match, with people unmatched', () => {
    const result = runs.get('unmatched');
    const parsed = parseJson(result?.stdout ?? '') as {
      rows?: { employeeNumber: string | null; name: string; reason: string; candidates: string[] }[];
    };
    if (result?.code !== 0 || !Array.isArray(parsed?.rows))
      expect.fail(`people unmatched --json exited ${result?.code}: ${(result?.stderr || result?.stdout || '').slice(0, 600)}`);
    const got = parsed.rows
      .map((row) => ({
        employeeNumber: row.employeeNumber ?? row.name,
        reason: row.reason,
        candidates: row.candidates.map((each) => each.toLowerCase()).sort(),
      }))
      .sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
    const text = (row: { employeeNumber: string; reason: string; candidates: string[] }) =>
      `${label(row.employeeNumber)}: ${row.reason} [${row.candidates.join(', ')}]`;
    const differences = compareLists(expected.unmatchedRows.map(text), got.map(text));
    if (differences) expect.fail(`people unmatched: ${differences}`);
  });

  it('links neither of two rows with no address that fit one mailbox, nor a row whose only match is a disabled mailbox', () => {
    const reasons = (id: number) =>
      expected.unmatchedRows.find((row) => row.employeeNumber === String(trust.people[id - 1]?.staffList?.employeeNumber));
    expect(
      [DESIGNED.ambiguousWithMailbox, DESIGNED.ambiguousWithoutMailbox, DESIGNED.onlyFitsDisabledMailbox].map((id) => reasons(id)?.reason),
    ).toEqual(['ambiguous', 'ambiguous', 'not-current']);
    const listed = listedPeople(runs.get('--not-on-staff-list'), 'people --not-on-staff-list --json').map(addressOf);
    expect(listed).toContain(trust.people[DESIGNED.ambiguousWithMailbox - 1]?.mailbox?.address.toLowerCase());
  });

  it('greets no one with a letter lost to a question mark, and names people as the file that kept their letters does', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const name of allAudienceNames()) {
      const parsed = parseJson(shown.get(name)?.stdout ?? '') as { people?: ShownPerson[] } | undefined;
      for (const person of parsed?.people ?? []) {
        const address = (person.email ?? '').toLowerCase();
        if (seen.has(address)) continue;
        seen.add(address);
        const problem = nameProblem(person, address);
        if (problem) problems.push(problem);
      }
    }
    if (seen.size === 0) expect.fail('no audience listed anyone');
    if (problems.length > 0) expect.fail(`${problems.length} people named wrongly:\n  ${problems.slice(0, 20).join('\n  ')}`);
  });

  function lostLetterAddresses(): Set<string> {
    const parsed = parseJson(runs.get('lost-letters')?.stdout ?? '') as { names?: { address?: string }[] } | undefined;
    return new Set((parsed?.names ?? []).map((row) => (row.address ?? '').toLowerCase()));
  }

  function nameProblem(shownPerson: ShownPerson, address: string): string | undefined {
    const names = [shownPerson.first_name, shownPerson.last_name, shownPerson.display_name];
    const wanted = expected.current.get(address);
    // The group-member export is no source of a person's name to commsplan: it names groups' members to find them.
    const sources = wanted ? cleanNameSources(trust, wanted, wanted.nhsmailLinked === true).filter((s) => s !== 'group-member export') : [];
    if (names.some((name) => name?.includes('?'))) {
      // With no file that kept the letters, the list shows the name as imported; lost-letters must list it (emails never greet with it).
      if (sources.length === 0 && lostLetterAddresses().has(address)) return undefined;
      return `${label(address)}: named "${names.join(' / ')}"${sources.length ? `, the ${sources.join(' and the ')} spell it whole` : ', and lost-letters does not list them'}`;
    }
    if (!wanted) return undefined;
    const { firstName, lastName } = wanted.holder;
    const same = (shownName: string | null | undefined, truth: string) => foldedName(shownName ?? '') === foldedName(truth);
    if (sources.length > 0 && !(same(shownPerson.first_name, firstName) && same(shownPerson.last_name, lastName)))
      return `${label(address)}: named "${shownPerson.first_name} / ${shownPerson.last_name}", the ${sources.join(' and the ')} spell it "${firstName} / ${lastName}"`;
    return undefined;
  }
});

/**
 * The second scenario: the admin's mailbox export carries the ESR employee number in CustomAttribute1,
 * the setting says so, and the ESR list has no addresses at all; migration results come as
 * Get-MigrationUser with `Identifier` and `MailboxEmailAddress` and no `Identity`.
 */
describe('a trust whose mailbox export carries employee numbers and whose staff list has no addresses', () => {
  const numbered = buildEmployeeNumberTrust();
  const wanted = expectedAnswers(numbered);
  const name = personLabeller(numbered);
  const sandbox = cliSandbox();
  let setting: CliResult;
  let outcomes: ImportOutcome[] = [];
  const shown = new Map<string, CliResult>();
  const runs = new Map<string, CliResult>();
  // biome-ignore format: a list of data reads better packed
  const AUDIENCES = [
    'all-staff', 'local-email-users', 'email-programme-users', 'helpdesk', 'application-owners', 'dl-owners', 'migrated', 'failed',
    ...WAVES.flatMap((wave) => [`wave:${wave}`, `migrated:${wave}`, `failed:${wave}`]),
  ];

  beforeAll(async () => {
    const files = writeEmployeeNumberExports(numbered, sandbox.dir);
    await initWithWaves(sandbox);
    setting = await sandbox.run('settings', 'set', 'employee-number-attribute', 'CustomAttribute1');
    outcomes = await importAll(sandbox, files);
    for (const audience of AUDIENCES) shown.set(audience, await sandbox.run('audience', 'show', audience, '--json'));
    runs.set('--not-on-staff-list', await sandbox.run('people', '--not-on-staff-list', '--json'));
    runs.set('unmatched', await sandbox.run('people', 'unmatched', '--json'));
  }, 60_000);

  afterAll(() => sandbox.cleanup());

  it('takes the setting employee-number-attribute = CustomAttribute1', () => {
    expect(setting.code, setting.stderr || setting.stdout).toBe(0);
  });

  it.each(EMPLOYEE_NUMBER_FILES.map((file, index) => [file.label, index] as const))('imports the %s with exit code 0', (_label, index) => {
    const outcome = outcomes[index] as ImportOutcome;
    if (outcome.strict.code !== 0) expect.fail(describeFailedImport(outcome));
  });

  it.each(AUDIENCES)('links every row by its employee number and lists exactly the right people in %s', (audience) => {
    const result = shown.get(audience) as CliResult;
    const listed = listedAddresses(result);
    if (!listed) expect.fail(`audience show ${audience} --json exited ${result.code}: ${(result.stderr || result.stdout).slice(0, 600)}`);
    const differences = compareLists(wanted.audiences.get(audience) ?? [], listed, name);
    if (differences) expect.fail(`${audience}: ${differences}`);
  });

  it('lists the row whose employee number is on two mailboxes, and the row whose mailbox is disabled, with people unmatched', () => {
    const result = runs.get('unmatched');
    const parsed = parseJson(result?.stdout ?? '') as { rows?: { employeeNumber: string | null; reason: string; candidates: string[] }[] };
    if (result?.code !== 0 || !Array.isArray(parsed?.rows))
      expect.fail(`people unmatched --json exited ${result?.code}: ${(result?.stderr || result?.stdout || '').slice(0, 600)}`);
    const got = parsed.rows
      .map((row) => ({
        employeeNumber: row.employeeNumber ?? '',
        reason: row.reason,
        candidates: row.candidates.map((each) => each.toLowerCase()).sort(),
      }))
      .sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
    expect(got).toEqual(wanted.unmatchedRows);
  });

  it('lists the contractors and the mailbox whose number is shared with people --not-on-staff-list', () => {
    const listed = listedPeople(runs.get('--not-on-staff-list'), 'people --not-on-staff-list --json').map(addressOf);
    const differences = compareLists(wanted.notOnStaffList, listed, name);
    if (differences) expect.fail(`people --not-on-staff-list: ${differences}`);
  });
});

function describeFailedImport(outcome: ImportOutcome): string {
  const reportPath = outcome.file.path.replace(/\.(csv|xlsx)$/, '.report.csv');
  const report = existsSync(reportPath) ? readFileSync(reportPath, 'utf8').split(/\r?\n/).slice(0, 12).join('\n') : '(no report file)';
  const lenient = outcome.lenient ? `\nwith --skip-invalid: exit ${outcome.lenient.code}: ${outcome.lenient.stdout.slice(0, 300)}` : '';
  return `${outcome.file.label}: exit ${outcome.strict.code}\n${(outcome.strict.stdout + outcome.strict.stderr).slice(0, 1200)}\nreport:\n${report}${lenient}`;
}
