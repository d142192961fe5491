import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { audienceMembers } from '../audiences/audiences.store.js';
import { audienceOptions } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { recipientFields } from '../messages/recipient-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { loadWorkspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import { type CliContext, type GlobalOptions, printJson, withStore, workspacePath } from './cli-context.js';

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
        const template = workspace.templates.find((t) => t.id === templateId.trim());
        if (!template) {
          throw new CommsplanError(
            'unknown-template',
            `There is no template "${templateId}". Templates: ${workspace.templates.map((t) => t.id).join(', ')}.`,
            { field: 'template', value: templateId },
          );
        }
        let person: Awaited<ReturnType<typeof audienceMembers>>[number] | undefined;
        if (options.person) {
          [person] = await audienceMembers(
            store.db,
            workspace.organisation.id,
            parseFilter(`email = ${JSON.stringify(options.person.trim())}`),
            audienceOptions(workspace.settings).nearingPercent,
          );
          if (!person)
            throw new CommsplanError('invalid-input', `There is no one with the address ${options.person} in the directory.`, {
              field: 'person',
              value: options.person,
            });
        }
        const fields = recipientFields(
          {
            settings: workspace.settings,
            programmeStart: workspace.organisation.programmeStart,
            waves: workspace.waves,
            calendar: workspace.calendar,
          },
          person,
          options.wave,
        );
        return renderTemplate(template, fieldValues(fields));
      });
      if (options.html) writeFileSync(resolve(context.cwd, options.html), rendered.html);
      if (options.json) return printJson(context, rendered);
      context.stdout.write(`Subject: ${rendered.subject}\n\n${rendered.text}`);
      if (rendered.missing.length)
        context.stdout.write(`\nNot filled yet (sending would refuse this): ${rendered.missing.map((name) => `((${name}))`).join(', ')}\n`);
    });
}
