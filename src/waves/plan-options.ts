import { isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { CommsplanError } from '../shared/errors.js';

export interface PlanOptions {
  capacity?: number;
  capacityGb?: number;
  from?: LocalDate;
  to?: LocalDate;
  skip: LocalDate[];
  keepDepartments: boolean;
  fresh: boolean;
}

export function parsePlanOptions(
  input: {
    capacity?: string;
    capacityGb?: string;
    from?: string;
    to?: string;
    skip?: readonly string[];
    keepDepartments?: boolean;
    fresh?: boolean;
  },
  today: LocalDate,
): PlanOptions {
  const date = (value: string | undefined, field: string): LocalDate | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const trimmed = value.trim();
    if (!isLocalDate(trimmed))
      throw new CommsplanError('invalid-input', `${field} "${value}" is not a date: write it as YYYY-MM-DD, such as 2027-03-06.`, {
        field,
        value,
      });
    return trimmed;
  };
  const from = date(input.from, '--from');
  const to = date(input.to, '--to');
  if ((from === undefined) !== (to === undefined))
    throw new CommsplanError('invalid-input', 'Give both --from and --to to add new weekend waves, or neither.', {
      field: from ? 'to' : 'from',
    });
  if (from && to && to < from)
    throw new CommsplanError('invalid-input', `--to (${to}) comes before --from (${from}).`, { field: 'to', value: to });
  if (to && to <= today)
    throw new CommsplanError('invalid-input', `--to (${to}) is in the past: new waves can only go on weekends still to come.`, {
      field: 'to',
      value: to,
    });
  return {
    capacity: positive(input.capacity, '--capacity', 'a whole number of mailboxes, 1 or more', /^\d{1,9}$/),
    capacityGb: positive(input.capacityGb, '--capacity-gb', 'a number of GB above 0', /^\d{1,7}(\.\d+)?$/),
    from,
    to,
    skip: (input.skip ?? []).map((value) => date(value, '--skip') as LocalDate),
    keepDepartments: input.keepDepartments ?? false,
    fresh: input.fresh ?? false,
  };
}

function positive(value: string | undefined, field: string, what: string, shape: RegExp): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.trim());
  if (!shape.test(value.trim()) || !(number > 0))
    throw new CommsplanError('invalid-input', `${field} "${value}" is not ${what}.`, { field: field.slice(2), value });
  return number;
}
