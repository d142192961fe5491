/**
 * Characters that can drive a terminal or break a line: C0 (below U+0020, such as ESC and BEL),
 * DEL, C1 (U+0080 to U+009F, such as CSI) and the Unicode line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;

/** True when `text` holds a control character or a line break. */
export function hasControlCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** One line of plain text: line breaks and tabs become one space, other control characters go. */
export function withoutControlCharacters(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL, '');
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NOT_ESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029]/g;

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text safe to print on a terminal: each control character shown as `\n`, `\t` or `\u001b`, never sent raw. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (character) => NAMED_ESCAPES[character] ?? unicodeEscape(character));
}

/** JSON text with the control characters `JSON.stringify` leaves raw (DEL, C1, U+2028/9) escaped too. */
export function escapeJsonControlCharacters(json: string): string {
  return json.replace(NOT_ESCAPED_BY_JSON, unicodeEscape);
}
