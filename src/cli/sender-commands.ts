import { resolve } from 'node:path';
import type { Command } from 'commander';
import { changeMakerOf } from '../approvals/review-approvals.js';
import { testSender } from '../delivery/test-sender.js';
import { type TransportDependencies, transportForSender } from '../delivery/transport-for-sender.js';
import { addSender, pauseSender, requireSender, resumeSender, sendersOf } from '../senders/manage-senders.js';
import { parseSenderOptions } from '../senders/parse-sender-options.js';
import { describeDestination, describeSignIn, type Sender, type SenderDefinition, type SenderOptions } from '../senders/sender-config.js';
import { EXIT_CODES } from '../shared/errors.js';
import { sayApprovalReview } from './approval-notices.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';

/** Long enough for a distant server, short enough that a wrong host name does not leave a person waiting. */
const CLI_TIMEOUTS = { connectMs: 15_000, answerMs: 30_000 };

type AddOptions = SenderOptions & { default?: boolean; check: boolean; by?: string };

export function registerSenderCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const globals = () => program.opts<GlobalOptions>();
  const dependencies = (): TransportDependencies => ({ env: context.env, now: context.now, timeouts: CLI_TIMEOUTS });
  const actor = (by: string | undefined) => by?.trim() || 'cli';
  const sender = program.command('sender').description('The mailboxes or folders emails go out from, and their limits');

  sender
    .command('list', { isDefault: true })
    .description('List the senders, their limits and whether they are paused')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withOrganisation(context, globals(), (store, organisation) => sendersOf(store, organisation));
      if (options.json) return printJson(context, list);
      if (list.length === 0) return void context.stdout.write('No senders yet. Add one with: commsplan sender add NAME --folder DIR\n');
      context.stdout.write(
        formatTable(['Name', 'Default', 'Sends to', 'From', 'Sign-in', 'Limits', 'State', 'Reports from'], list.map(senderRow)),
      );
    });

  sender
    .command('add <name>')
    .description('Add a sender: a folder of .eml files (--folder) or an SMTP server (--smtp); checks it can connect and sign in first')
    .option('--folder <dir>', 'write each email as an .eml file in this folder instead of sending it')
    .option('--smtp <host[:port]>', 'the SMTP server, such as smtp.office365.com (port: 587 for starttls, 465 for tls, 25 for none)')
    .option('--security <mode>', 'starttls (default), tls or none')
    .option('--from <address>', 'the From address, such as "NHSmail team <nhsmail.project@eastbrook.nhs.uk>"')
    .option('--send-as', 'the account that signs in may send as the From address')
    .option('--user <name>', 'the account that signs in')
    .option('--password-env <var>', 'the environment variable that holds the password (read when sending, never stored)')
    .option('--oauth2-tenant <id>', 'Microsoft 365 tenant id or domain, for OAuth2 client credentials')
    .option('--oauth2-client-id <id>', 'the application (client) id')
    .option('--oauth2-secret-env <var>', 'the environment variable that holds the client secret')
    .option('--oauth2-token-url <url>', 'a token endpoint other than Microsoft’s')
    .option('--per-minute <n>', 'messages a minute (default 30)')
    .option('--per-day <n>', 'recipients in any 24 hours (default 10000)')
    .option('--per-message <n>', 'recipients in one message (default 500)')
    .option('--default', 'make this the default sender (the first sender always is)')
    .option('--no-check', 'store the sender without connecting to it first')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .option('--keep-approval', 'as an approver, confirm a new default sender keeps the approvals of the emails it sends (needs --by)')
    .action(async (name: string, options: AddOptions & { keepApproval?: boolean }) => {
      const folder = options.folder?.trim() ? resolve(context.cwd, options.folder) : options.folder;
      const definition = parseSenderOptions(name, { ...options, folder });
      const maker = changeMakerOf(options);
      const added = await withOrganisation(context, globals(), (store, organisation) =>
        addSender(
          store,
          organisation,
          definition,
          {
            makeDefault: options.default,
            check: options.check ? (candidate) => checkSender(candidate, dependencies()) : undefined,
            keepApproval: maker.keepApproval,
          },
          { now: context.now(), actor: actor(options.by) },
        ),
      );
      context.stdout.write(
        `Added sender ${added.name}${added.isDefault ? ' (the default)' : ''}: ${describeDestination(added)}, from ${added.from}\n`,
      );
      sayApprovalReview(context, added);
    });

  sender
    .command('test <name>')
    .description('Send one test email through a sender, and show what the server answered')
    .requiredOption('--to <address>', 'who gets the test email')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, options: { to: string; by?: string }) => {
      const {
        sender: tested,
        to,
        outcome,
      } = await withOrganisation(context, globals(), async (store, organisation) => {
        const found = await requireSender(store.db, organisation.id, name);
        if (found.pausedAt)
          context.stdout.write(
            `${found.name} is paused (${found.pausedReason}); this test goes anyway. Resume it with: commsplan sender resume ${found.name}\n`,
          );
        return testSender(store, organisation, { name, to: options.to }, dependencies(), { now: context.now(), actor: actor(options.by) });
      });
      if (outcome.ok)
        return void context.stdout.write(`Sent a test email from ${tested.name} to ${to}. The server said: ${outcome.response}\n`);
      context.stdout.write(`The test email from ${tested.name} to ${to} did not go (${outcome.failure.kind}): ${outcome.failure.reason}\n`);
      setExitCode(EXIT_CODES.mailServer);
    });

  sender
    .command('pause <name>')
    .description('Stop a sender sending until it is resumed')
    .requiredOption('--reason <text>', 'why, for the people who will resume it')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, options: { reason: string; by?: string }) => {
      const reason = options.reason.trim();
      const paused = await withOrganisation(context, globals(), (store, organisation) =>
        store.db
          .transaction()
          .execute((trx) => pauseSender(trx, organisation.id, name, reason, { now: context.now(), actor: actor(options.by) })),
      );
      context.stdout.write(paused ? `Paused sender ${name}: ${reason}\n` : `Sender ${name} was already paused; its first reason stays.\n`);
    });

  sender
    .command('resume <name>')
    .description('Let a paused sender send again')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, options: { by?: string }) => {
      const resumed = await withOrganisation(context, globals(), (store, organisation) =>
        store.db.transaction().execute((trx) => resumeSender(trx, organisation.id, name, { now: context.now(), actor: actor(options.by) })),
      );
      context.stdout.write(resumed ? `Resumed sender ${name}\n` : `Sender ${name} was not paused.\n`);
    });
}

async function checkSender(sender: SenderDefinition, dependencies: TransportDependencies) {
  const transport = transportForSender(sender, dependencies);
  try {
    return await transport.verify();
  } finally {
    await transport.close();
  }
}

function senderRow(sender: Sender): string[] {
  const { perMinute, perDay, perMessage } = sender.limits;
  return [
    sender.name,
    sender.isDefault ? 'yes' : '',
    describeDestination(sender),
    sender.from + (sender.sendAs ? ' (send as)' : ''),
    describeSignIn(sender),
    `${perMinute}/min, ${perDay}/day, ${perMessage}/message`,
    sender.pausedAt ? `paused since ${sender.pausedAt}: ${sender.pausedReason}` : 'active',
    sender.reportsFrom ?? '-',
  ];
}
