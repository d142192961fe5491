/**
 * The small Markdown subset templates may use: paragraphs, `#`/`##` headings, bulleted (`- `)
 * and numbered (`1. `) lists, `**bold**`, `[text](address)` links and bare https:// addresses.
 * Anything else is plain text. Parsing happens before values are filled in, so a value can
 * never add formatting or links of its own.
 */
import { rememberingRecent } from '../shared/recent-results.js';

type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] };

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'link'; href: Inline; children: Inline[] };

/** A block with its text already parsed into inline nodes. */
export type ParsedBlock =
  | { kind: 'heading'; level: 1 | 2; text: Inline[] }
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

/**
 * The blocks of a body with their inline nodes, parsed once for all the messages made from it
 * (a send renders the same few bodies thousands of times, each with other values). The result is
 * shared: callers must not change it.
 */
export const parseDocument: (markdown: string) => readonly ParsedBlock[] = rememberingRecent(64, (markdown) =>
  parseBlocks(markdown).map((block): ParsedBlock => {
    if (block.kind === 'heading') return { kind: 'heading', level: block.level, text: parseInline(block.text) };
    if (block.kind === 'paragraph') return { kind: 'paragraph', lines: block.lines.map(parseInline) };
    return { kind: 'list', ordered: block.ordered, items: block.items.map(parseInline) };
  }),
);

const BULLET = /^[-*] +/;
const NUMBERED = /^\d+\. +/;

function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const chunks = markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const chunk of chunks) {
    const lines = chunk
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) continue;
    blocks.push(...blocksOf(lines));
  }
  return blocks;
}

function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (list) blocks.push({ kind: 'list', ...list });
    paragraph = [];
    list = undefined;
  };
  for (const line of lines) {
    const heading = /^(#{1,2}) +(.*)$/.exec(line);
    const bullet = BULLET.test(line);
    const numbered = NUMBERED.test(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1] === '#' ? 1 : 2, text: heading[2] ?? '' });
    } else if (bullet || numbered) {
      if (paragraph.length || (list && list.ordered !== numbered)) flush();
      list ??= { ordered: numbered, items: [] };
      list.items.push(line.replace(numbered ? NUMBERED : BULLET, ''));
    } else if (list && paragraph.length === 0 && list.items.length) {
      // A line under a list item continues that item.
      list.items[list.items.length - 1] += ` ${line}`;
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

const INLINE = /\(\(([^()]+?)\)\)|\*\*(.+?)\*\*|\[([^\]]+)\]\((\(\([^()]+\)\)|[^()\s]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/g;

function parseInline(text: string): Inline[] {
  const nodes: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push({ kind: 'text', text: text.slice(last, index) });
    const [, field, bold, linkText, linkHref, bare] = match;
    if (field !== undefined) nodes.push({ kind: 'field', name: field });
    else if (bold !== undefined) nodes.push({ kind: 'bold', children: parseInline(bold) });
    else if (linkText !== undefined && linkHref !== undefined)
      nodes.push({ kind: 'link', href: hrefNode(linkHref), children: parseInline(linkText) });
    else if (bare !== undefined) nodes.push({ kind: 'link', href: { kind: 'text', text: bare }, children: [{ kind: 'text', text: bare }] });
    last = index + match[0].length;
  }
  if (last < text.length) nodes.push({ kind: 'text', text: text.slice(last) });
  return nodes;
}

/** A link target is a literal address or one placeholder: `[Guide](((guide url)))`. */
function hrefNode(href: string): Inline {
  return href.startsWith('((') ? { kind: 'field', name: href.slice(2, -2) } : { kind: 'text', text: href };
}
