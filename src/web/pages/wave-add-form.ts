import type { FastifyRequest } from 'fastify';
import { type DateParts, datePartsOf, readDateParts } from '../date-input.js';
import { formField } from '../form-fields.js';

/** A problem with one field of a form: `href` is the input the error summary links to. */
export interface FieldError {
  field: string;
  href: string;
  text: string;
}

/** The "Add a wave" form as typed: shown again, as it was, when something is wrong. */
export interface NewWaveValues {
  name: string;
  start: DateParts;
  end: DateParts;
  capacity: string;
}

/**
 * Reads the form and checks each field on its own, in the words a person would use; what is left
 * (a clash with another wave, a date before the programme) is for `waves add` to say.
 */
export function readNewWave(request: FastifyRequest): {
  values: NewWaveValues;
  errors: FieldError[];
  input: { name: string; start: string; end?: string; capacity?: string };
} {
  const values = {
    name: formField(request, 'name'),
    start: datePartsOf(request, 'start'),
    end: datePartsOf(request, 'end'),
    capacity: formField(request, 'capacity').trim(),
  };
  const errors: FieldError[] = [];
  const start = readDateParts(values.start, 'First day');
  if ('empty' in start) errors.push({ field: 'start', href: '#start-day', text: 'Enter the first day of the wave' });
  if ('error' in start) errors.push({ field: 'start', href: `#start-${start.part}`, text: start.error });
  const end = readDateParts(values.end, 'Last day');
  if ('error' in end) errors.push({ field: 'end', href: `#end-${end.part}`, text: end.error });
  if (values.capacity !== '' && !/^[1-9]\d{0,6}$/.test(values.capacity))
    errors.push({ field: 'capacity', href: '#capacity', text: 'Mailboxes it can move must be a whole number, such as 250' });
  return {
    values,
    errors,
    input: {
      name: values.name,
      start: 'date' in start ? start.date : '',
      ...('date' in end ? { end: end.date } : {}),
      ...(values.capacity ? { capacity: values.capacity } : {}),
    },
  };
}
