import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { clearSetting, importSettings, setSetting } from '../approvals/change-settings.js';
import { changeMakerOf } from '../approvals/review-approvals.js';
import { settingsToYaml } from '../settings/manage-settings.js';
import { settingStates } from '../settings/settings.js';
import { readSettingValues } from '../settings/settings.store.js';
import { CommsplanError } from '../shared/errors.js';
import { approvalOptions, sayApprovalReview } from './approval-notices.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommsplanError('file-unreadable', `Cannot read ${path}: ${(error as Error).message}`, { file: path });
  }
}

function clearedLine(result: { key: string; value: string | undefined; changed: boolean }): string {
  const now = result.value === undefined ? 'it is not set' : `it is back to its default, ${result.value}`;
  return result.changed ? `${result.key} cleared: ${now}.\n` : `${result.key} had no value of its own, so nothing changed: ${now}.\n`;
}

export function registerSettingsCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const settings = program
    .command('settings')
    .description('List the organisation settings and whether each is filled')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const states = await withOrganisation(context, globals(), async (store, organisation) =>
        settingStates(await readSettingValues(store.db, organisation.id)),
      );
      if (options.json) return printJson(context, states);
      const filled = states.filter((s) => s.filled).length;
      context.stdout.write(
        formatTable(
          ['Setting', 'Type', 'Filled', 'Value'],
          states.map((s) => [s.key, s.type, s.filled ? 'yes' : 'NO', s.value ?? `(${s.help})`]),
        ),
      );
      context.stdout.write(`${filled} of ${states.length} settings filled.\n`);
    });

  approvalOptions(
    settings
      .command('set <key> <value>')
      .description('Set one setting, checked against its type; approved emails that use it must be approved again'),
  ).action(async (key: string, value: string, options: { by?: string; keepApproval?: boolean }) => {
    const saved = await withOrganisation(context, globals(), (store, organisation) =>
      setSetting(store, organisation, key, value, changeMakerOf(options), context.now()),
    );
    context.stdout.write(saved.cleared ? clearedLine(saved) : `${saved.key} = ${saved.value}\n`);
    sayApprovalReview(context, saved);
  });

  approvalOptions(
    settings
      .command('clear <key>')
      .description('Clear an optional setting, or put one back to its default (the same as settings set KEY "")'),
  ).action(async (key: string, options: { by?: string; keepApproval?: boolean }) => {
    const cleared = await withOrganisation(context, globals(), (store, organisation) =>
      clearSetting(store, organisation, key, changeMakerOf(options), context.now()),
    );
    context.stdout.write(clearedLine(cleared));
    sayApprovalReview(context, cleared);
  });

  settings
    .command('export <file>')
    .description('Write the settings to a YAML file for others to review and fill in')
    .action(async (file: string) => {
      const target = resolve(context.cwd, file);
      const yaml = await withOrganisation(context, globals(), async (store, organisation) =>
        settingsToYaml(organisation, await readSettingValues(store.db, organisation.id)),
      );
      writeOutputFile(target, yaml);
      context.stdout.write(`Wrote ${target}\n`);
    });

  approvalOptions(
    settings.command('import <file>').description('Load settings from a YAML file: all of them, or none when any is wrong'),
  ).action(async (file: string, options: { by?: string; keepApproval?: boolean }) => {
    const source = resolve(context.cwd, file);
    const text = readTextFile(source);
    const result = await withOrganisation(context, globals(), (store, organisation) =>
      importSettings(store, organisation, { name: file, text }, changeMakerOf(options), context.now()),
    );
    context.stdout.write(
      `Imported ${file}: ${result.changed.length} changed, ${result.unchanged.length} unchanged, ${result.skipped.length} left empty.\n`,
    );
    sayApprovalReview(context, result);
  });
}
