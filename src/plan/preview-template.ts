import { audienceForWave } from '../audiences/audience-names.js';
import { findPerson } from '../audiences/manage-audiences.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { personName } from '../audiences/owner-fields.js';
import { londonDate } from '../calendar/london-time.js';
import { COLLEAGUES_APART_FIELD } from '../messages/colleagues-apart-field.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { type Recipient, recipientFields } from '../messages/recipient-fields.js';
import { fieldValues, type RenderedMessage, type RenderOptions, renderTemplate } from '../messages/render-template.js';
import { CommsplanError } from '../shared/errors.js';
import type { Store } from '../store/store.js';
import { colleaguesOf, readColleaguesApart } from '../waves/colleagues-apart.js';
import type { Workspace } from './workspace.js';

const NOT_CURRENT = {
  disabled: 'their mailbox account is disabled',
  left: 'their leaving date has passed',
  'not-on-staff-list': 'they are not on the staff list',
} as const;

export interface PreviewRequest {
  templateId: string;
  /** Fill the personal fields from the person with this address. */
  person?: string;
  /** Fill the wave fields from this wave (default: the person's wave). */
  wave?: string;
}

/**
 * A template filled in as `commsplan preview` fills it: the settings and programme dates, and for a
 * named person their own fields and wave. Missing values are listed and shown by `options.showMissing`;
 * `notes` say when the person would not be sent this email.
 */
export async function previewTemplate(
  store: Pick<Store, 'db'>,
  workspace: Workspace,
  request: PreviewRequest,
  now: Date,
  options: RenderOptions = {},
): Promise<RenderedMessage & { notes: string[]; personEmail: string | undefined; personName: string | undefined }> {
  const template = workspace.templates.find((t) => t.id === request.templateId.trim());
  if (!template)
    throw new CommsplanError(
      'unknown-template',
      `There is no template "${request.templateId}". Templates: ${workspace.templates.map((t) => t.id).join(', ')}.`,
      { field: 'template', value: request.templateId },
    );
  let recipient: Recipient | undefined;
  const notes: string[] = [];
  const address = request.person?.trim();
  if (address) {
    const reading = { orgId: workspace.organisation.id, settings: workspace.typedSettings, now };
    const audiences = [...new Set(workspace.activities.filter((a) => a.templateIds.includes(template.id)).flatMap((a) => a.audiences))];
    const person = (await findPerson(store, reading, address)).person;
    const wave = request.wave ?? person?.wave ?? '';
    if (person && !wave.trim() && audiences.some((audience) => audienceForWave(audience, '') !== audience))
      throw new CommsplanError(
        'invalid-input',
        `${address} is in no wave, and template ${template.id} goes to the people of a wave: name the wave to preview it for with --wave NAME (commsplan waves lists them).`,
        { field: 'person', value: address },
      );
    const named = audiences.map((audience) => audienceForWave(audience, wave));
    const found = await findPerson(store, reading, address, named);
    if (!found.person) {
      const why = found.notCurrent
        ? ` is not current (${NOT_CURRENT[found.notCurrent]}), so they are in no audience`
        : ' is not in the directory';
      throw new CommsplanError(found.notCurrent ? 'conflict' : 'unknown-person', `${address}${why}.`, { field: 'person', value: address });
    }
    const twice = await failedTwice(store.db, workspace.organisation.id);
    recipient = {
      ...found,
      failedTwice: twice.some((entry) => entry.person === found.person?.email),
      ...(placeholdersIn(`${template.subject}\n${template.body}`).includes(COLLEAGUES_APART_FIELD)
        ? { colleaguesApart: colleaguesOf(await readColleaguesApart(store.db, workspace.organisation.id, now), found.person) }
        : {}),
    };
    if (named.length && found.audiencesIn.length === 0)
      notes.push(`${found.person.email} is not in the audience of this email (${named.join(', ')}): they would not be sent it.`);
  }
  const fields = recipientFields(
    {
      settings: workspace.settings,
      programmeStart: workspace.organisation.programmeStart,
      waves: workspace.waves,
      calendar: workspace.calendar,
      today: londonDate(now),
    },
    recipient,
    request.wave,
  );
  const person = recipient?.person;
  const personNamed = person
    ? (personName({ email: person.email, displayName: person.display_name, firstName: person.first_name, lastName: person.last_name }) ??
      person.email)
    : undefined;
  return { ...renderTemplate(template, fieldValues(fields), options), notes, personEmail: person?.email, personName: personNamed };
}
