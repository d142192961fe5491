import { placeholdersIn } from '../messages/placeholders.js';
import type { TemplateSource } from '../messages/render-template.js';

/**
 * Each template's placeholder names by template id, read once: `check` asks about every template
 * for every unfilled setting, and reading a template's placeholders is the slow part of `check`.
 */
export function placeholdersByTemplate(templates: readonly TemplateSource[]): ReadonlyMap<string, readonly string[]> {
  const byId = new Map<string, readonly string[]>();
  for (const template of templates) {
    if (!byId.has(template.id)) byId.set(template.id, placeholdersIn(`${template.subject}\n${template.body}`));
  }
  return byId;
}
