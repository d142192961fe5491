import { resolve } from 'node:path';
import type { Command } from 'commander';
import { previewTemplate } from '../plan/preview-template.js';
import { loadWorkspace } from '../plan/workspace.js';
import { type CliContext, type GlobalOptions, printJson, withStore, workspacePath } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

export function registerMessageCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command('preview <template>')
    .description('Show a template filled in, for one person if you name them; anything missing is marked')
    .option('--person <email>', 'fill the personal fields from this person in the directory')
    .option('--wave <name>', 'fill the wave fields from this wave (default: the person’s wave)')
    .option('--html <file>', 'also write the HTML version to this file')
    .option('--json', 'print JSON')
    .action(async (templateId: string, options: { person?: string; wave?: string; html?: string; json?: boolean }) => {
      const path = workspacePath(context, globals());
      const rendered = await withStore(path, false, async (store) => {
        const workspace = await loadWorkspace(store.db, path, globals().orgId);
        const request = { templateId, person: options.person, wave: options.wave };
        const { personEmail: _, personName: __, ...shown } = await previewTemplate(store, workspace, request, context.now());
        return shown;
      });
      if (options.html) writeOutputFile(resolve(context.cwd, options.html), rendered.html);
      if (options.json) return printJson(context, rendered);
      for (const note of rendered.notes) context.stdout.write(`Note: ${note}\n\n`);
      context.stdout.write(`Subject: ${rendered.subject}\n\n${rendered.text}`);
      if (rendered.missing.length)
        context.stdout.write(`\nNot filled yet (sending would refuse this): ${rendered.missing.map((name) => `((${name}))`).join(', ')}\n`);
    });
}
