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
  /** Things for a reader to tick off, in order. */
  | { kind: 'checklist'; items: string[] }
  /** A short passage set apart from the text around it, such as what a draft still lacks. */
  | { kind: 'note'; text: string }
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
    case 'checklist':
      return block.items.map((item) => `- [ ] ${markdownText(item)}`).join('\n');
    case 'note':
      return `> ${markdownText(block.text)}`;
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

/**
 * How blocks are written as HTML: the plan document uses bare elements; a published page (the
 * information pack) names its classes, turns addresses into links and gives headings ids.
 */
export interface HtmlStyle {
  classes?: Partial<Record<'h1' | 'h2' | 'h3' | 'h4' | 'p' | 'ul' | 'checklist' | 'table' | 'note' | 'dl', string>>;
  /** Web and email addresses in the text become links. */
  linkAddresses?: boolean;
  /** Headings get an id made from their text, so a contents list can link to them. */
  headingIds?: boolean;
}

const ADDRESS = /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Escaped text, with its web and email addresses as links when the style asks for them. */
function inlineHtml(text: string, style: HtmlStyle): string {
  if (!style.linkAddresses) return escapeHtml(text);
  let html = '';
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = match[0];
    const href = address.includes('://') ? address : `mailto:${address}`;
    html += `${escapeHtml(text.slice(last, match.index))}<a href="${escapeHtml(href)}">${escapeHtml(address)}</a>`;
    last = (match.index ?? 0) + address.length;
  }
  return html + escapeHtml(text.slice(last));
}

/** The id a heading gets: its words in lower case, joined by hyphens. */
export function headingId(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}

const classOf = (style: HtmlStyle, element: keyof NonNullable<HtmlStyle['classes']>) => {
  const name = style.classes?.[element];
  return name ? ` class="${escapeHtml(name)}"` : '';
};

function htmlBlock(block: DocumentBlock, style: HtmlStyle): string {
  const text = (value: string) => inlineHtml(value, style);
  switch (block.kind) {
    case 'heading': {
      const id = style.headingIds ? ` id="${headingId(block.text)}"` : '';
      const element = `h${block.level}` as const;
      const classes = element === 'h1' || element === 'h2' || element === 'h3' || element === 'h4' ? classOf(style, element) : '';
      return `<${element}${id}${classes}>${text(block.text)}</${element}>`;
    }
    case 'paragraph':
      return `<p${classOf(style, 'p')}>${text(block.text)}</p>`;
    case 'list':
      return `<ul${classOf(style, 'ul')}>${block.items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`;
    case 'checklist':
      return `<ul${classOf(style, 'checklist')}>${block.items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`;
    case 'note':
      return `<div${classOf(style, 'note')}><p>${text(block.text)}</p></div>`;
    case 'table': {
      // Each cell names its column, so a narrow screen can show a row as a short list.
      const label = (i: number) => (style.classes?.table ? ` data-label="${escapeHtml(block.headers[i] ?? '')}"` : '');
      return `<table${classOf(style, 'table')}>\n<thead><tr>${block.headers.map((h) => `<th scope="col">${text(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${block.rows
        .map((row) => `<tr>${row.map((cell, i) => `<td${label(i)}>${text(cell)}</td>`).join('')}</tr>`)
        .join('\n')}\n</tbody>\n</table>`;
    }
    case 'fields':
      return `<dl${classOf(style, 'dl')}>${block.rows.map(([label, value]) => `<dt>${text(label)}</dt><dd>${text(value)}</dd>`).join('')}</dl>`;
    case 'rich':
      return nestHtmlHeadings(block.html, block.headingLevel);
    case 'email':
      return `<section class="email"><p class="subject"><strong>Subject:</strong> ${escapeHtml(block.subject)}</p>\n${nestHtmlHeadings(block.html, block.headingLevel)}\n</section>`;
  }
}

/** The blocks as an HTML fragment, with no page around them. */
export function blocksToHtml(blocks: readonly DocumentBlock[], style: HtmlStyle = {}): string {
  return blocks.map((block) => htmlBlock(block, style)).join('\n');
}

/** Blocks as an HTML fragment, with no document, styles or scripts around them: to paste into another page. */
export function toHtmlFragment(blocks: DocumentBlock[]): string {
  return `${blocksToHtml(blocks)}\n`;
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
${blocksToHtml(blocks)}
</main>
</body>
</html>
`;
}
