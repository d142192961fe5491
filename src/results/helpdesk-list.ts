import { audienceMembers } from '../audiences/audiences.store.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { londonDate } from '../calendar/london-time.js';
import { failedMoveRoute } from '../messages/failed-move-route.js';
import { readTypedSettings } from '../settings/settings.store.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { listWaves } from '../waves/waves.store.js';

/** Someone the failed-migration email sends to the helpdesk, with the waves their move failed in. */
export interface HelpdeskEntry {
  person: string;
  waves: string[];
  why: 'failed twice' | 'no wave left';
}

/**
 * The people the helpdesk moves by hand, as the failed-migration email tells them: those whose
 * move failed twice, and those whose latest move failed with no wave left after it.
 */
export async function helpdeskList(store: Store, organisation: Organisation, now: Date): Promise<HelpdeskEntry[]> {
  const orgId = organisation.id;
  const twice: HelpdeskEntry[] = (await failedTwice(store.db, orgId)).map((entry) => ({ ...entry, why: 'failed twice' }));
  const named = new Set(twice.map((entry) => entry.person));
  const settings = await readTypedSettings(store.db, orgId);
  const { builtAt: _, ...options } = await readDirectory(store, { orgId, settings, now });
  const failed = await audienceMembers(store.db, orgId, parseFilter('failed and gets_nhsmail'), options);
  const waves = await listWaves(store.db, orgId);
  const today = londonDate(now);
  const noWaveLeft: HelpdeskEntry[] = failed
    .filter((person) => !named.has(person.email) && failedMoveRoute(person, false, waves, today).kind === 'helpdesk')
    .map((person) => ({ person: person.email, waves: [person.result_wave ?? person.wave ?? ''], why: 'no wave left' }));
  return [...twice, ...noWaveLeft];
}
