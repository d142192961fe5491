import { type DocumentBlock, type HeadingLevel, nestTextHeadings } from '../plan-outputs/document-model.js';

/**
 * A rendered message's plain text as blocks: its underlined headings as headings (from `top`
 * down), runs of "- " lines as lists, and the rest as paragraphs split at blank lines, their line breaks kept.
 */
export function textBlocks(text: string, top: HeadingLevel): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (!lines.length) return;
    if (lines.every((line) => /^[-*] /.test(line))) blocks.push({ kind: 'list', items: lines.map((line) => line.slice(2)) });
    else blocks.push({ kind: 'paragraph', text: lines.join('\n') });
    lines = [];
  };
  for (const line of nestTextHeadings(text, top, (plain) => plain)) {
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    const isItem = /^[-*] /.test(line);
    if (heading || line.trim() === '' || (isItem && lines.length && !/^[-*] /.test(lines[0] ?? ''))) flush();
    if (heading) blocks.push({ kind: 'heading', level: (heading[1] as string).length as HeadingLevel, text: heading[2] as string });
    else if (line.trim() !== '') lines.push(line.trim());
  }
  flush();
  return blocks;
}
