import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { listBounces, saveImapSettings } from '../bounces/bounces.store.js';
import { fetchBounces, importBounceReports } from '../bounces/collect-bounces.js';
import type { RecordOutcome } from '../bounces/record-bounces.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { describeImap, type ImapOptions, parseImapOptions } from '../senders/imap-settings.js';
import { requireSender } from '../senders/manage-senders.js';
import { recordSenderAudit } from '../senders/senders.store.js';
import { CommsplanError, EXIT_CODES } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';

const CLI_TIMEOUTS = { connectMs: 15_000, answerMs: 30_000 };
const actor = (by: string | undefined) => by?.trim() || 'cli';

/** `bounces`, `bounces fetch`, `bounces import`, and `sender set NAME --imap` (registered after the sender commands). */
export function registerBounceCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const globals = () => program.opts<GlobalOptions>();
  const sender = program.commands.find((command) => command.name() === 'sender');
  if (sender) registerSenderMailbox(sender, context, globals);

  const bounces = program
    .command('bounces')
    .description('Non-delivery reports: read from a sender’s mailbox or from saved files, and listed');

  bounces
    .command('list', { isDefault: true })
    .description('List every bounce recorded, with the message it reports on (or none)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withOrganisation(context, globals(), (store, organisation) => listBounces(store.db, organisation.id));
      const unmatched = list.filter((bounce) => !bounce.messageKey).length;
      if (options.json) return printJson(context, { total: list.length, unmatched, bounces: list });
      if (list.length === 0)
        return void context.stdout.write('No bounces recorded. Read a sender’s mailbox with: commsplan bounces fetch SENDER\n');
      context.stdout.write(
        formatTable(
          ['Recorded', 'Address', 'Kind', 'Status', 'Reason', 'Message', 'From'],
          list.map((b) => [
            b.recordedAt,
            b.address || '-',
            b.kind,
            b.status ?? '-',
            b.reason.length > 80 ? `${b.reason.slice(0, 77)}...` : b.reason,
            b.messageKey ? `${b.occurrenceKey} (${b.messageState})` : 'matches no message',
            b.source,
          ]),
        ),
      );
      if (unmatched) context.stdout.write(`${plural(unmatched, 'bounce')} matched no message commsplan sent; they are kept and listed.\n`);
    });

  bounces
    .command('fetch <sender>')
    .description('Read the new messages in a sender’s mailbox (IMAP) and record the non-delivery reports among them')
    .option('--by <name>', 'who does it, for the audit log (default: cli)')
    .action(async (senderName: string, options: { by?: string }) => {
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        fetchBounces(store, organisation, senderName, {
          env: context.env,
          now: context.now,
          actor: actor(options.by),
          sha256Hex,
          timeouts: CLI_TIMEOUTS,
        }),
      );
      if (!outcome.ok) {
        context.stderr.write(
          `Could not read the mailbox of sender ${senderName} (${outcome.mailbox}): ${outcome.reason}. Nothing was recorded.\n`,
        );
        return setExitCode(EXIT_CODES.mailServer);
      }
      context.stdout.write(`Read ${plural(outcome.read, 'new message')} in the mailbox of ${senderName} (${outcome.mailbox}).\n`);
      sayOutcome(context, outcome);
    });

  bounces
    .command('import <files...>')
    .description('Record saved non-delivery reports (.eml files), as fetch would')
    .option('--by <name>', 'who does it, for the audit log (default: cli)')
    .action(async (files: string[], options: { by?: string }) => {
      const inputs = await Promise.all(
        files.map(async (file) => {
          const path = resolve(context.cwd, file);
          const raw = await readFile(path, 'utf8').catch((error: Error) => {
            throw new CommsplanError('file-unreadable', `${file} cannot be read: ${error.message}. Nothing was recorded.`, { file });
          });
          return { raw, source: `file:${basename(path)}` };
        }),
      );
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        importBounceReports(store, organisation, inputs, { now: context.now, actor: actor(options.by), sha256Hex }),
      );
      context.stdout.write(`Read ${plural(inputs.length, 'file')}.\n`);
      sayOutcome(context, outcome);
    });
}

function sayOutcome(context: CliContext, outcome: RecordOutcome): void {
  const permanent = outcome.recorded.filter((b) => b.kind === 'permanent').length;
  const bounced = outcome.recorded.filter((b) => b.messageBounced).length;
  const unmatched = outcome.recorded.filter((b) => !b.messageKey).length;
  context.stdout.write(
    `Recorded ${plural(outcome.recorded.length, 'bounce')}: ${permanent} permanent, ${outcome.recorded.length - permanent} temporary; ` +
      `${plural(bounced, 'message')} now bounced; ${unmatched} matched no message (kept and listed).\n`,
  );
  for (const b of outcome.recorded) {
    const about = b.messageKey ? (b.messageBounced ? '(message now bounced)' : '(message left as it was)') : '(matches no message)';
    context.stdout.write(`  ${[`${b.address || '(no address)'}:`, b.kind, b.status, about].filter(Boolean).join(' ')}\n`);
  }
  if (outcome.alreadyRecorded)
    context.stdout.write(`${plural(outcome.alreadyRecorded, 'report')} had been recorded before: nothing new.\n`);
  if (outcome.notReports.length) {
    context.stdout.write(`${plural(outcome.notReports.length, 'message')} ignored: not delivery reports.\n`);
    for (const item of outcome.notReports) context.stdout.write(`  ${item.source}: "${item.subject}" (${item.why})\n`);
  }
}

function registerSenderMailbox(sender: Command, context: CliContext, globals: () => GlobalOptions): void {
  sender
    .command('set <name>')
    .description('Say where a sender’s non-delivery reports arrive: its mailbox, read over IMAP (secrets stay in the environment)')
    .requiredOption('--imap <host[:port]>', 'the IMAP server, such as outlook.office365.com (port: 993 for tls, 143 for starttls or none)')
    .option('--imap-security <mode>', 'tls (default), starttls or none')
    .option('--imap-user <name>', 'the account that signs in (default: the sender’s)')
    .option('--imap-password-env <var>', 'the environment variable holding its password (default: the sender’s password or OAuth2)')
    .option('--imap-folder <name>', 'the folder reports arrive in (default INBOX)')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, options: ImapOptions & { by?: string }) => {
      const settings = await withOrganisation(context, globals(), async (store, organisation) => {
        const found = await requireSender(store.db, organisation.id, name);
        const parsed = parseImapOptions(found, options);
        await store.db.transaction().execute(async (trx) => {
          await saveImapSettings(trx, organisation.id, found.name, parsed);
          await recordSenderAudit(trx, organisation.id, {
            at: context.now(),
            actor: actor(options.by),
            action: 'sender-mailbox-set',
            subject: found.name,
            detail: `reports read from ${describeImap(parsed)}${parsed.user ? ` as ${parsed.user}` : ''}`,
          });
        });
        return parsed;
      });
      context.stdout.write(`Sender ${name} reads its non-delivery reports from ${describeImap(settings)}.\n`);
    });
}
