import { normaliseColumnName } from './column-names.js';

/** The column a mailbox export's employee number is read from when the file has no `EmployeeID`. */
export const EMPLOYEE_NUMBER_HEADER = 'EmployeeID';

/**
 * The headers as the importer should read them: the column the `employee-number-attribute`
 * setting names (a custom attribute such as `CustomAttribute1`) read as the employee number,
 * unless the file also has an `EmployeeID` column, which wins.
 */
export function withEmployeeNumberColumn(headers: readonly string[], column: string | undefined): readonly string[] {
  if (!column) return headers;
  const wanted = normaliseColumnName(column);
  const own = normaliseColumnName(EMPLOYEE_NUMBER_HEADER);
  if (headers.some((header) => normaliseColumnName(header) === own)) return headers;
  return headers.map((header) => (normaliseColumnName(header) === wanted ? EMPLOYEE_NUMBER_HEADER : header));
}
