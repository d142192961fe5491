import { escapeHtml } from '../messages/render-template.js';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A document as blocks, so one outline can be written as Markdown or as HTML. Rendered messages
 * (`rich`, `email`) carry the level their own top heading takes, so a `#` in a template sits
 * under the document heading it belongs to.
 */
export type DocumentBlock =
  | { kind: 'heading'; level: HeadingLevel; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'rich'; text: string; html: string; headingLevel: HeadingLevel }
  | { kind: 'email'; subject: string; text: string; html: string; headingLevel: HeadingLevel };

function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** The level a message heading takes: its top heading level (`#`, else `##`) becomes `top`. */
const levelAt = (top: HeadingLevel, level: number, hasLevelOne: boolean) => Math.min(top + level - (hasLevelOne ? 1 : 2), 6);

/** A rendered message's `<h1>`/`<h2>` moved down so its top heading sits at `top`. */
export function nestHtmlHeadings(html: string, top: HeadingLevel): string {
  const hasLevelOne = /<h1\b/.test(html);
  return html.replace(
    /<(\/?)h([12])\b/g,
    (_whole, slash: string, level: string) => `<${slash}h${levelAt(top, Number(level), hasLevelOne)}`,
  );
}

/**
 * A rendered message's text as Markdown lines, its underlined headings (`Title` over `=====` or
 * `-----`, as the text rendering writes them) turned into `#` headings whose top sits at `top`.
 */
export function nestTextHeadings(text: string, top: HeadingLevel, escapeLine: (line: string) => string): string[] {
  const lines = text.trimEnd().split('\n');
  const underlineLevel = (line: string, underline: string | undefined) => {
    if (line === '' || underline === undefined) return undefined;
    const length = Math.min(line.length, 70);
    if (underline === '='.repeat(length)) return 1;
    return underline === '-'.repeat(length) ? 2 : undefined;
  };
  const hasLevelOne = lines.some((line, i) => underlineLevel(line, lines[i + 1]) === 1);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const level = underlineLevel(line, lines[i + 1]);
    if (level === undefined) {
      out.push(escapeLine(line));
    } else {
      out.push(`${'#'.repeat(levelAt(top, level, hasLevelOne))} ${escapeLine(line)}`);
      i += 1;
    }
  }
  return out;
}

function markdownBlock(block: DocumentBlock): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${markdownText(block.text)}`;
    case 'paragraph':
      return markdownText(block.text);
    case 'list':
      return block.items.map((item) => `- ${markdownText(item)}`).join('\n');
    case 'table': {
      const row = (cells: string[]) => `| ${cells.map((cell) => markdownText(cell).replace(/\n/g, ' ')).join(' | ')} |`;
      return [row(block.headers), `|${block.headers.map(() => ' --- |').join('')}`, ...block.rows.map(row)].join('\n');
    }
    case 'fields':
      return block.rows.map(([label, value]) => `**${markdownText(label)}:** ${markdownText(value)}  `).join('\n');
    case 'rich':
      return nestTextHeadings(block.text, block.headingLevel, (line) => line).join('\n');
    case 'email':
      return `**Subject:** ${markdownText(block.subject)}\n\n${nestTextHeadings(block.text, block.headingLevel, markdownText)
        .map((line) => `> ${line}`.trimEnd())
        .join('\n')}`;
  }
}

export function toMarkdown(blocks: DocumentBlock[]): string {
  return `${blocks.map(markdownBlock).join('\n\n')}\n`;
}

function htmlBlock(block: DocumentBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table>\n<thead><tr>${block.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${block.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('\n')}\n</tbody>\n</table>`;
    case 'fields':
      return `<dl>${block.rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
    case 'rich':
      return nestHtmlHeadings(block.html, block.headingLevel);
    case 'email':
      return `<section class="email"><p class="subject"><strong>Subject:</strong> ${escapeHtml(block.subject)}</p>\n${nestHtmlHeadings(block.html, block.headingLevel)}\n</section>`;
  }
}

/** Blocks as an HTML fragment, with no document, styles or scripts around them: to paste into another page. */
export function toHtmlFragment(blocks: DocumentBlock[]): string {
  return `${blocks.map(htmlBlock).join('\n')}\n`;
}

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#212b32;max-width:960px;margin:0 auto;padding:24px;line-height:1.5}
table{border-collapse:collapse;width:100%;font-size:15px}th,td{border:1px solid #d8dde0;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f5}dt{font-weight:bold}dd{margin:0 0 8px}.email{border-left:4px solid #005eb8;padding:0 16px;margin:16px 0;background:#f8fafb}
mark{background:#ffeb3b}`;

export function toHtml(title: string, blocks: DocumentBlock[]): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${blocks.map(htmlBlock).join('\n')}
</main>
</body>
</html>
`;
}
