import { type Parsed, parseSize } from './value-parsers.js';

/** `Size (MB)`, `Size MB`, `size_mb`, or `SizeMB` written in capitals after the name. */
const UNIT_IN_HEADER = [/(?:\(\s*|[\s_-])(kb|mb|gb|tb)\s*\)?\s*$/i, /[a-z](KB|MB|GB|TB)\s*$/];

/**
 * Reads a size from a column whose name may give the unit, as the NHSmail portal writes
 * `Mailbox Size (MB)`: a bare number there is in that unit (binary, 1 MB = 1024² bytes).
 * A value that names its own unit, or a column without one, reads as `parseSize` does.
 */
export function parseSizeInColumn(raw: string, column: string): Parsed<number | null> {
  const text = raw.trim();
  const unit = UNIT_IN_HEADER.map((pattern) => pattern.exec(column.trim())?.[1]).find(Boolean);
  if (unit && /^\d+(?:[.,]\d+)?$/.test(text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1'))) return parseSize(`${text} ${unit}`);
  return parseSize(text);
}
