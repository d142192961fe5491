import type { AudiencesOverview } from '../../audiences/manage-audiences.js';
import { count, londonDateTime } from './time-words.js';

/** Each audience's row: its size, its rule, how fresh the data behind it is. */
export function audienceRows(overview: AudiencesOverview) {
  return overview.audiences.map((audience) => ({
    name: audience.name,
    href: `/audiences/${encodeURIComponent(audience.name)}`,
    rule: audience.rule,
    count: count(audience.count),
    dataAsOf: audience.dataAsOf ? londonDateTime(audience.dataAsOf) : audience.sources.length ? 'Not imported' : '',
    warning: audience.warning,
  }));
}
