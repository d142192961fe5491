/** How a missing value is marked in rendered text for a page: split out again by `textBlocks`. */
export const MISSING_MARK = '\u0000';
export const markMissing = (name: string) => `${MISSING_MARK}${name}${MISSING_MARK}`;

/** A run of text, or a missing value, described by `describeMissing`. */
export type Segment<Missing> = { text: string } | ({ text: string; missing: string } & Missing);

export type TextBlock<Missing> =
  | { kind: 'heading'; segments: Segment<Missing>[] }
  | { kind: 'paragraph'; lines: Segment<Missing>[][] }
  | { kind: 'list'; ordered: boolean; items: Segment<Missing>[][] };

const BULLET = /^- /;
const NUMBERED = /^\d+\. /;
/** The text version underlines a heading with `-` or `=` as long as its text, up to 70. */
const isHeading = (lines: string[]) =>
  lines.length === 2 && /^(-+|=+)$/.test(lines[1] as string) && (lines[1] as string).length === Math.min((lines[0] as string).length, 70);

/** A line of text with its marked missing values split out. */
export function segmentsOf<Missing>(line: string, describeMissing: (name: string) => { text: string } & Missing): Segment<Missing>[] {
  return line
    .split(MISSING_MARK)
    .map((part, index): Segment<Missing> => (index % 2 === 1 ? { ...describeMissing(part), missing: part } : { text: part }))
    .filter((segment) => segment.text !== '');
}

/**
 * The headings, paragraphs and lists of a rendered message's text version (`renderTemplate(...).text`),
 * for a page to lay out with its own elements instead of showing underlines and dashes.
 */
export function textBlocks<Missing>(text: string, describeMissing: (name: string) => { text: string } & Missing): TextBlock<Missing>[] {
  const segments = (line: string) => segmentsOf(line, describeMissing);
  return text
    .trim()
    .split(/\n{2,}/)
    .map((chunk): TextBlock<Missing> => {
      const lines = chunk.split('\n');
      if (isHeading(lines)) return { kind: 'heading', segments: segments(lines[0] as string) };
      const ordered = lines.every((line) => NUMBERED.test(line));
      if (ordered || lines.every((line) => BULLET.test(line)))
        return { kind: 'list', ordered, items: lines.map((line) => segments(line.replace(ordered ? NUMBERED : BULLET, ''))) };
      return { kind: 'paragraph', lines: lines.map(segments) };
    });
}
