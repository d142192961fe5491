const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/** An instant as people here read it: "3 December 2026, 21:20" in London time. */
export function londonDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : LONDON.format(date);
}

export const count = (n: number) => n.toLocaleString('en-GB');

const LONDON_TIME = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** An instant as people write it: "2:14pm on 7 December 2026", London time. */
export function timeOnDay(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${LONDON_TIME.format(date).replace(/\s/g, '').toLowerCase()} on ${LONDON_DAY.format(date)}`;
}
