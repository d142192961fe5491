import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { audienceForWave } from '../audiences/audience-names.js';
import { findPerson } from '../audiences/manage-audiences.js';
import { type Recipient, recipientFields } from '../messages/recipient-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { loadWorkspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import { type CliContext, type GlobalOptions, printJson, withStore, workspacePath } from './cli-context.js';

const NOT_CURRENT = {
  disabled: 'their mailbox account is disabled',
  left: 'their leaving date has passed',
  'not-on-staff-list': 'they are not on the staff list',
} as const;

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
        let recipient: Recipient | undefined;
        const notes: string[] = [];
        if (options.person) {
          const reading = { orgId: workspace.organisation.id, settings: workspace.typedSettings, now: context.now() };
          const audiences = [
            ...new Set(workspace.activities.filter((a) => a.templateIds.includes(template.id)).flatMap((a) => a.audiences)),
          ];
          const waveOf = async () => options.wave ?? (await findPerson(store, reading, options.person as string)).person?.wave ?? '';
          const wave = await waveOf();
          const named = audiences.map((audience) => audienceForWave(audience, wave));
          const found = await findPerson(store, reading, options.person, named);
          if (!found.person) {
            const why = found.notCurrent
              ? ` is not current (${NOT_CURRENT[found.notCurrent]}), so they are in no audience`
              : ' is not in the directory';
            throw new CommsplanError('invalid-input', `${options.person}${why}.`, { field: 'person', value: options.person });
          }
          recipient = found;
          if (named.length && found.audiencesIn.length === 0)
            notes.push(`${found.person.email} is not in the audience of this email (${named.join(', ')}): they would not be sent it.`);
        }
        const fields = recipientFields(
          {
            settings: workspace.settings,
            programmeStart: workspace.organisation.programmeStart,
            waves: workspace.waves,
            calendar: workspace.calendar,
          },
          recipient,
          options.wave,
        );
        return { ...renderTemplate(template, fieldValues(fields)), notes };
      });
      if (options.html) writeFileSync(resolve(context.cwd, options.html), rendered.html);
      if (options.json) return printJson(context, rendered);
      for (const note of rendered.notes) context.stdout.write(`Note: ${note}\n\n`);
      context.stdout.write(`Subject: ${rendered.subject}\n\n${rendered.text}`);
      if (rendered.missing.length)
        context.stdout.write(`\nNot filled yet (sending would refuse this): ${rendered.missing.map((name) => `((${name}))`).join(', ')}\n`);
    });
}
