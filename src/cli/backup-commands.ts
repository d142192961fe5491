import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupWorkspace } from '../store/backup-workspace.js';
import { type CliContext, type GlobalOptions, printJson, workspacePath } from './cli-context.js';

export function registerBackupCommands(program: Command, context: CliContext): void {
  program
    .command('backup <file>')
    .description('Copy the workspace into a new file, safely while the web app or a worker is using it')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const path = workspacePath(context, program.opts<GlobalOptions>());
      const target = resolve(context.cwd, file);
      const { bytes } = await backupWorkspace(path, target);
      if (options.json) return printJson(context, { workspace: path, backup: target, bytes });
      const size = Math.max(1, Math.round(bytes / 1024));
      context.stdout.write(`Backed up ${path} to ${target} (${size} KB).\nOpen the copy with: commsplan --db ${target} timeline\n`);
    });
}
