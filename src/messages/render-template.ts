import { CommsplanError } from '../shared/errors.js';
import { type Inline, type ParsedBlock, parseDocument } from './markdown.js';
import { isSwitchedOn, normalisePlaceholderName, PLACEHOLDER } from './placeholders.js';

export interface TemplateSource {
  id: string;
  subject: string;
  body: string;
}

export interface RenderedMessage {
  subject: string;
  /** A whole HTML document, ready to send. */
  html: string;
  /** The same content without the document around it, for embedding. */
  bodyHtml: string;
  text: string;
  /** Placeholder names with no value, in order of first use. */
  missing: string[];
}

export interface RenderOptions {
  /** How a missing value reads in the output; previews keep the placeholder so it stands out. */
  showMissing?: (name: string) => string;
}

type Values = ReadonlyMap<string, string>;

/** Makes text safe inside an element or a double-quoted attribute: every <, >, &, " and ' becomes a character reference. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Keys of `values` may be written any way (`first-name`, `First name`); they are normalised. */
export function fieldValues(values: Readonly<Record<string, string | undefined>>): Values {
  const map = new Map<string, string>();
  // An empty string is a value known to be empty (no owners on record): optional content is left
  // out for it, where a value nobody has filled in (undefined) blocks sending.
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) map.set(normalisePlaceholderName(key), value.trim() === '' ? '' : value);
  }
  return map;
}

class Renderer {
  readonly missing = new Set<string>();
  /** Optional content whose switch has no value, already marked: a yes-or-no pair is marked once. */
  private readonly unsetSwitches = new Set<string>();
  constructor(
    private readonly values: Values,
    private readonly showMissing: (name: string) => string,
  ) {}

  /** A value to show: a blank one would leave a gap in the email, so it counts as missing. */
  lookup(rawName: string): string | undefined {
    const name = normalisePlaceholderName(rawName);
    const value = this.values.get(name);
    if (value === undefined || value === '') {
      this.missing.add(name);
      return undefined;
    }
    return value;
  }

  /**
   * Resolves `((name??text))` into the text or nothing; template text only, never values. With no
   * value at all it becomes the plain placeholder, so a preview or a draft shows what to set
   * instead of a gap (`not X` stands for X: the two sides of a yes-or-no setting show one mark).
   */
  expandOptional(source: string): string {
    return source.replace(PLACEHOLDER, (whole, rawName: string, shown: string | undefined) => {
      if (shown === undefined) return whole;
      const name = normalisePlaceholderName(rawName);
      const value = this.values.get(name);
      if (value !== undefined) return isSwitchedOn(value) ? shown : '';
      this.missing.add(name);
      const switchName = name.replace(/^not /, '');
      if (this.unsetSwitches.has(switchName)) return '';
      this.unsetSwitches.add(switchName);
      return `((${switchName}))`;
    });
  }

  plain(source: string): string {
    return this.expandOptional(source).replace(PLACEHOLDER, (_whole, name: string) => {
      const value = this.lookup(name);
      return value === undefined ? this.showMissing(normalisePlaceholderName(name)) : oneLine(value).replace(/\s+/g, ' ');
    });
  }

  /**
   * A list item that is one placeholder alone, whose value has several lines (`- ((shared mailboxes))`),
   * is one item per line. Each line is still only text: it is escaped, never read as Markdown.
   */
  listItems(item: Inline[]): { lines: string[] } | { inline: Inline[] } {
    const fields = item.filter((node) => !(node.kind === 'text' && node.text.trim() === ''));
    const only = fields.length === 1 ? fields[0] : undefined;
    if (only?.kind !== 'field') return { inline: item };
    const value = this.values.get(normalisePlaceholderName(only.name));
    if (value === undefined || !value.includes('\n')) return { inline: item };
    return { lines: linesOf(value) };
  }

  inlineHtml(nodes: Inline[]): string {
    return nodes.map((node) => this.nodeHtml(node)).join('');
  }

  private nodeHtml(node: Inline): string {
    switch (node.kind) {
      case 'text':
        return escapedText(node);
      case 'bold':
        return `<strong>${this.inlineHtml(node.children)}</strong>`;
      case 'field': {
        const value = this.lookup(node.name);
        if (value === undefined) return `<mark>${escapeHtml(this.showMissing(normalisePlaceholderName(node.name)))}</mark>`;
        const href = linkTarget(value);
        return href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(oneLine(value));
      }
      case 'link': {
        const href = linkTarget(this.hrefOf(node.href));
        const label = this.inlineHtml(node.children);
        return href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
      }
    }
  }

  inlineText(nodes: Inline[]): string {
    return nodes.map((node) => this.nodeText(node)).join('');
  }

  private nodeText(node: Inline): string {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'bold':
        return this.inlineText(node.children);
      case 'field': {
        const value = this.lookup(node.name);
        return value === undefined ? this.showMissing(normalisePlaceholderName(node.name)) : oneLine(value);
      }
      case 'link': {
        const label = this.inlineText(node.children);
        const href = this.hrefOf(node.href);
        const target = href.replace(/^mailto:/, '');
        return href === '' || label === target ? label || target : `${label} (${target})`;
      }
    }
  }

  private hrefOf(node: Inline): string {
    if (node.kind === 'field') return this.lookup(node.name) ?? '';
    return node.kind === 'text' ? node.text : '';
  }
}

/** The template's own text, escaped once per parsed node however many messages are made from it. */
const escapedTexts = new WeakMap<Inline, string>();
function escapedText(node: Extract<Inline, { kind: 'text' }>): string {
  let escaped = escapedTexts.get(node);
  if (escaped === undefined) {
    escaped = escapeHtml(node.text);
    escapedTexts.set(node, escaped);
  }
  return escaped;
}

/** The lines of a value that lists things, one a line. */
function linesOf(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A value of several lines used within a sentence: its lines joined with semicolons. */
function oneLine(value: string): string {
  return value.includes('\n') ? linesOf(value).join('; ') : value;
}

/** The address a value links to, or undefined when it is not a web or email address. */
function linkTarget(value: string): string | undefined {
  if (/^https?:\/\/\S+$/i.test(value)) return value;
  if (/^mailto:\S+@\S+$/i.test(value)) return value;
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i.test(value)) return `mailto:${value}`;
  return undefined;
}

function blockHtml(renderer: Renderer, block: ParsedBlock): string {
  switch (block.kind) {
    case 'heading': {
      const tag = block.level === 1 ? 'h1' : 'h2';
      return `<${tag} style="font-size:${block.level === 1 ? 27 : 22}px;margin:24px 0 12px">${renderer.inlineHtml(block.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p style="margin:0 0 16px">${block.lines.map((line) => renderer.inlineHtml(line)).join('<br>\n')}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.flatMap((item) => {
        const expanded = renderer.listItems(item);
        const contents = 'lines' in expanded ? expanded.lines.map(escapeHtml) : [renderer.inlineHtml(expanded.inline)];
        return contents.map((content) => `<li style="margin-bottom:8px">${content}</li>`);
      });
      return `<${tag} style="margin:0 0 16px;padding-left:24px">\n${items.join('\n')}\n</${tag}>`;
    }
  }
}

function blockText(renderer: Renderer, block: ParsedBlock): string {
  switch (block.kind) {
    case 'heading': {
      const text = renderer.inlineText(block.text);
      return `${text}\n${(block.level === 1 ? '=' : '-').repeat(Math.min(text.length, 70))}`;
    }
    case 'paragraph':
      return block.lines.map((line) => renderer.inlineText(line)).join('\n');
    case 'list': {
      const items = block.items.flatMap((item) => {
        const expanded = renderer.listItems(item);
        return 'lines' in expanded ? expanded.lines : [renderer.inlineText(expanded.inline)];
      });
      return items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`).join('\n');
    }
  }
}

/** The email as a whole document; the subject is plain text and is escaped where it goes in. */
function htmlDocument(subject: string, bodyHtml: string): string {
  const safeSubject = escapeHtml(subject);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeSubject}</title>
</head>
<body style="margin:0;padding:0;background:#f0f4f5">
<div role="article" aria-label="${safeSubject}" style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#212b32;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.5">
${bodyHtml}
</div>
</body>
</html>
`;
}

/** Fills a template. Missing values are listed in `missing` and shown by `showMissing`. */
export function renderTemplate(template: TemplateSource, values: Values, options: RenderOptions = {}): RenderedMessage {
  const renderer = new Renderer(values, options.showMissing ?? ((name) => `((${name}))`));
  const subject = renderer.plain(template.subject);
  const blocks = parseDocument(renderer.expandOptional(template.body));
  const bodyHtml = blocks.map((block) => blockHtml(renderer, block)).join('\n');
  const text = `${blocks.map((block) => blockText(renderer, block)).join('\n\n')}\n`;
  return { subject, html: htmlDocument(subject, bodyHtml), bodyHtml, text, missing: [...renderer.missing] };
}

/** Fills a template for sending: refuses when any value is missing. */
export function renderForSending(template: TemplateSource, values: Values): RenderedMessage {
  const rendered = renderTemplate(template, values);
  if (rendered.missing.length > 0) {
    throw new CommsplanError(
      'template-values-missing',
      `Template "${template.id}" cannot be sent: no value for ${rendered.missing.map((name) => `((${name}))`).join(', ')}.`,
      { template: template.id, missing: rendered.missing },
    );
  }
  return rendered;
}
