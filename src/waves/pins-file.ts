import { normaliseColumnName } from '../directory/column-names.js';
import { openTableFile } from '../directory/read-table-file.js';
import { CommsplanError } from '../shared/errors.js';

/** One row of a pins file: a person or a department, and the wave they must move in. */
export interface PinRow {
  row: number;
  email?: string;
  department?: string;
  wave: string;
}

const EMAIL_COLUMNS = ['emailaddress', 'email', 'primarysmtpaddress', 'userprincipalname', 'mailbox'];

/** Reads `--pins FILE` (CSV or XLSX): `EmailAddress` or `Department`, and `Wave`, on each row. */
export async function readPinsFile(path: string, file: string = path): Promise<PinRow[]> {
  const table = await openTableFile(path, file);
  try {
    const columns = table.headers.map(normaliseColumnName);
    const emailAt = columns.findIndex((column) => EMAIL_COLUMNS.includes(column));
    const departmentAt = columns.indexOf('department');
    const waveAt = columns.indexOf('wave');
    if (waveAt < 0 || (emailAt < 0 && departmentAt < 0))
      throw new CommsplanError(
        'invalid-input',
        `${file}: a pins file needs a Wave column and an EmailAddress or a Department column (it has ${table.headers.join(', ') || 'none'}). Nothing was changed.`,
        { file },
      );
    const pins: PinRow[] = [];
    for await (const batch of table.rowBatches)
      for (const { row, cells } of batch) {
        const email = (cells[emailAt] ?? '').trim();
        const department = (cells[departmentAt] ?? '').trim();
        const wave = (cells[waveAt] ?? '').trim();
        const problem = (field: string, what: string) =>
          new CommsplanError('invalid-input', `${file}, row ${row}, ${field}: ${what} Nothing was changed.`, { file, row, field });
        if (!wave) throw problem(table.headers[waveAt] ?? 'Wave', 'no wave is given.');
        if (email) {
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
            throw problem(table.headers[emailAt] ?? 'EmailAddress', `"${email}" is not an email address.`);
          pins.push({ row, email: email.toLowerCase(), wave });
        } else if (department) pins.push({ row, department, wave });
        else throw problem('EmailAddress', 'the row names neither a person (EmailAddress) nor a department (Department).');
      }
    return pins;
  } finally {
    await table.close();
  }
}
