/**
 * Just enough MIME (RFC 2045, 2046, 2047) to read a delivery report: header fields, the parts of
 * a multipart body, and each part's text decoded from base64 or quoted-printable. A report is
 * read once and kept small, so everything works on strings in memory. Pure: no I/O.
 */

export interface HeaderField {
  /** Lower-cased. */
  name: string;
  /** Unfolded, encoded words left as they are. */
  value: string;
}

export interface MimePart {
  headers: HeaderField[];
  /** `text/plain`, lower-cased; `text/plain` when the part does not say (RFC 2045). */
  contentType: string;
  params: Readonly<Record<string, string>>;
  /** The body decoded to text: transfer encoding undone, charset applied. Empty for a multipart. */
  text: string;
  /** The parts of a multipart, in order. */
  parts: MimePart[];
}

/** Splits header lines from the body at the first empty line and unfolds them. */
export function splitHeaders(raw: string): { headers: HeaderField[]; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const blank = normalised.search(/\n\n|^\n/);
  const head = blank < 0 ? normalised : normalised.slice(0, blank);
  const body = blank < 0 ? '' : normalised.slice(blank + (normalised[blank + 1] === '\n' ? 2 : 1));
  return { headers: parseFields(head), body };
}

/** `Name: value` lines, with continuation lines (starting with a space or tab) joined on. */
export function parseFields(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((field) => field.name === name)?.value;
}

/** `multipart/report; report-type=delivery-status; boundary="b"` as a type and its parameters. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (!value) return { type: 'text/plain', params: {} };
  const [type = '', ...rest] = splitOutsideQuotes(value, ';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals <= 0) continue;
    const key = param.slice(0, equals).trim().toLowerCase();
    params[key] = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/s, '$1');
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      pieces.push(current);
      current = '';
    } else current += char;
  }
  pieces.push(current);
  return pieces;
}

/** Parts nested deeper than this are not opened: a report is never that deep, a hostile message might be. */
const MAX_DEPTH = 8;

/** Parses a whole message (or a part) into its tree of parts. */
export function parseMime(raw: string, depth = 0): MimePart {
  const { headers, body } = splitHeaders(raw);
  const { type, params } = parseContentType(headerValue(headers, 'content-type'));
  const boundary = params['boundary'];
  if (type.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    return {
      headers,
      contentType: type,
      params,
      text: '',
      parts: splitMultipart(body, boundary).map((part) => parseMime(part, depth + 1)),
    };
  }
  return {
    headers,
    contentType: type,
    params,
    text: decodeBody(body, headerValue(headers, 'content-transfer-encoding'), params['charset']),
    parts: [],
  };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) break;
    if (trimmed === delimiter) {
      if (current) parts.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  return parts;
}

function decodeBody(body: string, encoding: string | undefined, charset: string | undefined): string {
  const kind = encoding?.trim().toLowerCase();
  if (kind === 'base64') return decodeBytes(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'), charset);
  if (kind === 'quoted-printable') return decodeBytes(quotedPrintableBytes(body), charset);
  return body;
}

function quotedPrintableBytes(text: string): Uint8Array {
  const joined = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i] as string;
    const hex = joined.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Uint8Array.from(bytes);
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset?.trim().toLowerCase() || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Undoes RFC 2047 encoded words (`=?utf-8?Q?Caf=C3=A9?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? decodeBytes(Buffer.from(text, 'base64'), charset)
        : decodeBytes(quotedPrintableBytes(text.replace(/_/g, ' ')), charset),
    );
}

/** Every part of the tree, depth first, the root included. */
export function allParts(root: MimePart): MimePart[] {
  return [root, ...root.parts.flatMap(allParts)];
}
