import { roleAllows } from '../../accounts/role.js';
import { setSetting } from '../../approvals/change-settings.js';
import { listTemplates } from '../../plan/plan.store.js';
import { requireSetting } from '../../settings/setting-catalogue.js';
import type { SettingDefinition } from '../../settings/setting-definition.js';
import { isNotOneLine, SETTING_TYPE_EXPECTS } from '../../settings/setting-types.js';
import { readSettingValues } from '../../settings/settings.store.js';
import { isCommsplanError } from '../../shared/errors.js';
import { approvalNotices, approvalQuery, keepApprovalAsked } from '../approval-notices.js';
import { formField, queryField } from '../form-fields.js';
import type { PageHandler } from '../web-context.js';
import { settingsView } from './settings-view.js';

const canApprove = (request: Parameters<PageHandler>[0]) => (request.user ? roleAllows(request.user.role, 'approver') : false);
const keyOf = (request: Parameters<PageHandler>[0]) => (request.params as { key: string }).key;

export const showSettings: PageHandler = async (request, reply, web) => {
  const { store, organisation } = web;
  const [values, templates] = await Promise.all([readSettingValues(store.db, organisation.id), listTemplates(store.db, organisation.id)]);
  const settings = settingsView(values, templates);
  return reply.page('settings.njk', {
    pageTitle: 'Settings',
    settings,
    unfilled: settings.filter((s) => !s.filled && !s.optional).length,
    canEdit: request.user ? roleAllows(request.user.role, 'editor') : false,
    isAdmin: request.user ? roleAllows(request.user.role, 'admin') : false,
    changed: settings.find((s) => s.key === queryField(request, 'changed')),
    approvals: await approvalNotices(request, web),
  });
};

export const showSettingForm: PageHandler = async (request, reply, web) => {
  const definition = requireSetting(keyOf(request));
  const values = await readSettingValues(web.store.db, web.organisation.id);
  return reply.page('setting-form.njk', {
    pageTitle: `Change ${definition.label}`,
    setting: settingsView(values, []).find((s) => s.key === definition.key),
    canApprove: canApprove(request),
  });
};

export const saveSetting: PageHandler = async (request, reply, web) => {
  const definition = requireSetting(keyOf(request));
  const raw = formField(request, 'clear') === 'yes' ? '' : formField(request, 'value');
  const keepApproval = keepApprovalAsked(request);
  let approvals = '';
  try {
    const saved = await setSetting(
      web.store,
      web.organisation,
      definition.key,
      raw,
      { actor: request.user?.email ?? 'web', keepApproval },
      web.now(),
    );
    approvals = approvalQuery(saved);
  } catch (error) {
    if (!isCommsplanError(error) || error.code !== 'invalid-setting') throw error;
    const values = await readSettingValues(web.store.db, web.organisation.id);
    const setting = settingsView(values, []).find((s) => s.key === definition.key);
    return reply.page(
      'setting-form.njk',
      {
        pageTitle: `Change ${definition.label}`,
        setting,
        raw,
        error: settingProblemInWords(definition, raw),
        errorSummaryShown: true,
        canApprove: canApprove(request),
      },
      400,
    );
  }
  return reply.redirect(`/settings?changed=${encodeURIComponent(definition.key)}${approvals}`, 303);
};

/**
 * What is wrong with a value, named by the setting's label rather than its key (the command line's
 * messages name the key, which people type there).
 */
function settingProblemInWords(definition: SettingDefinition, raw: string): string {
  if (raw.trim() === '') return `Enter the ${lowerFirst(definition.label)}: the emails need it, and it has no default`;
  if (isNotOneLine(raw)) return `${definition.label} must be one line of plain text, without line breaks or control characters`;
  return `${definition.label} must be ${SETTING_TYPE_EXPECTS[definition.type]}`;
}

const lowerFirst = (label: string) => (/^[A-Z][a-z]/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label);
