/** Column names match ignoring case, spaces, underscores, hyphens and dots. */
export function normaliseColumnName(name: string): string {
  return name
    .replace(/^\ufeff/, '')
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
}

export interface ColumnSpec {
  /** Our name for the field. */
  field: string;
  /** Header names that mean this field, in order of preference, written any way. */
  headers: string[];
  required?: boolean;
}

export interface ColumnMapping {
  /** Field name -> column index. */
  index: Map<string, number>;
  missing: string[];
  /** The required columns that no header matched, with every name each goes by. */
  missingSpecs: ColumnSpec[];
}

export function mapColumns(headers: readonly string[], specs: readonly ColumnSpec[]): ColumnMapping {
  const positions = new Map<string, number>();
  headers.forEach((header, position) => {
    const key = normaliseColumnName(header);
    if (!positions.has(key)) positions.set(key, position);
  });
  const index = new Map<string, number>();
  const missingSpecs: ColumnSpec[] = [];
  for (const spec of specs) {
    const found = spec.headers.map((h) => positions.get(normaliseColumnName(h))).find((p) => p !== undefined);
    if (found !== undefined) index.set(spec.field, found);
    else if (spec.required) missingSpecs.push(spec);
  }
  return { index, missing: missingSpecs.map((spec) => spec.headers[0] as string), missingSpecs };
}

/**
 * What a file lacks, naming every header that would do for each missing column:
 * `no Email column (also accepted: EmailAddress, Mail)`.
 */
export function describeMissingColumns(missing: readonly ColumnSpec[]): string {
  return missing
    .map(({ headers: [first, ...others] }) => `no ${first} column${others.length ? ` (also accepted: ${others.join(', ')})` : ''}`)
    .join(' and ');
}

/** Column names that appear more than once, ignoring case and punctuation. */
export function duplicateColumns(headers: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const header of headers) {
    const key = normaliseColumnName(header);
    if (key === '') continue;
    if (seen.has(key)) duplicates.push(header);
    else seen.set(key, header);
  }
  return duplicates;
}
