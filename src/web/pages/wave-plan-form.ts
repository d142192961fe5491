import type { FastifyRequest } from 'fastify';
import { CommsplanError } from '../../shared/errors.js';
import { type PinRow, readPinsFile } from '../../waves/pins-file.js';
import type { PlanWavesInput } from '../../waves/plan-waves.js';
import { isFormRefusal } from '../form-refusal.js';
import { uploadProblem } from '../upload-checks.js';
import { isUploadedFile, uploadLimitOf } from '../uploads.js';
import type { WebContext } from '../web-context.js';

/** The plan form's options as typed, kept as text so a refused form shows them again unchanged. */
export interface PlanFormValues {
  capacity: string;
  capacityGb: string;
  from: string;
  to: string;
  skip: string;
  keepDepartments: boolean;
  fresh: boolean;
}

/** Pins read from an uploaded file, carried in the accept form so that accepting plans with the same ones. */
export interface CarriedPins {
  rows: PinRow[];
  file?: string;
}

const CHECKED = 'yes';

/** The options from a form's body, or a page's address (`read` gives one field, '' when missing). */
export function planFormValues(read: (name: string) => string): PlanFormValues {
  return {
    capacity: read('capacity').trim(),
    capacityGb: read('capacityGb').trim(),
    from: read('from').trim(),
    to: read('to').trim(),
    skip: read('skip').trim(),
    keepDepartments: read('keepDepartments') === CHECKED,
    fresh: read('fresh') === CHECKED,
  };
}

/** The same options as the fields of a form or an address, for the accept form and the "change the options" link. */
export function planFormFields(values: PlanFormValues): Record<string, string> {
  return {
    capacity: values.capacity,
    capacityGb: values.capacityGb,
    from: values.from,
    to: values.to,
    skip: values.skip,
    keepDepartments: values.keepDepartments ? CHECKED : '',
    fresh: values.fresh ? CHECKED : '',
  };
}

/** What `planWaves` takes from the form: weekends to skip may be separated by commas, spaces or new lines. */
export function planInput(values: PlanFormValues, pins: CarriedPins, by: string): PlanWavesInput {
  return {
    capacity: values.capacity,
    capacityGb: values.capacityGb,
    from: values.from,
    to: values.to,
    skip: values.skip.split(/[\s,;]+/).filter(Boolean),
    pins: pins.rows,
    pinsFile: pins.file,
    keepDepartments: values.keepDepartments,
    fresh: values.fresh,
    by,
  };
}

/** The pins file uploaded with the plan form, read; none when no file was chosen. */
export async function uploadedPins(request: FastifyRequest, web: Pick<WebContext, 'config'>): Promise<CarriedPins> {
  const file = (request.body as Record<string, unknown> | undefined)?.pins;
  if (!isUploadedFile(file) || file.fileName === '') return { rows: [] };
  const problem = await uploadProblem(file, uploadLimitOf(web.config));
  if (problem) throw new CommsplanError('invalid-input', problem.message, { field: 'pins' });
  return { rows: await readPinsFile(file.path, file.fileName), file: file.fileName };
}

/** The pins as the accept form carries them (JSON in a hidden field). */
export function pinsField(pins: CarriedPins): string {
  return pins.rows.length ? JSON.stringify(pins.rows) : '';
}

const isPinRow = (value: unknown): value is PinRow => {
  const row = value as PinRow;
  return (
    typeof row === 'object' &&
    row !== null &&
    Number.isInteger(row.row) &&
    typeof row.wave === 'string' &&
    (typeof row.email === 'string' || typeof row.department === 'string')
  );
};

/** The pins back from the accept form; refused when the field is not what the preview wrote. */
export function carriedPins(field: string, file: string): CarriedPins {
  if (field === '') return { rows: [] };
  let rows: unknown;
  try {
    rows = JSON.parse(field);
  } catch {
    rows = undefined;
  }
  if (!Array.isArray(rows) || !rows.every(isPinRow))
    throw new CommsplanError(
      'invalid-input',
      'The pins sent with this form could not be read. Plan again with the pins file. Nothing was changed.',
      {
        field: 'pins',
      },
    );
  return { rows, file: file || undefined };
}

/** Refusals a person can act on from the form; anything else is the server's error page. */
export function isPlanRefusal(error: unknown): error is CommsplanError {
  return isFormRefusal(error, ['unknown-wave', 'invalid-wave', 'file-unreadable']);
}

/** The form field a refusal is about (the CLI's option names and the pins file's columns, as the form calls them). */
const FIELD_OF: Readonly<Record<string, string>> = {
  capacity: 'capacity',
  'capacity-gb': 'capacityGb',
  from: 'from',
  '--from': 'from',
  to: 'to',
  '--to': 'to',
  skip: 'skip',
  '--skip': 'skip',
  pins: 'pins',
  Wave: 'pins',
  EmailAddress: 'pins',
  Department: 'pins',
};

export function planErrorField(error: CommsplanError): string {
  const details = error.details as { field?: string; file?: string };
  if (details.file !== undefined) return 'pins';
  return FIELD_OF[details.field ?? ''] ?? 'capacity';
}
