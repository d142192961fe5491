import type { PlanDefinition } from '../plan-model.js';
import { NHSMAIL_ACTIONS_REQUIRED_TEMPLATES } from './nhsmail-actions-required-templates.js';
import { NHSMAIL_POST_MIGRATION_TEMPLATES } from './nhsmail-post-migration-templates.js';
import { NHSMAIL_PRE_MIGRATION_TEMPLATES } from './nhsmail-pre-migration-templates.js';
import { NHSMAIL_RAISING_AWARENESS_TEMPLATES } from './nhsmail-raising-awareness-templates.js';

/** The emails of the NHSmail plan. Placeholders: settings, wave fields and personal fields. */
export const NHSMAIL_TEMPLATES: PlanDefinition['templates'] = [
  ...NHSMAIL_RAISING_AWARENESS_TEMPLATES,
  ...NHSMAIL_ACTIONS_REQUIRED_TEMPLATES,
  ...NHSMAIL_PRE_MIGRATION_TEMPLATES,
  ...NHSMAIL_POST_MIGRATION_TEMPLATES,
];
