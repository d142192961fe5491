import { placeholderSource } from '../../messages/known-placeholders.js';
import { workspaceFields } from '../../messages/message-fields.js';
import { fieldValues, renderTemplate } from '../../messages/render-template.js';
import type { KeyMessage } from '../../plan/plan-model.js';
import { findSetting } from '../../settings/setting-catalogue.js';

const MARK = '\u0000';

/** A run of text, or a value not set yet with where to set it. */
type Segment = { text: string } | { text: string; missing: string; href: string; action: string };

type Block = { kind: 'paragraph'; segments: Segment[] } | { kind: 'list'; ordered: boolean; items: Segment[][] };

/** What a missing value asks of the reader: the setting to fill, or the waves to add. */
function whereToSet(name: string): { href: string; action: string } {
  if (placeholderSource(name, false) === 'programme') return { href: '/waves', action: 'add the waves' };
  const key = name.replace(/^not /, '').replace(/ /g, '-');
  const setting = findSetting(key);
  return setting ? { href: `/settings#setting-${setting.key}`, action: `set ${setting.label}` } : { href: '/settings', action: name };
}

function segmentsOf(text: string): Segment[] {
  return text
    .split(MARK)
    .map((part, index): Segment => {
      if (index % 2 === 0) return { text: part };
      return { text: 'not set yet', missing: part, ...whereToSet(part) };
    })
    .filter((segment) => segment.text !== '');
}

const BULLET = /^- /;
const NUMBERED = /^\d+\. /;

/** The rendered text's paragraphs and lists, as the email's text version lays them out. */
function blocksOf(text: string): Block[] {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((chunk): Block => {
      const lines = chunk.split('\n');
      const ordered = lines.every((line) => NUMBERED.test(line));
      if (ordered || lines.every((line) => BULLET.test(line)))
        return { kind: 'list', ordered, items: lines.map((line) => segmentsOf(line.replace(ordered ? NUMBERED : BULLET, ''))) };
      return { kind: 'paragraph', segments: segmentsOf(lines.join(' ')) };
    });
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
      const rendered = renderTemplate({ id: 'key-message', subject: message.heading, body: message.body }, values, {
        showMissing: (name) => `${MARK}${name}${MARK}`,
      });
      return { heading: segmentsOf(rendered.subject), blocks: blocksOf(rendered.text) };
    });
}
