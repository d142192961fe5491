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
}

export function mapColumns(headers: readonly string[], specs: readonly ColumnSpec[]): ColumnMapping {
  const positions = new Map<string, number>();
  headers.forEach((header, position) => {
    const key = normaliseColumnName(header);
    if (!positions.has(key)) positions.set(key, position);
  });
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const spec of specs) {
    const found = spec.headers.map((h) => positions.get(normaliseColumnName(h))).find((p) => p !== undefined);
    if (found !== undefined) index.set(spec.field, found);
    else if (spec.required) missing.push(spec.headers[0] as string);
  }
  return { index, missing };
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
