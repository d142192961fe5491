import { CommsplanError } from '../shared/errors.js';
import { NHSMAIL_ACTIVITIES, NHSMAIL_PHASES } from './nhsmail/nhsmail-activities.js';
import { NHSMAIL_INTRODUCTION } from './nhsmail/nhsmail-introduction.js';
import { NHSMAIL_KEY_MESSAGES } from './nhsmail/nhsmail-key-messages.js';
import { NHSMAIL_TEMPLATES } from './nhsmail/nhsmail-templates.js';
import type { PlanDefinition } from './plan-model.js';

export const NHSMAIL_PLAN: PlanDefinition = {
  id: 'nhsmail',
  title: 'NHSmail migration communications plan',
  introduction: NHSMAIL_INTRODUCTION,
  phases: NHSMAIL_PHASES,
  activities: NHSMAIL_ACTIVITIES,
  keyMessages: NHSMAIL_KEY_MESSAGES,
  templates: NHSMAIL_TEMPLATES,
};

const BUILTIN_PLANS: Readonly<Record<string, PlanDefinition>> = { nhsmail: NHSMAIL_PLAN };

export function builtinPlan(id: string): PlanDefinition {
  const plan = BUILTIN_PLANS[id];
  if (plan) return plan;
  throw new CommsplanError(
    'unknown-plan',
    `There is no built-in plan called "${id}". Available: ${Object.keys(BUILTIN_PLANS).join(', ')}.`,
    {
      field: 'plan',
      value: id,
    },
  );
}

export function phaseOf(plan: PlanDefinition, phaseId: string) {
  return plan.phases.find((phase) => phase.id === phaseId);
}
