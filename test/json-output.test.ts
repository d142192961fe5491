import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/run-cli.js';
import { loadConfig } from '../src/config.js';
import { cliSandbox, FIXED_NOW, SYSTEM_PORTS } from './support/cli-harness.js';

/** Every command in commander's tree, by its words: `waves list`, `audience show`. */
function commandPaths(command: Command, prefix: string[] = []): { path: string; offersJson: boolean }[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    const offersJson = sub.options.some((option) => option.long === '--json');
    return [{ path: path.join(' '), offersJson }, ...commandPaths(sub, path)];
  });
}

const TREE = commandPaths(
  buildProgram(
    {
      stdout: process.stdout,
      stderr: process.stderr,
      stderrIsTerminal: false,
      config: loadConfig({}),
      env: {},
      cwd: '.',
      now: () => FIXED_NOW,
      ...SYSTEM_PORTS,
    },
    () => {},
  ),
);

/** Commands that change something, create something, or only group others: they print a line, not data. */
const WITHOUT_JSON = [
  'init',
  'demo',
  'start',
  'export',
  'activity',
  'activity set',
  'settings set',
  'settings clear',
  'settings export',
  'settings import',
  'waves',
  'waves add',
  'waves move',
  'waves remove',
  'waves capacity',
  'waves carry-over',
  'waves roster',
  'waves accept-remainder',
  'closures',
  'closures add',
  'closures remove',
  'audiences add',
  'audiences remove',
  'audience',
  'nhsmail',
  'sender',
  'sender add',
  'sender test',
  'sender pause',
  'sender resume',
  'task',
  'task done',
  'task reassign',
  'sender set',
  'bounces',
  'bounces fetch',
  'bounces import',
  'approve',
  'unapprove',
  'occurrence',
  'occurrence pause',
  'occurrence cancel',
  'occurrence skip',
  'occurrence done',
  'send',
  'send test',
  'worker',
  'report',
  'serve',
  'start-web',
  'users',
  'users add',
  'users role',
  'users remove',
  'migrate-to-postgres',
];

/** The arguments a command with --json needs, on the populated workspace below. */
const ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  'audience show': ['all-staff'],
  preview: ['over-quota', '--person', 'sam.jones@northmoor-valley.example'],
  import: ['people', 'staff.csv'],
  'waves results': ['Wave 1'],
  'report wave': ['Wave 1'],
  'waves plan': ['--capacity', '500', '--dry-run'],
  'waves assign': ['sam.jones@northmoor-valley.example', '--wave', 'Wave 2', '--dry-run'],
  backup: ['backup.db'],
};

const sandbox = cliSandbox();
const DB = ['--db', 'demo/commsplan.db'];

beforeAll(async () => {
  expect((await sandbox.run('demo', '--dir', 'demo', '--plan-only')).code).toBe(0);
  writeFileSync(
    join(sandbox.dir, 'staff.csv'),
    'Email,First Name,Last Name,Department,Wave\r\nsam.jones@northmoor-valley.example,Sam,Jones,Pharmacy,Wave 1\r\nali.khan@northmoor-valley.example,Ali,Khan,Estates,Wave 2\r\n',
  );
  expect((await sandbox.run(...DB, 'import', 'people', 'staff.csv')).code).toBe(0);
  writeFileSync(
    join(sandbox.dir, 'mailboxes.csv'),
    'PrimarySmtpAddress,DisplayName,RecipientTypeDetails\r\nsam.jones@northmoor-valley.example,Sam Jones,UserMailbox\r\n',
  );
  expect((await sandbox.run(...DB, 'import', 'mailboxes', 'mailboxes.csv')).code).toBe(0);
  writeFileSync(
    join(sandbox.dir, 'nhsmail.csv'),
    'Email Address,Display Name,Mailbox Size (MB),Quota (MB)\r\nkim.lee@nhs.net,"LEE, Kim (ANOTHER TRUST)",10,4096\r\n',
  );
  expect((await sandbox.run(...DB, 'import', 'nhsmail-accounts', 'nhsmail.csv')).code).toBe(0);
  expect((await sandbox.run(...DB, 'audiences', 'add', 'pharmacy', '--filter', 'department = "Pharmacy"')).code).toBe(0);
  expect(
    (await sandbox.run(...DB, 'sender', 'add', 'local', '--folder', 'outbox', '--from', 'nhsmail@northmoor-valley.example')).code,
  ).toBe(0);
  expect((await sandbox.run(...DB, 'users', 'add', 'lead@northmoor-valley.example', '--role', 'admin')).code).toBe(0);
});
afterAll(() => sandbox.cleanup());

describe('--json', () => {
  it('is offered by every command that is not listed as changing something', () => {
    const unlisted = TREE.filter((command) => !command.offersJson && !WITHOUT_JSON.includes(command.path)).map((c) => c.path);
    expect(unlisted, 'give these commands --json, or list them in WITHOUT_JSON').toEqual([]);
    const stale = WITHOUT_JSON.filter((path) => !TREE.some((command) => command.path === path));
    expect(stale, 'these commands are gone: take them off WITHOUT_JSON').toEqual([]);
  });

  it('covers the read commands the README names', () => {
    const covered = TREE.filter((command) => command.offersJson).map((command) => command.path);
    expect(covered).toEqual(
      expect.arrayContaining([
        'timeline',
        'check',
        'activity list',
        'settings',
        'waves list',
        'closures list',
        'audiences',
        'audience show',
      ]),
    );
  });

  it.each(TREE.filter((command) => command.offersJson).map((command) => command.path))(
    'makes %s print JSON and nothing else',
    async (path) => {
      const result = await sandbox.run(...DB, ...path.split(' '), ...(ARGUMENTS[path] ?? []), '--json');
      expect(result.stderr).toBe('');
      expect([0, 1]).toContain(result.code);
      const parsed: unknown = JSON.parse(result.stdout);
      expect(parsed, 'the populated workspace should give each command something to print').not.toEqual([]);
      expect(typeof parsed).toBe('object');
    },
  );
});
