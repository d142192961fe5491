const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
// en-US: en-GB's 12-hour clock writes noon as "0:00 pm".
const LONDON_TIME = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });

const instantOf = (iso: string | null | undefined) => (iso ? new Date(iso) : undefined);
const isReal = (date: Date | undefined): date is Date => date !== undefined && !Number.isNaN(date.getTime());

/** An instant as people here read it: "3 December 2026, 21:20" in London time, for a table cell or after "on". */
export function londonDateTime(iso: string | undefined): string {
  const date = instantOf(iso);
  return isReal(date) ? LONDON.format(date) : (iso ?? '');
}

/** "2:14pm" in London time, as the NHS style guide writes times: no leading zero, am or pm, no space. */
export function londonClockTime(date: Date): string {
  return LONDON_TIME.format(date)
    .toLowerCase()
    .replace(/\s/g, '')
    .replace(/^12:00pm$/, 'midday')
    .replace(/^12:00am$/, 'midnight')
    .replace(/:00(am|pm)$/, '$1');
}

/** "6 March 2027": the day an instant falls on in London. */
export const londonDay = (iso: string) => LONDON_DATE.format(new Date(iso));

/** An instant in a sentence: "2:14pm on 7 December 2026", in London time. Read as "at ..." or on its own. */
export function whenWords(iso: string | null | undefined): string {
  const date = instantOf(iso);
  return isReal(date) ? `${londonClockTime(date)} on ${LONDON_DATE.format(date)}` : (iso ?? '');
}

export const count = (n: number) => n.toLocaleString('en-GB');
