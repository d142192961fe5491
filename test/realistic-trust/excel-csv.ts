import { exportBytes } from '../../src/directory/export-csv.js';
import { decodeWindows1252 } from '../../src/directory/text-encoding.js';

/** What a name looks like after a round trip through Windows-1252: what the code page cannot hold is `?`. */
export function asWindows1252(text: string): string {
  // Printable ASCII and Latin-1 come back as they were: most names, and the quick way.
  if (/^[ -~\u00a0-\u00ff]*$/.test(text)) return text;
  return decodeWindows1252(exportBytes(text, 'windows-1252'));
}
