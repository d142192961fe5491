import { placeholderSource } from '../../messages/known-placeholders.js';
import { workspaceFields } from '../../messages/message-fields.js';
import { fieldValues, renderTemplate } from '../../messages/render-template.js';
import type { KeyMessage } from '../../plan/plan-model.js';
import { findSetting } from '../../settings/setting-catalogue.js';
import { markMissing, segmentsOf, textBlocks } from './text-blocks.js';

/** What a value not set yet asks of the reader: the setting to fill, or the waves to add. */
function notSetYet(name: string) {
  if (placeholderSource(name, false) === 'programme') return { text: 'not set yet', href: '/waves', action: 'add the waves' };
  const setting = findSetting(name.replace(/^not /, '').replace(/ /g, '-'));
  if (!setting) return { text: 'not set yet', href: '/settings', action: `set ${name}` };
  return { text: 'not set yet', href: `/settings#setting-${setting.key}`, action: `set ${setting.label}` };
}

/**
 * Key messages filled with the organisation's settings and waves, as its emails are; a value not
 * set yet says so and links to where it is set, instead of showing its raw placeholder.
 */
export function keyMessageViews(workspace: Parameters<typeof workspaceFields>[0] & { keyMessages: readonly KeyMessage[] }, phase: string) {
  const values = fieldValues(workspaceFields(workspace));
  return workspace.keyMessages
    .filter((message) => message.phase === phase)
    .map((message) => {
      const source = { id: 'key-message', subject: message.heading, body: message.body };
      const rendered = renderTemplate(source, values, { showMissing: markMissing });
      return { heading: segmentsOf(rendered.subject, notSetYet), blocks: textBlocks(rendered.text, notSetYet) };
    });
}
