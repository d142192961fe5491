import { formatDate } from '../../calendar/local-date.js';
import { londonDate } from '../../calendar/london-time.js';

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });

/** An instant as people write it, in London time: "2:14pm on 7 December 2026"; '' for none. */
export function timeOnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = LONDON_TIME.format(at).replace(/\s/g, '').toLowerCase();
  return `${time} on ${formatDate(londonDate(at))}`;
}
