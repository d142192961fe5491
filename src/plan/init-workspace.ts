import { isLocalDate } from '../calendar/local-date.js';
import { parseSettingValue } from '../settings/settings.js';
import { writeSettingValue } from '../settings/settings.store.js';
import { CommsplanError } from '../shared/errors.js';
import { NATIONS, type Nation, type Organisation } from '../shared/organisation.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Store } from '../store/store.js';
import { builtinPlan } from './builtin-plans.js';
import { insertOrganisation, insertPlanContent, listOrganisations } from './plan.store.js';

export interface InitInput {
  org: string;
  start: string;
  plan?: string;
  nation?: string;
}

/** `Northmoor Valley NHS Trust` -> `northmoor-valley-nhs-trust`. */
export function organisationIdFor(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'organisation'
  );
}

function parseInitInput(input: InitInput): Organisation {
  const name = requireSingleLineName(input.org, { label: 'The organisation name (--org)', field: 'org' });
  if (name === '') throw new CommsplanError('invalid-input', 'The organisation name (--org) is empty.', { field: 'org' });
  const start = input.start.trim();
  if (!isLocalDate(start)) {
    throw new CommsplanError('invalid-input', `--start "${input.start}" is not a date: write the programme start as YYYY-MM-DD.`, {
      field: 'start',
      value: input.start,
    });
  }
  const nation = (input.nation ?? 'england-and-wales').trim().toLowerCase();
  if (!(NATIONS as readonly string[]).includes(nation)) {
    throw new CommsplanError('invalid-input', `--nation "${input.nation}" is not known: use ${NATIONS.join(', ')}.`, {
      field: 'nation',
      value: input.nation,
    });
  }
  const plan = builtinPlan(input.plan ?? 'nhsmail');
  return { id: organisationIdFor(name), name, nation: nation as Nation, programmeStart: start, planId: plan.id };
}

/** Creates the organisation with a copy of the chosen plan, all in one transaction. */
export async function initWorkspace(store: Store, input: InitInput, now: Date): Promise<Organisation> {
  const organisation = parseInitInput(input);
  const plan = builtinPlan(organisation.planId);
  await store.db.transaction().execute(async (trx) => {
    const existing = await listOrganisations(trx);
    if (existing.length > 0) {
      throw new CommsplanError(
        'workspace-exists',
        `${store.location} already holds the plan for ${existing[0]?.name}. Use another --db path for a new workspace.`,
        { file: store.location },
      );
    }
    await insertOrganisation(trx, organisation, now);
    await insertPlanContent(trx, organisation.id, plan, now);
    const orgName = parseSettingValue('org-name', organisation.name);
    await writeSettingValue(trx, organisation.id, orgName.key, orgName.value, now);
  });
  return organisation;
}
