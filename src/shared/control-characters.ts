/**
 * Characters that can drive a terminal, break a line or change how a line reads: C0 (below
 * U+0020, such as ESC and BEL), DEL, C1 (U+0080 to U+009F, such as CSI), the Unicode line and
 * paragraph separators, and the bidirectional-text controls (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069), which can make `admin` followed by U+202E print backwards.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, less the line feed and the tab that multi-line text (a template's Markdown) may hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const CONTROL_BESIDE_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;

/** True when `text` holds a control character or a line break. */
export function hasControlCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** True when multi-line `text` holds a control character other than a line feed or a tab. */
export function hasControlCharactersBesideLineBreaks(text: string): boolean {
  return CONTROL_BESIDE_LINES.test(text);
}

/** One line of plain text: line breaks and tabs become one space, other control characters go. */
export function withoutControlCharacters(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL, '');
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NOT_ESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text safe to print on a terminal: each control character shown as `\n`, `\t` or `\u001b`, never sent raw. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (character) => NAMED_ESCAPES[character] ?? unicodeEscape(character));
}

/** JSON text with the control characters `JSON.stringify` leaves raw (DEL, C1, U+2028/9, bidi controls) escaped too. */
export function escapeJsonControlCharacters(json: string): string {
  return json.replace(NOT_ESCAPED_BY_JSON, unicodeEscape);
}
