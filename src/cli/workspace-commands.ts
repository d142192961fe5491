import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatLongDate } from '../calendar/local-date.js';
import { createSendingDemo } from '../demo/demo-sending.js';
import { checkPlan } from '../plan/check-plan.js';
import { initWorkspace } from '../plan/init-workspace.js';
import { loadWorkspace } from '../plan/workspace.js';
import { isPostgresUrl, printableLocation } from '../store/postgres-location.js';
import { type CliContext, type GlobalOptions, today, withStore, workspacePath } from './cli-context.js';
import { showWhatWouldBeSent } from './demo-sending-output.js';
import { findingsReport, timelineTable } from './plan-commands.js';

/**
 * Builds the demo in a side file and renames it into place, so an interrupted run never
 * leaves a half-made demo behind. Its exports and mail folders sit beside the file. With
 * `database` a PostgreSQL URL, the demo is made there instead, its folders still in `dir`.
 */
export async function ensureDemoWorkspace(
  context: CliContext,
  dir: string,
  options: { planOnly?: boolean; database?: string | undefined } = {},
): Promise<{ path: string; folder: string; created: boolean }> {
  const folder = resolve(context.cwd, dir);
  if (options.database && isPostgresUrl(options.database)) return ensureDemoInDatabase(context, options.database, folder, options);
  const path = join(folder, 'commsplan.db');
  if (existsSync(path)) return { path, folder, created: false };
  mkdirSync(folder, { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  await withStore(partial, true, (store) => createSendingDemo(store, context.now(), today(context), folder, options));
  renameSync(partial, path);
  return { path, folder, created: true };
}

async function ensureDemoInDatabase(
  context: CliContext,
  url: string,
  folder: string,
  options: { planOnly?: boolean },
): Promise<{ path: string; folder: string; created: boolean }> {
  mkdirSync(folder, { recursive: true });
  const made = await withStore(url, true, async (store) => {
    if (await store.db.selectFrom('organisations').select('id').executeTakeFirst()) return false;
    await createSendingDemo(store, context.now(), today(context), folder, options);
    return true;
  });
  return { path: url, folder, created: made };
}

export function registerWorkspaceCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('init')
    .description('Create a workspace with a communications plan')
    .requiredOption('--org <name>', "the organisation's name")
    .requiredOption('--start <date>', 'programme start, YYYY-MM-DD')
    .option('--plan <plan>', 'built-in plan', 'nhsmail')
    .option('--nation <nation>', 'england-and-wales, scotland or northern-ireland (for bank holidays)', 'england-and-wales')
    .action(async (options: { org: string; start: string; plan: string; nation: string }) => {
      const path = workspacePath(context, globals());
      const organisation = await withStore(path, true, (store) => initWorkspace(store, options, context.now()));
      context.stdout.write(
        `Created the ${organisation.planId} plan for ${organisation.name} in ${printableLocation(path)}, starting ${formatLongDate(organisation.programmeStart)}.\n` +
          'Next: add waves (commsplan waves add --start YYYY-MM-DD), fill the settings (commsplan settings), then run commsplan check.\n',
      );
    });

  program
    .command('demo')
    .description(
      'Create the demo workspace for a fictional trust: its plan, made-up people, a local-folder sender and its early emails approved; nothing is sent',
    )
    .option('--dir <dir>', 'folder for the demo workspace', context.config.demoDir)
    .option('--plan-only', 'the filled-in plan and waves only: no people, sender or approvals')
    .action(async (options: { dir: string; planOnly?: boolean }) => {
      const { path, created } = await ensureDemoWorkspace(context, options.dir, { planOnly: options.planOnly, database: globals().db });
      if (options.planOnly || !created) {
        context.stdout.write(
          `${created ? 'Created' : 'Using'} the demo workspace at ${printableLocation(path)}\nTry: commsplan --db ${printableLocation(path)} timeline\n`,
        );
        return;
      }
      context.stdout.write(
        `Created the demo workspace at ${printableLocation(path)}: made-up people, a local-folder sender and its phase 1 and 2 emails approved.\n` +
          `Nothing has been sent. See what would be: commsplan --db ${printableLocation(path)} send plan, or send it: commsplan start --dir ${options.dir}\n`,
      );
    });

  program
    .command('start')
    .description('Open (or create) the demo workspace, show its timeline and check, and send its approved emails into its mail folder')
    .option('--dir <dir>', 'folder for the demo workspace', context.config.demoDir)
    .action(async (options: { dir: string }) => {
      const { path, folder, created } = await ensureDemoWorkspace(context, options.dir, { database: globals().db });
      const workspace = await withStore(path, false, (store) => loadWorkspace(store.db, path));
      context.stdout.write(
        `${created ? 'Created' : 'Opened'} the demo workspace for ${workspace.organisation.name} at ${printableLocation(path)}\n\n`,
      );
      context.stdout.write(`Timeline (${workspace.timeline.length} occurrences)\n\n${timelineTable(workspace)}\n`);
      context.stdout.write(`Check\n\n${findingsReport(checkPlan(workspace, today(context)))}`);
      await showWhatWouldBeSent(context, path, folder);
    });
}
