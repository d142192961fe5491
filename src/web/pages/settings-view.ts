import { placeholdersIn } from '../../messages/placeholders.js';
import type { TemplateSource } from '../../messages/render-template.js';
import { placeholderNameOf } from '../../settings/setting-catalogue.js';
import { SETTING_TYPE_EXPECTS } from '../../settings/setting-types.js';
import { type SettingValues, settingStates } from '../../settings/settings.js';

/** Every setting with its value, whether `check` needs it, and the templates that use it. */
export function settingsView(values: SettingValues, templates: readonly TemplateSource[]) {
  const used = templates.map((template) => ({ id: template.id, names: new Set(placeholdersIn(`${template.subject}\n${template.body}`)) }));
  return settingStates(values).map((state) => {
    const name = placeholderNameOf(state.key);
    return {
      key: state.key,
      label: state.label,
      help: state.help,
      expects: SETTING_TYPE_EXPECTS[state.type],
      value: state.value,
      filled: state.filled,
      optional: Boolean(state.optional),
      /** Whether it has a value of its own that `settings clear` can take away (an optional one, or one with a default). */
      clearable: values[state.key] !== undefined && (Boolean(state.optional) || state.defaultValue !== undefined),
      defaultValue: state.defaultValue,
      usedBy: used.filter((t) => t.names.has(name) || t.names.has(`not ${name}`)).map((t) => t.id),
    };
  });
}
